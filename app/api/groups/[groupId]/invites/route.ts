import { z } from "zod";
import { createInvite, invitePath, inviteByEmail, listInvites } from "@/lib/groups/invites";
import { memberOrNotFound } from "@/lib/groups/route-access";
import { inviteByEmailSchema, inviteSchema } from "@/lib/groups/schemas";
import { readJson, route } from "@/lib/http";

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
  const input = await readJson(request, z.union([inviteByEmailSchema, inviteSchema]));
  const origin = new URL(request.url).origin;
  const invite =
    "email" in input ? await inviteByEmail(user, groupId, input, origin) : await createInvite(user.id, groupId, input);
  return Response.json(
    { invite: { id: invite.id, expiresAt: invite.expiresAt, url: new URL(invitePath(invite.token), origin).toString() } },
    { status: 201 },
  );
});
