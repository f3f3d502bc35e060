import { listMembers } from "@/lib/groups/groups";
import { memberOrNotFound } from "@/lib/groups/route-access";
import { route } from "@/lib/http";

// GET /api/groups/:groupId/members — who is in the group (members only)
export const GET = route(async (_request, { params }: { params: Promise<{ groupId: string }> }) => {
  const user = await memberOrNotFound();
  return Response.json({ members: await listMembers(user.id, (await params).groupId) });
});
