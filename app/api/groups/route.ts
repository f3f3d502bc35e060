import { requireUser } from "@/lib/auth/session";
import { createGroup, listMyGroups } from "@/lib/groups/groups";
import { groupSchema } from "@/lib/groups/schemas";
import { readJson, route } from "@/lib/http";

// GET /api/groups — the signed-in person's groups
export const GET = route(async () => {
  const user = await requireUser();
  return Response.json({ groups: await listMyGroups(user.id) });
});

// POST /api/groups — create a group; the creator is its facilitator
export const POST = route(async (request) => {
  const user = await requireUser();
  const input = await readJson(request, groupSchema);
  return Response.json({ group: await createGroup(user.id, input) }, { status: 201 });
});
