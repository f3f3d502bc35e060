import { memberOrNotFound } from "@/lib/groups/route-access";
import { parseWith, readJsonObject, route } from "@/lib/http";
import { recordProgress } from "@/lib/readings/readings";
import { progressSchema } from "@/lib/readings/schemas";

type Ctx = { params: Promise<{ groupId: string; readingId: string }> };

// POST /api/groups/:groupId/readings/:readingId/progress {blockId} — I have read this far (only ever grows)
export const POST = route(async (request, { params }: Ctx) => {
  const user = await memberOrNotFound();
  const { groupId, readingId } = await params;
  const { blockId } = parseWith(progressSchema, await readJsonObject(request));
  return Response.json(await recordProgress(user.id, groupId, readingId, blockId));
});
