// What an edit changed in a text, paragraph by paragraph: two versions' blocks in, a list
// a member can read down out. Pure, so the rules are tested without a database.
//
// Block ids come from a block's content, so an unchanged paragraph keeps its id. The
// versions are aligned on that content (not on the ids themselves: a repeated paragraph's
// id carries a -2 that moves when an earlier copy is deleted, and a footnote keeps its
// label's id when its words change). What the alignment leaves over is then read closely:
// a removed paragraph and an added one at the same place that share most of their words
// are one paragraph edited, shown word by word; a paragraph removed in one place and added
// word for word in another has moved.
import { diffArrays, diffWordsWithSpace } from "diff";
import type { BlockKind } from "@/lib/content/blocks";

/** A block of one version, as much of it as the comparison reads. */
export type VersionBlock = { id: string; kind: BlockKind; level: number; plainText: string };

export type WordChange = { text: string; change: "same" | "added" | "removed" };

export type ParagraphChange =
  | { type: "unchanged"; block: VersionBlock }
  | { type: "added"; block: VersionBlock }
  /** `near`: the newer version's block that now stands where it was (null when the newer version is empty). */
  | { type: "removed"; block: VersionBlock; near: string | null }
  | { type: "changed"; block: VersionBlock; before: VersionBlock; words: WordChange[] }
  /** `fromSection`: the heading it stood under before (null: before the first heading). */
  | { type: "moved"; block: VersionBlock; fromSection: string | null; sameSection: boolean };

export type ChangeCounts = Record<ParagraphChange["type"], number>;

/** How alike two paragraphs must be (shared words, 0–1) to be shown as one paragraph edited. */
const SIMILAR = 0.5;

// Bounds on the work one comparison may do, far beyond a real edit. A text rewritten from
// end to end is shown as removed and added rather than aligned at any cost (the few
// paragraphs it kept word for word are then shown as moved to where they now stand).
const MAX_BLOCK_EDITS = 3000;
const MAX_PAIRING_EDITS = 200;
const MAX_WORD_EDITS = 1000;

type Side = { block: VersionBlock; key: string; words: Map<string, number>; size: number; section: string | null; moved: boolean };

/** The blocks of `before` and `after` (each in reading order), compared paragraph by paragraph, in the newer version's order. */
export function compareVersions(before: VersionBlock[], after: VersionBlock[]): ParagraphChange[] {
  const old = sides(before);
  const next = sides(after);
  const oldKeys = old.map((s) => s.key);
  const newKeys = next.map((s) => s.key);
  const parts = (fewestEdits(oldKeys, newKeys) <= MAX_BLOCK_EDITS ? diffArrays(oldKeys, newKeys, { maxEditLength: MAX_BLOCK_EDITS }) : undefined) ?? [
    { value: [], count: old.length, added: false, removed: true },
    { value: [], count: next.length, added: true, removed: false },
  ];

  // Runs of unaligned blocks: what was removed and added between two aligned ones.
  type Hunk = { removed: Side[]; added: Side[] };
  const sequence: (Side | Hunk)[] = [];
  let i = 0;
  let j = 0;
  let hunk: Hunk | null = null;
  for (const part of parts) {
    if (!part.added && !part.removed) {
      hunk = null;
      for (let k = 0; k < part.count; k++) sequence.push(next[j + k]!);
      i += part.count;
      j += part.count;
      continue;
    }
    if (!hunk) sequence.push((hunk = { removed: [], added: [] }));
    if (part.removed) {
      hunk.removed.push(...old.slice(i, i + part.count));
      i += part.count;
    } else {
      hunk.added.push(...next.slice(j, j + part.count));
      j += part.count;
    }
  }

  markMoves(sequence.flatMap((s) => ("key" in s ? [] : s.removed)), sequence.flatMap((s) => ("key" in s ? [] : s.added)));

  const changes: ParagraphChange[] = [];
  for (const item of sequence) {
    if ("key" in item) changes.push({ type: "unchanged", block: item.block });
    else changes.push(...readHunk(item.removed, item.added));
  }
  return placeRemoved(changes);
}

/** At least this many blocks must be removed or added to turn one list into the other: all but those they share. */
function fewestEdits(a: string[], b: string[]): number {
  const counts = new Map<string, number>();
  for (const key of a) counts.set(key, (counts.get(key) ?? 0) + 1);
  let shared = 0;
  for (const key of b) {
    const left = counts.get(key) ?? 0;
    if (left > 0) {
      shared += 1;
      counts.set(key, left - 1);
    }
  }
  return a.length + b.length - 2 * shared;
}

