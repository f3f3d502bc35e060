import { memberOrNotFound } from "@/lib/groups/route-access";
import { route } from "@/lib/http";
import { participation } from "@/lib/readings/meeting";

type Ctx = { params: Promise<{ groupId: string; readingId: string }> };

// GET /api/groups/:groupId/readings/:readingId/participation — per member and per paragraph (facilitators)
export const GET = route(async (_request, { params }: Ctx) => {
  const user = await memberOrNotFound();
  const { groupId, readingId } = await params;
  const { reading, members, heat } = await participation(user.id, groupId, readingId);
  return Response.json({ reading: { ...reading, blockIds: undefined }, members, heat }, { headers: { "Cache-Control": "private, no-store" } });
});
