import { memberOrNotFound } from "@/lib/groups/route-access";
import { parseWithPaths, readJsonObject, route } from "@/lib/http";
import { createReading, listReadings } from "@/lib/readings/readings";
import { readingSchema } from "@/lib/readings/schemas";

type Ctx = { params: Promise<{ groupId: string }> };

const headers = { "Cache-Control": "private, no-store" };

// GET /api/groups/:groupId/readings — the schedule in order, with my progress and the group's
export const GET = route(async (_request, { params }: Ctx) => {
  const user = await memberOrNotFound();
  return Response.json(await listReadings(user.id, (await params).groupId), { headers });
});

// POST /api/groups/:groupId/readings — add a week (facilitators); members are notified
export const POST = route(async (request, { params }: Ctx) => {
  const user = await memberOrNotFound();
  const { groupId } = await params;
  const reading = await createReading(user.id, groupId, parseWithPaths(readingSchema, await readJsonObject(request)));
  return Response.json({ reading }, { status: 201, headers });
});
