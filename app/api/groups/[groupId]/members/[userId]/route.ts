import { z } from "zod";
import { removeMember, setRole } from "@/lib/groups/groups";
import { memberOrNotFound } from "@/lib/groups/route-access";
import { roleSchema } from "@/lib/groups/schemas";
import { readJson, route } from "@/lib/http";

type Ctx = { params: Promise<{ groupId: string; userId: string }> };

// PATCH /api/groups/:groupId/members/:userId — promote or demote (facilitators)
export const PATCH = route(async (request, { params }: Ctx) => {
  const user = await memberOrNotFound();
  const { groupId, userId } = await params;
  const { role } = await readJson(request, z.object({ role: roleSchema }));
  await setRole(user.id, groupId, userId, role);
  return Response.json({ ok: true });
});

// DELETE /api/groups/:groupId/members/:userId — remove a member (facilitators), or leave (yourself)
export const DELETE = route(async (_request, { params }: Ctx) => {
  const user = await memberOrNotFound();
  const { groupId, userId } = await params;
  await removeMember(user.id, groupId, userId);
  return new Response(null, { status: 204 });
});
