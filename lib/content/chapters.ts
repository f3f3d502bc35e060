// A long text (a book, a collected volume) is read a chapter at a time: one page of
// 150,000 words would be megabytes of HTML and thousands of margin notes at once. This
// file decides where the chapters are, from the text's own headings; pure, so the
// reader, the schedule editor and the bench all split a text the same way.
import type { BlockKind, Inline } from "./blocks";

/** Texts shorter than this are read on one page, as they always were. */
export const LONG_TEXT_WORDS = 20_000;
/** A chapter longer than this is split at its next heading level down, if it has one. */
const MAX_CHAPTER_WORDS = 30_000;
/** A text with no usable headings is cut into parts of about this many words. */
const PART_WORDS = 8_000;
/** Fewer words than this before the first chapter heading go with the first chapter. */
const OPENING_WORDS = 300;

export type ChapterBlock = { id: string; kind: BlockKind; level: number; content: Inline[]; attrs: { backrefs?: string[]; continuation?: boolean } };
/** Enough of a block to find the chapters: its words come from plainText where there is no content. */
export type SplitBlock = { id: string; kind: BlockKind; level: number } & ({ content: Inline[] } | { plainText: string });

export type Chapter = {
  /** 1-based, as it appears in the address (?chapter=3). */
  n: number;
  title: string;
  /** The chapter's body blocks are body[start, end) (footnotes not counted). */
  start: number;
  end: number;
  firstBlockId: string;
  words: number;
};

function inlineText(content: Inline[]): string {
  return content
    .map((c) => {
      if (c.type === "text" || c.type === "code") return c.value;
      if (c.type === "break") return " ";
      if (c.type === "footnoteRef") return "";
      return inlineText(c.children);
    })
    .join("");
}

export function blockWords(block: { content: Inline[] } | { plainText: string }): number {
  const text = ("content" in block ? inlineText(block.content) : block.plainText).trim();
  return text ? text.split(/\s+/).length : 0;
}

function sum(values: number[], from: number, to: number) {
  let total = 0;
  for (let i = from; i < to; i++) total += values[i]!;
  return total;
}

/** Chapter starts (indexes into body) at headings of one level. */
function startsAt(body: SplitBlock[], level: number): number[] {
  return body.flatMap((b, i) => (b.kind === "heading" && b.level === level ? [i] : []));
}

/**
 * Where a long text's chapters start: the highest heading level that appears at least
 * twice, going one level down while that leaves a chapter over MAX_CHAPTER_WORDS; with
 * no such headings, parts of about PART_WORDS cut at paragraph boundaries.
 */
function chapterStarts(body: SplitBlock[], words: number[]): { starts: number[]; level: number | null } {
  const levels = [...new Set(body.filter((b) => b.kind === "heading").map((b) => b.level))].sort((a, b) => a - b);
  let chosen: number[] | null = null;
  let chosenLevel = 0;
  for (const level of levels) {
    const starts = startsAt(body, level);
    if (starts.length < 2) continue;
    chosen = starts;
    chosenLevel = level;
    const bounds = [0, ...starts, body.length];
    const longest = Math.max(...bounds.slice(1).map((end, i) => sum(words, bounds[i]!, end)));
    if (longest <= MAX_CHAPTER_WORDS) break;
  }
  if (chosen) {
    // Headings of a higher level just before a chapter's heading ("Part Two" above
    // "Chapter 7") open that chapter rather than closing the one before.
    const starts = chosen.map((s) => {
      while (s > 0 && body[s - 1]!.kind === "heading" && body[s - 1]!.level < chosenLevel) s--;
      return s;
    });
    return { starts, level: chosenLevel };
  }
  const starts = [0];
  let run = 0;
  body.forEach((_, i) => {
    if (run >= PART_WORDS && i < body.length) {
      starts.push(i);
      run = 0;
    }
    run += words[i]!;
  });
  return { starts, level: null };
}

/** The chapters of a text, or null when it is short enough to read on one page. */
export function chaptersOf(blocks: SplitBlock[], wordCount: number): Chapter[] | null {
  if (wordCount < LONG_TEXT_WORDS) return null;
  const body = blocks.filter((b) => b.kind !== "footnote");
  if (body.length === 0) return null;
  const words = body.map(blockWords);
  const split = chapterStarts(body, words);
  let starts = split.starts;
  // What comes before the first chapter heading: a chapter of its own ("Opening") when
  // it is more than a few lines, else part of the first chapter.
  if (starts[0] !== 0) {
    if (sum(words, 0, starts[0]!) < OPENING_WORDS) starts = [0, ...starts.slice(1)];
    else starts = [0, ...starts];
  }
  if (starts.length < 2) return null;
  const parts = !body.some((b) => b.kind === "heading");
  return starts.map((start, k) => {
    const end = starts[k + 1] ?? body.length;
    // Its chapter heading, else the first heading inside it, else a name for what it is.
    const inside = body.slice(start, end);
    const heading = inside.find((b) => b.kind === "heading" && b.level === split.level) ?? inside.find((b) => b.kind === "heading");
    const title = (heading && ("content" in heading ? inlineText(heading.content) : heading.plainText).trim()) || (parts ? `Part ${k + 1}` : k === 0 ? "Opening" : `Part ${k + 1}`);
    return { n: k + 1, title, start, end, firstBlockId: body[start]!.id, words: sum(words, start, end) };
  });
}

function refIds(content: Inline[], into: Set<string>) {
  for (const c of content) {
    if (c.type === "footnoteRef") into.add(c.refId);
    else if (c.type === "emphasis" || c.type === "strong" || c.type === "delete" || c.type === "link") refIds(c.children, into);
  }
}

/**
 * One chapter's blocks as the reader renders them: its body blocks, then the footnotes
 * its paragraphs refer to (with their continuation paragraphs), in the text's order.
 */
export function chapterBlocks<B extends ChapterBlock>(blocks: B[], chapter: Chapter): B[] {
  const body = blocks.filter((b) => b.kind !== "footnote");
  const own = body.slice(chapter.start, chapter.end);
  const refs = new Set<string>();
  for (const b of own) refIds(b.content, refs);
  const notes: B[] = [];
  let taking = false;
  for (const b of blocks) {
    if (b.kind !== "footnote") continue;
    if (!b.attrs.continuation) taking = (b.attrs.backrefs ?? []).some((r) => refs.has(r));
    if (taking) notes.push(b);
  }
  return [...own, ...notes];
}

/** The chapter holding a block (a footnote: the chapter of its first reference), or null. */
export function chapterOfBlock(blocks: ChapterBlock[], chapters: Chapter[], blockId: string): Chapter | null {
  const body = blocks.filter((b) => b.kind !== "footnote");
  let at = body.findIndex((b) => b.id === blockId);
  if (at === -1) {
    // A footnote (or one of its continuation paragraphs): where it is first referred to.
    let backrefs: string[] | undefined;
    let found = false;
    for (const b of blocks) {
      if (b.kind !== "footnote") continue;
      if (!b.attrs.continuation) backrefs = b.attrs.backrefs;
      if (b.id === blockId) {
        found = true;
        break;
      }
    }
    const first = found ? backrefs?.[0] : undefined;
    if (!first) return null;
    at = body.findIndex((b) => {
      const refs = new Set<string>();
      refIds(b.content, refs);
      return refs.has(first);
    });
    if (at === -1) return null;
  }
  return chapters.find((c) => at >= c.start && at < c.end) ?? null;
}
