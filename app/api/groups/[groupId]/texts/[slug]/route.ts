import { z } from "zod";
import { notFound } from "@/lib/errors";
import { getGroup } from "@/lib/groups/groups";
import { memberOrNotFound } from "@/lib/groups/route-access";
import { parseWith, route } from "@/lib/http";
import { versionBlocks } from "@/lib/annotations/version-blocks";
import { discardDraft, retireGroupText, saveGroupText, textSourceSchema } from "@/lib/library/group-texts";
import { getReadingText } from "@/lib/library/queries";
import { readLargeJson } from "@/lib/library/upload";

type Ctx = { params: Promise<{ groupId: string; slug: string }> };

const headers = { "Cache-Control": "private, no-store" };

const saveSchema = textSourceSchema.extend({ draft: z.boolean({ error: "draft must be true or false." }).default(false) }).strict();
const retireSchema = z.object({ retired: z.boolean({ error: "retired must be true or false." }) }).strict();

// GET /api/groups/:groupId/texts/:slug — a text this group reads (shared or its own), as /api/texts/:slug gives it
export const GET = route(async (_request, { params }: Ctx) => {
  const user = await memberOrNotFound();
  const { groupId, slug } = await params;
  const group = await getGroup(user.id, groupId);
  const text = await getReadingText(slug, group.id, user.id);
  if (!text) throw notFound("That text");
  const blocks = (await versionBlocks(text.versionId)).filter((b) => b.kind !== "footnote").map((b) => ({ id: b.id, kind: b.kind, text: b.plainText }));
  // A long text's chapters, as ranges of these blocks, for planning a week in chapters.
  const chapters = text.chapters?.map((c) => ({ n: c.n, title: c.title, start: c.start, end: c.end })) ?? null;
  return Response.json({ slug: text.slug, title: text.title, versionId: text.versionId, own: text.own, retired: text.retired, blocks, chapters }, { headers });
});

// PUT /api/groups/:groupId/texts/:slug — new source for the group's own text: published as its next
// version (notes carried over), or with draft: true kept as the draft
export const PUT = route(async (request, { params }: Ctx) => {
  const user = await memberOrNotFound();
  const { groupId, slug } = await params;
  const { draft, ...source } = parseWith(saveSchema, await readLargeJson(request));
  const result = await saveGroupText(user.id, groupId, slug, source, { publish: !draft });
  return Response.json(result, { headers });
});

// PATCH /api/groups/:groupId/texts/:slug — { retired } takes the text out of the library or brings it back
export const PATCH = route(async (request, { params }: Ctx) => {
  const user = await memberOrNotFound();
  const { groupId, slug } = await params;
  const { retired } = parseWith(retireSchema, await readLargeJson(request));
  return Response.json(await retireGroupText(user.id, groupId, slug, retired), { headers });
});

// DELETE /api/groups/:groupId/texts/:slug — throws away the draft (and the text, if it was never published)
export const DELETE = route(async (_request, { params }: Ctx) => {
  const user = await memberOrNotFound();
  const { groupId, slug } = await params;
  return Response.json(await discardDraft(user.id, groupId, slug), { headers });
});
