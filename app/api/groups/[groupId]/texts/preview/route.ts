import { memberOrNotFound } from "@/lib/groups/route-access";
import { parseWith, route } from "@/lib/http";
import { assertMayAdd, previewSource, textSourceSchema } from "@/lib/library/group-texts";
import { readLargeJson } from "@/lib/library/upload";

type Ctx = { params: Promise<{ groupId: string }> };

// POST /api/groups/:groupId/texts/preview — { title, markdown, … } → the paragraphs it will make, or
// what stops it (400 with the problem on `markdown`). Writes nothing; for the editor's live preview.
export const POST = route(async (request, { params }: Ctx) => {
  const user = await memberOrNotFound();
  await assertMayAdd(user.id, (await params).groupId);
  return Response.json(previewSource(parseWith(textSourceSchema, await readLargeJson(request))), { headers: { "Cache-Control": "private, no-store" } });
});
