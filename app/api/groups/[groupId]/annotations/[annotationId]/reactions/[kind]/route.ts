import { setReaction } from "@/lib/discussion/threads";
import { reactionKindSchema } from "@/lib/discussion/schemas";
import { memberOrNotFound } from "@/lib/groups/route-access";
import { parseWith, route } from "@/lib/http";

type Ctx = { params: Promise<{ groupId: string; annotationId: string; kind: string }> };

// PUT /api/groups/:groupId/annotations/:annotationId/reactions/:kind — react (again: no change)
export const PUT = route(async (_request, { params }: Ctx) => {
  const user = await memberOrNotFound();
  const { groupId, annotationId, kind } = await params;
  const reactions = await setReaction(user.id, groupId, annotationId, parseWith(reactionKindSchema, kind), true);
  return Response.json({ reactions });
});

// DELETE /api/groups/:groupId/annotations/:annotationId/reactions/:kind — take the reaction back
export const DELETE = route(async (_request, { params }: Ctx) => {
  const user = await memberOrNotFound();
  const { groupId, annotationId, kind } = await params;
  const reactions = await setReaction(user.id, groupId, annotationId, parseWith(reactionKindSchema, kind), false);
  return Response.json({ reactions });
});
