import { describe } from "./describe";
import { matchQuote, type QuoteMatch } from "./match-quote";
import { TextIndex } from "./text";
import type { AnchorBlock, Reanchored, Selector } from "./types";

// Carrying annotations to a new version of their text, cheapest way first (as
// Hypothesis's client does): the same words at the same block and offsets; the words
// within the block(s) that took the old ones' place; a fuzzy search of the whole text;
// else an orphan. Block ids come from block contents, so an edited paragraph has a new
// id; which new blocks took an old block's place comes from aligning the two versions'
// id sequences — unchanged blocks keep their ids and pin everything around them.

/** Quotes shorter than this need their context to agree too before they are placed far from home. */
const SHORT_QUOTE = 64;

type Alignment = { index: TextIndex; oldIndex: TextIndex; region: (oldBlock: number) => [number, number] | null };

function align(oldIndex: TextIndex, index: TextIndex): Alignment {
  const a = oldIndex.blocks.map((b) => b.id);
  const b = index.blocks.map((b) => b.id);
  // Longest common subsequence of ids; a few hundred blocks make this a small table.
  const n = a.length;
  const m = b.length;
  const table = new Uint32Array((n + 1) * (m + 1));
  for (let i = n - 1; i >= 0; i--)
    for (let j = m - 1; j >= 0; j--)
      table[i * (m + 1) + j] =
        a[i] === b[j] ? table[(i + 1) * (m + 1) + j + 1]! + 1 : Math.max(table[(i + 1) * (m + 1) + j]!, table[i * (m + 1) + j + 1]!);
  const matched = new Int32Array(n).fill(-1);
  for (let i = 0, j = 0; i < n && j < m; ) {
    if (a[i] === b[j]) {
      matched[i] = j;
      i++;
      j++;
    } else if (table[(i + 1) * (m + 1) + j]! >= table[i * (m + 1) + j + 1]!) i++;
    else j++;
  }
  return {
    index,
    oldIndex,
    /** The new blocks (first, last) that stand where an old block stood. */
    region(oldBlock: number) {
      if (matched[oldBlock]! >= 0) return [matched[oldBlock]!, matched[oldBlock]!];
      let before = -1;
      for (let i = oldBlock - 1; i >= 0; i--)
        if (matched[i]! >= 0) {
          before = matched[i]!;
          break;
        }
      let after = m;
      for (let i = oldBlock + 1; i < n; i++)
        if (matched[i]! >= 0) {
          after = matched[i]!;
          break;
        }
      return after - before > 1 ? [before + 1, after - 1] : null;
    },
  };
}

function place(alignment: Alignment, old: Selector, match: QuoteMatch, offsetInText: number): Reanchored {
  const { index } = alignment;
  const from = index.toLocal(match.start + offsetInText, "start");
  const to = index.toLocal(match.end + offsetInText, "end");
  try {
    const selector = describe(index, { startBlockId: from.blockId, startOffset: from.offset, endBlockId: to.blockId, endOffset: to.offset });
    const same =
      selector.startBlockId === old.startBlockId &&
      selector.startOffset === old.startOffset &&
      selector.endBlockId === old.endBlockId &&
      selector.endOffset === old.endOffset &&
      selector.exact === old.exact;
    return { state: same ? "exact" : "moved", selector };
  } catch {
    return { state: "orphan" };
  }
}

function reanchorOne(alignment: Alignment, old: Selector): Reanchored {
  const { index, oldIndex } = alignment;

  // a. The same words at the same place.
  const start = index.toGlobal(old.startBlockId, old.startOffset);
  const end = index.toGlobal(old.endBlockId, old.endOffset);
  if (start !== undefined && end !== undefined && end > start && index.text.slice(start, end) === old.exact) {
    try {
      return { state: "exact", selector: describe(index, old) };
    } catch {
      // Offsets past a shortened block: fall through to searching.
    }
  }

  const oldStart = oldIndex.toGlobal(old.startBlockId, old.startOffset);
  const relative = oldStart === undefined ? 0.5 : oldStart / Math.max(1, oldIndex.text.length);
  const context = { prefix: old.prefix, suffix: old.suffix };

  // b. The words within the blocks that stand where the old ones stood.
  const first = oldIndex.indexOf(old.startBlockId);
  const last = oldIndex.indexOf(old.endBlockId);
  if (first >= 0 && last >= 0) {
    const a = alignment.region(first);
    const b = alignment.region(last);
    const lo = a?.[0] ?? b?.[0];
    const hi = b?.[1] ?? a?.[1];
    if (lo !== undefined && hi !== undefined && hi >= lo) {
      const from = index.starts[lo]!;
      const to = index.starts[hi]! + index.blocks[hi]!.plainText.length;
      const region = index.text.slice(from, to);
      const oldFrom = oldIndex.starts[first]!;
      const hint = oldStart === undefined ? 0 : Math.max(0, oldStart - oldFrom);
      const match = matchQuote(region, old.exact, { ...context, hint });
      if (match && match.quoteScore >= 0.75) return place(alignment, old, match, from);
    }
  }

  // c. Anywhere in the text, if the match is convincing.
  const match = matchQuote(index.text, old.exact, { ...context, hint: Math.round(relative * index.text.length) });
  if (match) {
    // A few words differing in a short quote are different words, not an edit of the same ones.
    const convincing =
      old.exact.length < SHORT_QUOTE
        ? match.quoteScore >= 0.95 && match.contextScore >= 0.5
        : match.quoteScore >= 0.8 && match.score >= 0.6;
    if (convincing) return place(alignment, old, match, 0);
  }

  // d. Nowhere: kept, with its quote, for someone to place again.
  return { state: "orphan" };
}

export function reanchorAll(selectors: Selector[], oldBlocks: AnchorBlock[], newBlocks: AnchorBlock[]): Reanchored[] {
  if (!selectors.length) return [];
  const alignment = align(new TextIndex(oldBlocks), new TextIndex(newBlocks));
  return selectors.map((selector) => reanchorOne(alignment, selector));
}

export function reanchor(selector: Selector, oldBlocks: AnchorBlock[], newBlocks: AnchorBlock[]): Reanchored {
  return reanchorAll([selector], oldBlocks, newBlocks)[0]!;
}
