import { memberOrNotFound } from "@/lib/groups/route-access";
import { parseWith, route } from "@/lib/http";
import { tagListSchema } from "@/lib/search/schemas";
import { listTags, queryOf } from "@/lib/search/search";

type Ctx = { params: Promise<{ groupId: string }> };

// GET /api/groups/:groupId/tags?text=:slug — the tags of the notes and replies this member may see, with counts, most used first
export const GET = route(async (request, { params }: Ctx) => {
  const user = await memberOrNotFound();
  const { groupId } = await params;
  const { text } = parseWith(tagListSchema, queryOf(request));
  return Response.json(await listTags(user.id, groupId, { text }), { headers: { "Cache-Control": "private, no-store" } });
});
