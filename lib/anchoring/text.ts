import { BLOCK_SEPARATOR, type AnchorBlock } from "./types";

/**
 * A version's words as one string (block texts joined by BLOCK_SEPARATOR), with where
 * each block starts in it, so anchors can move between "block + offset" and a single
 * offset that quote matching works in.
 */
export class TextIndex {
  readonly text: string;
  readonly starts: number[];
  private readonly byId = new Map<string, number>();

  constructor(readonly blocks: AnchorBlock[]) {
    const starts: number[] = [];
    let at = 0;
    blocks.forEach((block, i) => {
      starts.push(at);
      at += block.plainText.length + BLOCK_SEPARATOR.length;
      if (!this.byId.has(block.id)) this.byId.set(block.id, i);
    });
    this.starts = starts;
    this.text = blocks.map((b) => b.plainText).join(BLOCK_SEPARATOR);
  }

  static of(blocks: AnchorBlock[] | TextIndex): TextIndex {
    return blocks instanceof TextIndex ? blocks : new TextIndex(blocks);
  }

  indexOf(blockId: string): number {
    return this.byId.get(blockId) ?? -1;
  }

  /** The single offset of a block offset; undefined for an unknown block. */
  toGlobal(blockId: string, offset: number): number | undefined {
    const i = this.indexOf(blockId);
    return i < 0 ? undefined : this.starts[i]! + offset;
  }

  /**
   * The block offset of a single offset. An offset on a separator belongs to the end of
   * the block before it ("end") or the start of the block after it ("start").
   */
  toLocal(global: number, side: "start" | "end" = "start"): { blockIndex: number; blockId: string; offset: number } {
    let lo = 0;
    let hi = this.blocks.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= global) lo = mid;
      else hi = mid - 1;
    }
    let index = lo;
    let offset = Math.min(global - this.starts[index]!, this.blocks[index]!.plainText.length);
    if (side === "start")
      while (offset >= this.blocks[index]!.plainText.length && index + 1 < this.blocks.length) {
        index += 1;
        offset = 0;
      }
    else
      while (offset === 0 && index > 0) {
        index -= 1;
        offset = this.blocks[index]!.plainText.length;
      }
    return { blockIndex: index, blockId: this.blocks[index]!.id, offset };
  }
}
