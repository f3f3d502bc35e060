import { revokeInvite } from "@/lib/groups/invites";
import { memberOrNotFound } from "@/lib/groups/route-access";
import { route } from "@/lib/http";

// DELETE /api/groups/:groupId/invites/:inviteId — withdraw an invitation (facilitators)
export const DELETE = route(async (_request, { params }: { params: Promise<{ groupId: string; inviteId: string }> }) => {
  const user = await memberOrNotFound();
  const { groupId, inviteId } = await params;
  await revokeInvite(user.id, groupId, inviteId);
  return new Response(null, { status: 204 });
});
