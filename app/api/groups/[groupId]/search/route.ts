import { memberOrNotFound } from "@/lib/groups/route-access";
import { parseWith, route } from "@/lib/http";
import { searchSchema } from "@/lib/search/schemas";
import { queryOf, searchGroup } from "@/lib/search/search";

type Ctx = { params: Promise<{ groupId: string }> };

// GET /api/groups/:groupId/search?q=…&text=&tag=&kind=&state=&author=&mine=1&from=&to=&cursor=&limit= — texts, notes and replies this member may see
export const GET = route(async (request, { params }: Ctx) => {
  const user = await memberOrNotFound();
  const { groupId } = await params;
  const page = await searchGroup(user.id, groupId, parseWith(searchSchema, queryOf(request)));
  return Response.json(page, { headers: { "Cache-Control": "private, no-store" } });
});
