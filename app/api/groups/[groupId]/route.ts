import { getGroup, updateGroup } from "@/lib/groups/groups";
import { groupPatchSchema } from "@/lib/groups/schemas";
import { readJson, route } from "@/lib/http";
import { memberOrNotFound } from "@/lib/groups/route-access";

type Ctx = { params: Promise<{ groupId: string }> };

// GET /api/groups/:groupId — the group and the caller's role (members only)
export const GET = route(async (_request, { params }: Ctx) => {
  const user = await memberOrNotFound();
  return Response.json({ group: await getGroup(user.id, (await params).groupId) });
});

// PATCH /api/groups/:groupId — rename or describe the group; fields not sent stay as they are (facilitators)
export const PATCH = route(async (request, { params }: Ctx) => {
  const user = await memberOrNotFound();
  const { groupId } = await params;
  await updateGroup(user.id, groupId, await readJson(request, groupPatchSchema));
  return Response.json({ group: await getGroup(user.id, groupId) });
});
