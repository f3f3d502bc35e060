import { originOf } from "@/lib/annotations/jsonld";
import { exportResponse } from "@/lib/export/response";
import { groupExportSchema } from "@/lib/export/schemas";
import { memberOrNotFound } from "@/lib/groups/route-access";
import { parseWith, route } from "@/lib/http";
import { queryOf } from "@/lib/search/search";

type Ctx = { params: Promise<{ groupId: string }> };

// GET /api/groups/:groupId/export?format=jsonld|markdown|csv[&text=slug][&mine=1] — the notes
// this member may read, as a download: a text's, their own, or (facilitators) the whole group's.
export const GET = route(async (request, { params }: Ctx) => {
  const user = await memberOrNotFound();
  const { groupId } = await params;
  const input = parseWith(groupExportSchema, queryOf(request));
  const url = new URL(`/api/groups/${groupId}/export`, originOf(request));
  url.searchParams.set("format", input.format);
  if (input.text) url.searchParams.set("text", input.text);
  if (input.mine) url.searchParams.set("mine", "1");
  return exportResponse({ kind: "group", userId: user.id, groupId, text: input.text, mine: input.mine ?? false }, input.format, originOf(request), url.href);
});
