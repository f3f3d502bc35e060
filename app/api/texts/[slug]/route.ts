import { notFound } from "@/lib/errors";
import { route } from "@/lib/http";
import { getReadingText } from "@/lib/library/queries";
import { versionBlocks } from "@/lib/annotations/version-blocks";

type Ctx = { params: Promise<{ slug: string }> };

// GET /api/texts/:slug — a library text's blocks as plain text (the library is public),
// for choosing a week's range and pinning prompts in the schedule editor.
export const GET = route(async (_request, { params }: Ctx) => {
  const text = await getReadingText((await params).slug);
  if (!text) throw notFound("That text");
  return Response.json(
    { slug: text.slug, title: text.title, versionId: text.versionId, blocks: await blocksOf(text.versionId) },
    { headers: { "Cache-Control": "public, max-age=60" } },
  );
});

async function blocksOf(versionId: string) {
  return (await versionBlocks(versionId)).filter((b) => b.kind !== "footnote").map((b) => ({ id: b.id, kind: b.kind, text: b.plainText }));
}
