import { TextIndex } from "./text";
import { CONTEXT_LENGTH, type AnchorBlock, type Selector, type TextPosition } from "./types";

/** A selection that does not fit the text; the message is written for the person who made it. */
export class AnchorError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "AnchorError";
  }
}

const MISMATCH = "That selection does not match the text";

/**
 * The full selector for a position: checked against the version's blocks, moved off
 * block edges (a start at the very end of a block begins at the next one; an end at
 * the very start of a block ends at the previous one) and given its quote and context.
 */
export function describe(blocks: AnchorBlock[] | TextIndex, position: TextPosition): Selector {
  const index = TextIndex.of(blocks);
  const check = (blockId: string, offset: number) => {
    const i = index.indexOf(blockId);
    if (i < 0) throw new AnchorError(`${MISMATCH}: there is no block ${blockId} in this version.`);
    if (!Number.isInteger(offset) || offset < 0) throw new AnchorError(`${MISMATCH}: offsets must be whole numbers from 0.`);
    const length = index.blocks[i]!.plainText.length;
    if (offset > length)
      throw new AnchorError(`${MISMATCH}: offset ${offset} is past the end of ${blockId} (${length} characters).`);
    return index.starts[i]! + offset;
  };
  const start = check(position.startBlockId, position.startOffset);
  const end = check(position.endBlockId, position.endOffset);
  if (end <= start) throw new AnchorError(`${MISMATCH}: the selection ends before it starts, or is empty.`);
  const from = index.toLocal(start, "start");
  const to = index.toLocal(end, "end");
  const s = index.starts[from.blockIndex]! + from.offset;
  const e = index.starts[to.blockIndex]! + to.offset;
  const exact = index.text.slice(s, e);
  if (e <= s || !/\S/u.test(exact)) throw new AnchorError(`${MISMATCH}: the selection has no words in it.`);
  return {
    startBlockId: from.blockId,
    startOffset: from.offset,
    endBlockId: to.blockId,
    endOffset: to.offset,
    exact,
    prefix: index.text.slice(Math.max(0, s - CONTEXT_LENGTH), s),
    suffix: index.text.slice(e, e + CONTEXT_LENGTH),
  };
}

/** describe(), and the words the reader saw there must be the words the server has there. */
export function checkSelector(blocks: AnchorBlock[] | TextIndex, selector: TextPosition & { exact: string }): Selector {
  const described = describe(blocks, selector);
  if (described.exact !== selector.exact && described.exact !== selector.exact.trim())
    throw new AnchorError("The selected words are not in this version of the text. Reload the page and select them again.");
  return described;
}

/** A whole block, for notes on a paragraph rather than on words in it. */
export function wholeBlock(blocks: AnchorBlock[] | TextIndex, blockId: string): TextPosition {
  const index = TextIndex.of(blocks);
  const i = index.indexOf(blockId);
  if (i < 0) throw new AnchorError(`${MISMATCH}: there is no block ${blockId} in this version.`);
  return { startBlockId: blockId, startOffset: 0, endBlockId: blockId, endOffset: index.blocks[i]!.plainText.length };
}
