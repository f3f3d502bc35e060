import { memberOrNotFound } from "@/lib/groups/route-access";
import { route } from "@/lib/http";
import { restoreReading } from "@/lib/readings/readings";

type Ctx = { params: Promise<{ groupId: string; readingId: string }> };

// POST /api/groups/:groupId/readings/:readingId/restore — put a removed week back (facilitators)
export const POST = route(async (_request, { params }: Ctx) => {
  const user = await memberOrNotFound();
  const { groupId, readingId } = await params;
  return Response.json({ reading: await restoreReading(user.id, groupId, readingId) });
});
