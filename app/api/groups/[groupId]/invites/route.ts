import { createInvite, inviteByEmail, inviteUrl, listInvites } from "@/lib/groups/invites";
import { memberOrNotFound } from "@/lib/groups/route-access";
import { inviteByEmailSchema, inviteSchema } from "@/lib/groups/schemas";
import { parseWith, readJsonObject, route } from "@/lib/http";

type Ctx = { params: Promise<{ groupId: string }> };

// GET /api/groups/:groupId/invites — open invitations (facilitators)
export const GET = route(async (_request, { params }: Ctx) => {
  const user = await memberOrNotFound();
  return Response.json({ invites: await listInvites(user.id, (await params).groupId) });
});

// POST /api/groups/:groupId/invites — a new invitation link, or one sent by email (facilitators)
export const POST = route(async (request, { params }: Ctx) => {
  const user = await memberOrNotFound();
  const { groupId } = await params;
  // A body naming an email is an invitation by email, and must be a valid one.
  const body = await readJsonObject(request);
  // The link names the app's configured address, never the one this request came to.
  const invite =
    "email" in body
      ? await inviteByEmail(user, groupId, parseWith(inviteByEmailSchema, body))
      : await createInvite(user.id, groupId, parseWith(inviteSchema, body));
  return Response.json(
    { invite: { id: invite.id, expiresAt: invite.expiresAt, url: inviteUrl(invite.token) } },
    { status: 201 },
  );
});
