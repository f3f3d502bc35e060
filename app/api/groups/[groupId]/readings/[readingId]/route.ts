import { memberOrNotFound } from "@/lib/groups/route-access";
import { parseWithPaths, readJsonObject, route } from "@/lib/http";
import { deleteReading, getReading, updateReading } from "@/lib/readings/readings";
import { readingSchema } from "@/lib/readings/schemas";

type Ctx = { params: Promise<{ groupId: string; readingId: string }> };

const headers = { "Cache-Control": "private, no-store" };

// GET /api/groups/:groupId/readings/:readingId — one week, with its range's blocks and my progress
export const GET = route(async (_request, { params }: Ctx) => {
  const user = await memberOrNotFound();
  const { groupId, readingId } = await params;
  return Response.json({ reading: await getReading(user.id, groupId, readingId) }, { headers });
});

// PUT /api/groups/:groupId/readings/:readingId — the week as the editor now has it (facilitators)
export const PUT = route(async (request, { params }: Ctx) => {
  const user = await memberOrNotFound();
  const { groupId, readingId } = await params;
  const input = parseWithPaths(readingSchema, await readJsonObject(request));
  return Response.json({ reading: await updateReading(user.id, groupId, readingId, input) }, { headers });
});

// DELETE /api/groups/:groupId/readings/:readingId — take the week off the schedule (undo: POST …/restore)
export const DELETE = route(async (_request, { params }: Ctx) => {
  const user = await memberOrNotFound();
  const { groupId, readingId } = await params;
  await deleteReading(user.id, groupId, readingId);
  return new Response(null, { status: 204 });
});
