// Anchors in the W3C Web Annotation style. A text's words are the plainText of its
// blocks in order; offsets count UTF-16 code units in one block's plainText, the
// same units the browser's Range offsets use.

/** A block as anchoring sees it, in reading order. */
export type AnchorBlock = { id: string; plainText: string };

/** TextPositionSelector, expressed per block: end is exclusive and may sit in a later block. */
export type TextPosition = {
  startBlockId: string;
  startOffset: number;
  endBlockId: string;
  endOffset: number;
};

/** TextQuoteSelector: the exact words with about 32 characters either side. */
export type TextQuote = { exact: string; prefix: string; suffix: string };

export type Selector = TextPosition & TextQuote;

/**
 * How an annotation landed in a newer version of its text: on the same words at the
 * same place, on the same (or nearly the same) words somewhere else, or nowhere.
 */
export type AnchorState = "exact" | "moved" | "orphan";

export type Reanchored =
  | { state: "exact" | "moved"; selector: Selector }
  | { state: "orphan" };

/** Blocks are joined with this between them when a quote spans several. */
export const BLOCK_SEPARATOR = "\n";

/** Characters of context kept before and after a quote. */
export const CONTEXT_LENGTH = 32;