export function countChanges(changes: ParagraphChange[]): ChangeCounts {
  const counts: ChangeCounts = { unchanged: 0, added: 0, removed: 0, changed: 0, moved: 0 };
  for (const change of changes) counts[change.type] += 1;
  return counts;
}

export type ShownChange = ParagraphChange | { type: "unchanged-run"; count: number; firstId: string };

/**
 * The list as a page shows it: long runs of unchanged paragraphs become one line ("12
 * paragraphs unchanged"), keeping `context` paragraphs beside each change to read it by.
 * A run is folded only when that hides at least `minHidden` paragraphs.
 */
export function collapseUnchanged(changes: ParagraphChange[], { context = 1, minHidden = 2 } = {}): ShownChange[] {
  const shown: ShownChange[] = [];
  let start = 0;
  while (start < changes.length) {
    if (changes[start]!.type !== "unchanged") {
      shown.push(changes[start]!);
      start += 1;
      continue;
    }
    let end = start;
    while (end < changes.length && changes[end]!.type === "unchanged") end += 1;
    const run = changes.slice(start, end);
    const head = start > 0 ? context : 0;
    const tail = end < changes.length ? context : 0;
    const hidden = run.length - head - tail;
    if (hidden < minHidden) shown.push(...run);
    else {
      shown.push(...run.slice(0, head), { type: "unchanged-run", count: hidden, firstId: run[head]!.block.id }, ...run.slice(run.length - tail));
    }
    start = end;
  }
  return shown;
}

