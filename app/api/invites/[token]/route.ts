import { requireUser } from "@/lib/auth/session";
import { acceptInvite } from "@/lib/groups/invites";
import { route } from "@/lib/http";
import { clientAddress } from "@/lib/rate-limit";

// POST /api/invites/:token — join the group an invitation is for
export const POST = route(async (request, { params }: { params: Promise<{ token: string }> }) => {
  const user = await requireUser();
  const { groupId } = await acceptInvite(user.id, (await params).token, clientAddress(request.headers));
  return Response.json({ groupId });
});
