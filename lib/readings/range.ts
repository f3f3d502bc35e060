// A week's range over a text's blocks: pure functions, shared by the server and tested alone.

import { blockWords, chaptersOf } from "@/lib/content/chapters";
import type { BlockKind } from "@/lib/content/blocks";

/** `level` (a heading's) lets a long text's range be named by its chapters. */
export type RangeBlock = { id: string; kind: string; plainText: string; level?: number };

/** Blocks a reader reads through; footnotes sit at the end of a text and are read on demand. */
const countsAsReading = (b: RangeBlock) => b.kind !== "footnote";

export type Range = {
  /** Indexes into the text's blocks, inclusive. */
  start: number;
  end: number;
  /** The blocks of the range, in order (footnotes left out). */
  ids: string[];
  whole: boolean;
};

/**
 * The range from one block to another, or the whole text when both are null.
 * Returns a message (for the field it concerns) when the ids are not this text's
 * blocks or the range ends before it starts.
 */
export function resolveRange(
  blocks: RangeBlock[],
  startId: string | null,
  endId: string | null,
): Range | { field: "startBlockId" | "endBlockId"; message: string } {
  if (startId === null || endId === null) {
    const ids = blocks.filter(countsAsReading).map((b) => b.id);
    return { start: 0, end: blocks.length - 1, ids, whole: true };
  }
  const start = blocks.findIndex((b) => b.id === startId);
  if (start < 0) return { field: "startBlockId", message: "The start is not a paragraph of this text." };
  const end = blocks.findIndex((b) => b.id === endId);
  if (end < 0) return { field: "endBlockId", message: "The end is not a paragraph of this text." };
  if (end < start) return { field: "endBlockId", message: "The reading ends before it starts: choose an end after the start." };
  const ids = blocks.slice(start, end + 1).filter(countsAsReading).map((b) => b.id);
  if (!ids.length) return { field: "startBlockId", message: "That range holds no paragraphs of the text." };
  return { start, end, ids, whole: start === 0 && end === blocks.length - 1 };
}

/** Blocks read, counted from the range's start, for the furthest block seen (0 when it is before the range). */
export function blocksReadAt(range: Pick<Range, "ids">, blockId: string): number | null {
  const index = range.ids.indexOf(blockId);
  return index < 0 ? null : index + 1;
}

/** Whole percent read, 0–100. */
export const percentRead = (blocksRead: number, total: number) => (total <= 0 ? 0 : Math.min(100, Math.round((blocksRead / total) * 100)));

/** Paragraph numbers (¶1, ¶2 …) as readers count them: headings, rules, footnotes and empty blocks (a title's note marker) are not numbered. */
export function paragraphNumbers(blocks: RangeBlock[]): Map<string, number> {
  const numbers = new Map<string, number>();
  let n = 0;
  for (const b of blocks)
    if ((b.kind === "paragraph" || b.kind === "quote" || b.kind === "listItem") && b.plainText.trim()) numbers.set(b.id, ++n);
  return numbers;
}

const clip = (text: string, words: number) => {
  const parts = text.replace(/\s+/g, " ").trim().split(" ");
  return parts.length > words ? `${parts.slice(0, words).join(" ")}…` : parts.join(" ");
};

/** How a block is named to people: a heading by its title, a paragraph by its number and first words. */
export function blockLabel(blocks: RangeBlock[], id: string, numbers = paragraphNumbers(blocks)): string {
  const block = blocks.find((b) => b.id === id);
  if (!block) return "a passage no longer in the text";
  if (block.kind === "heading") return clip(block.plainText, 10);
  const n = numbers.get(id);
  return `${n ? `¶${n} ` : ""}“${clip(block.plainText, 6)}”`;
}

/** A long text's range that runs from a chapter's start to a chapter's end, named by its chapters. */
function chapterRange(blocks: RangeBlock[], startId: string, endId: string): string | null {
  const split = blocks.map((b) => ({ id: b.id, kind: b.kind as BlockKind, level: b.level ?? 0, plainText: b.plainText }));
  const chapters = chaptersOf(split, split.reduce((n, b) => n + (b.kind === "footnote" ? 0 : blockWords(b)), 0));
  if (!chapters) return null;
  const body = split.filter((b) => b.kind !== "footnote");
  const from = chapters.find((c) => body[c.start]?.id === startId);
  const to = chapters.find((c) => body[c.end - 1]?.id === endId);
  if (!from || !to || to.n < from.n) return null;
  return from === to ? `chapter ${from.n}, “${from.title}”` : `chapters ${from.n}–${to.n}, “${from.title}” to “${to.title}”`;
}

/** "the whole text", "chapters 2–4, …" or "from … to …", for the schedule. */
export function describeRange(blocks: RangeBlock[], startId: string | null, endId: string | null): string {
  if (startId === null || endId === null) return "the whole text";
  if (blocks.some((b) => b.level !== undefined)) {
    const chapters = chapterRange(blocks, startId, endId);
    if (chapters) return chapters;
  }
  const numbers = paragraphNumbers(blocks);
  return startId === endId ? blockLabel(blocks, startId, numbers) : `from ${blockLabel(blocks, startId, numbers)} to ${blockLabel(blocks, endId, numbers)}`;
}
