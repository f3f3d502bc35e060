// Publishing a parsed text as a text's next version, and carrying its notes over: shared
// by the library's loader (content/texts/ at start-up) and a group's texts edited in the app.
import type { Prisma } from "@/lib/generated/prisma/client";
import { reanchorAll } from "@/lib/anchoring/reanchor";
import type { AnchorBlock, AnchorState } from "@/lib/anchoring/types";
import type { ParsedText } from "./blocks";

type Tx = Prisma.TransactionClient;

/**
 * Publishes a parsed text as the next version of `textId`, in the caller's transaction:
 * the version row, its blocks, the text's pointer to it and — when the text had notes
 * before — every note carried over to it (see reanchorText). `markdown` is kept on the
 * version for texts edited in the app.
 */
export async function publishVersion(
  tx: Tx,
  textId: string,
  parsed: Pick<ParsedText, "frontMatter" | "blocks" | "wordCount" | "contentHash">,
  options: { carryNotes: boolean; markdown?: string },
): Promise<{ versionId: string; number: number; reanchored: Record<AnchorState, number> | null }> {
  const last = await tx.textVersion.aggregate({ where: { textId }, _max: { number: true } });
  const fm = parsed.frontMatter;
  const number = (last._max.number ?? 0) + 1;
  const version = await tx.textVersion.create({
    data: {
      textId,
      number,
      contentHash: parsed.contentHash,
      title: fm.title,
      titleEditorial: fm.titleEditorial,
      author: fm.author ?? null,
      year: fm.year ?? null,
      published: fm.published ?? null,
      source: fm.source ?? null,
      licence: fm.licence ?? null,
      credits: fm.credits ?? [],
      wordCount: parsed.wordCount,
      markdown: options.markdown ?? null,
    },
    select: { id: true },
  });
  await tx.block.createMany({
    data: parsed.blocks.map((block, position) => ({
      versionId: version.id,
      id: block.id,
      position,
      kind: block.kind,
      level: block.level,
      content: block.content,
      plainText: block.plainText,
      attrs: block.attrs,
    })),
  });
  await tx.text.update({ where: { id: textId }, data: { currentVersionId: version.id } });
  const reanchored = options.carryNotes ? await reanchorText(tx, textId, version.id, parsed.blocks.map(({ id, plainText }) => ({ id, plainText }))) : null;
  return { versionId: version.id, number, reanchored };
}

/**
 * Carries every annotation on a text (deleted ones too, so an undo still works) to
 * its new version, in the same transaction that publishes the version. A note whose
 * words cannot be found becomes an orphan: it keeps its quote and loses only its place.
 */
async function reanchorText(tx: Tx, textId: string, versionId: string, newBlocks: AnchorBlock[]) {
  const counts: Record<AnchorState, number> = { exact: 0, moved: 0, orphan: 0 };
  const notes = await tx.annotation.findMany({
    where: { textId, versionId: { not: versionId } },
    select: {
      id: true,
      versionId: true,
      startBlockId: true,
      startOffset: true,
      endBlockId: true,
      endOffset: true,
      exact: true,
      prefix: true,
      suffix: true,
      anchorState: true,
    },
  });
  const byVersion = new Map<string, typeof notes>();
  for (const note of notes) {
    const list = byVersion.get(note.versionId);
    if (list) list.push(note);
    else byVersion.set(note.versionId, [note]);
  }
  const updates: { id: string; state: AnchorState; s: string | null; so: number | null; e: string | null; eo: number | null; exact: string; prefix: string; suffix: string }[] = [];
  for (const [oldVersionId, group] of byVersion) {
    const oldBlocks = await tx.block.findMany({ where: { versionId: oldVersionId }, orderBy: { position: "asc" }, select: { id: true, plainText: true } });
    const placed = group.filter((n) => n.anchorState !== "orphan" && n.startBlockId !== null && n.endBlockId !== null);
    const results = reanchorAll(
      placed.map((n) => ({
        startBlockId: n.startBlockId!,
        startOffset: n.startOffset ?? 0,
        endBlockId: n.endBlockId!,
        endOffset: n.endOffset ?? 0,
        exact: n.exact,
        prefix: n.prefix,
        suffix: n.suffix,
      })),
      oldBlocks,
      newBlocks,
    );
    placed.forEach((note, i) => {
      const result = results[i]!;
      counts[result.state] += 1;
      if (result.state === "orphan")
        updates.push({ id: note.id, state: "orphan", s: null, so: null, e: null, eo: null, exact: note.exact, prefix: note.prefix, suffix: note.suffix });
      else {
        const sel = result.selector;
        updates.push({ id: note.id, state: result.state, s: sel.startBlockId, so: sel.startOffset, e: sel.endBlockId, eo: sel.endOffset, exact: sel.exact, prefix: sel.prefix, suffix: sel.suffix });
      }
    });
    // Orphans stay orphans, now waiting in the newest version for someone to place them.
    for (const note of group.filter((n) => !placed.includes(n))) {
      counts.orphan += 1;
      updates.push({ id: note.id, state: "orphan", s: null, so: null, e: null, eo: null, exact: note.exact, prefix: note.prefix, suffix: note.suffix });
    }
  }
  // One statement for all of them: a long text can carry thousands of notes.
  for (let i = 0; i < updates.length; i += 2000) {
    const chunk = updates.slice(i, i + 2000);
    await tx.$executeRaw`
      UPDATE "Annotation" AS a SET
        "versionId" = ${versionId},
        "anchorState" = u.state::"AnchorState",
        "startBlockId" = u.s, "startOffset" = u.so, "endBlockId" = u.e, "endOffset" = u.eo,
        "exact" = u.exact, "prefix" = u.prefix, "suffix" = u.suffix,
        "updatedAt" = now()
      FROM unnest(
        ${chunk.map((u) => u.id)}::uuid[], ${chunk.map((u) => u.state)}::text[],
        ${chunk.map((u) => u.s)}::text[], ${chunk.map((u) => u.so)}::int[],
        ${chunk.map((u) => u.e)}::text[], ${chunk.map((u) => u.eo)}::int[],
        ${chunk.map((u) => u.exact)}::text[], ${chunk.map((u) => u.prefix)}::text[], ${chunk.map((u) => u.suffix)}::text[]
      ) AS u(id, state, s, so, e, eo, exact, prefix, suffix)
      WHERE a.id = u.id`;
  }
  return counts;
}