function normalise(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

function sides(blocks: VersionBlock[]): Side[] {
  let section: string | null = null;
  return blocks.map((block) => {
    // The heading a block stands under: for a heading, the one before it.
    const under = section;
    if (block.kind === "heading") section = block.plainText;
    const words = new Map<string, number>();
    let size = 0;
    for (const word of block.plainText.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []) {
      words.set(word, (words.get(word) ?? 0) + 1);
      size += 1;
    }
    return { block, key: `${block.kind}\u0000${block.level}\u0000${normalise(block.plainText)}`, words, size, section: under, moved: false };
  });
}

/** A block removed in one place and added word for word in another has moved (section breaks are all alike, so never). */
function markMoves(removed: Side[], added: Side[]) {
  const waiting = new Map<string, Side[]>();
  for (const side of removed) {
    if (side.block.kind === "rule") continue;
    const list = waiting.get(side.key);
    if (list) list.push(side);
    else waiting.set(side.key, [side]);
  }
  for (const side of added) {
    const from = waiting.get(side.key)?.shift();
    if (!from) continue;
    from.moved = true;
    side.moved = true;
    side.section = from.section;
  }
}

/** Shared words over all words (Dice's coefficient on the two paragraphs' words). */
export function similarity(a: string, b: string): number {
  const [x, y] = sides([
    { id: "a", kind: "paragraph", level: 0, plainText: a },
    { id: "b", kind: "paragraph", level: 0, plainText: b },
  ]) as [Side, Side];
  return overlap(x, y);
}

function overlap(a: Side, b: Side): number {
  if (a.size === 0 || b.size === 0) return normalise(a.block.plainText) === normalise(b.block.plainText) ? 1 : 0;
  const [small, large] = a.words.size <= b.words.size ? [a.words, b.words] : [b.words, a.words];
  let shared = 0;
  for (const [word, count] of small) shared += Math.min(count, large.get(word) ?? 0);
  return (2 * shared) / (a.size + b.size);
}

/** One run of removed and added blocks between two unchanged ones, paired where a removed block was edited into an added one. */
function readHunk(removed: Side[], added: Side[]): ParagraphChange[] {
  const pairs = diffArrays(removed, added, {
    // The same id with other words is the same footnote (or heading) edited.
    comparator: (a, b) => !a.moved && !b.moved && a.block.kind !== "rule" && b.block.kind !== "rule" && (a.block.id === b.block.id || overlap(a, b) >= SIMILAR),
    maxEditLength: MAX_PAIRING_EDITS,
  }) ?? [
    { value: removed, count: removed.length, added: false, removed: true },
    { value: added, count: added.length, added: true, removed: false },
  ];
  const changes: ParagraphChange[] = [];
  let i = 0;
  let j = 0;
  for (const part of pairs) {
    for (let k = 0; k < part.count; k++) {
      if (part.removed) {
        const side = removed[i++]!;
        // A moved block is shown once, where it now stands.
        if (!side.moved) changes.push({ type: "removed", block: side.block, near: null });
      } else if (part.added) {
        const side = added[j++]!;
        if (side.moved) changes.push({ type: "moved", block: side.block, fromSection: side.section, sameSection: false });
        else changes.push({ type: "added", block: side.block });
      } else {
        const before = removed[i++]!;
        const after = added[j++]!;
        changes.push({ type: "changed", block: after.block, before: before.block, words: wordChanges(before.block.plainText, after.block.plainText) });
      }
    }
  }
  return changes;
}

/**
 * The words of an edited paragraph, as kept, added and removed: the kept and removed parts
 * read in order give the old paragraph, the kept and added parts the new one. Each stretch
 * of change is one removal then one addition, so "wherever" → "whichever way" reads as
 * that, not as word-by-word fragments around a kept space.
 */
export function wordChanges(before: string, after: string): WordChange[] {
  const parts = diffWordsWithSpace(before, after, { maxEditLength: MAX_WORD_EDITS });
  if (!parts) {
    return [
      { text: before, change: "removed" },
      { text: after, change: "added" },
    ];
  }
  const changes: WordChange[] = [];
  const push = (text: string, change: WordChange["change"]) => {
    if (!text) return;
    const last = changes.at(-1);
    if (last?.change === change) last.text += text;
    else changes.push({ text, change });
  };
  let removed = "";
  let added = "";
  const flush = () => {
    // Only the spacing differs: nothing a reader would call a change.
    if (normalise(removed) === normalise(added)) push(added, "same");
    else {
      // Spaces both sides begin or end with are kept, not changed (when both sides have words between them).
      const words = removed.trim() !== "" && added.trim() !== "";
      const lead = words ? sharedSpace(removed.match(/^\s*/)![0], added.match(/^\s*/)![0]) : "";
      const trail = words ? sharedSpace(removed.match(/\s*$/)![0], added.match(/\s*$/)![0]) : "";
      push(lead, "same");
      push(removed.slice(lead.length, removed.length - trail.length), "removed");
      push(added.slice(lead.length, added.length - trail.length), "added");
      push(trail, "same");
    }
    removed = added = "";
  };
  parts.forEach((part, k) => {
    const between = (parts[k - 1]?.added || parts[k - 1]?.removed) && (parts[k + 1]?.added || parts[k + 1]?.removed);
    if (part.removed) removed += part.value;
    else if (part.added) added += part.value;
    else if (between && !part.value.trim()) {
      // A space kept between two changes belongs to both sides of the one change.
      removed += part.value;
      added += part.value;
    } else {
      flush();
      push(part.value, "same");
    }
  });
  flush();
  return changes;
}

/** The same spacing on both sides of a change, or none. */
function sharedSpace(a: string, b: string): string {
  return a === b ? a : "";
}

/**
 * Where each removed block was, as a place in the newer version (the block that follows it
 * there, else the one before), and whether a moved block stayed in its section.
 */
function placeRemoved(changes: ParagraphChange[]): ParagraphChange[] {
  let following: string | null = null;
  for (let k = changes.length - 1; k >= 0; k--) {
    const change = changes[k]!;
    if (change.type === "removed") change.near = following;
    else following = change.block.id;
  }
  let preceding: string | null = null;
  let section: string | null = null;
  for (const change of changes) {
    if (change.type === "removed") change.near ??= preceding;
    else {
      preceding = change.block.id;
      if (change.type === "moved") change.sameSection = change.fromSection === section;
      if (change.block.kind === "heading") section = change.block.plainText;
    }
  }
  return changes;
}

/** How long the reader says a text was edited lately (and points to what changed). */
export const RECENT_EDIT_DAYS = 14;

/** Whether a text's current version is an edit (not the first) published in the last RECENT_EDIT_DAYS. */
export function isRecentEdit(versionNumber: number, publishedAt: Date, now: Date = new Date()): boolean {
  return versionNumber > 1 && now.getTime() - publishedAt.getTime() < RECENT_EDIT_DAYS * 86_400_000;
}
