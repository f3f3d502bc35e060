// Between the rendered text and anchors: a block's offsets count the characters of
// its text nodes, skipping anything marked data-anchor-skip (footnote labels, the
// paragraph-note buttons), which is exactly how the server computed plainText.
import type { TextPosition } from "@/lib/anchoring/types";

type BlockText = { el: HTMLElement; nodes: Text[]; starts: number[]; length: number };

function isSkipped(node: Node, block: HTMLElement): boolean {
  for (let el = node.parentElement; el && el !== block; el = el.parentElement) if (el.hasAttribute("data-anchor-skip")) return true;
  return false;
}

export class DomAnchors {
  private readonly blocks: HTMLElement[];
  private readonly order = new Map<string, number>();
  private readonly texts = new Map<string, BlockText>();

  constructor(private readonly root: HTMLElement) {
    this.blocks = Array.from(root.querySelectorAll<HTMLElement>("[data-block][id]"));
    this.blocks.forEach((el, i) => this.order.set(el.id, i));
  }

  has(blockId: string): boolean {
    return this.order.has(blockId);
  }

  element(blockId: string): HTMLElement | null {
    const i = this.order.get(blockId);
    return i === undefined ? null : this.blocks[i]!;
  }

  /** Text nodes of a block with their starting offsets, built on first use. */
  private text(blockId: string): BlockText | null {
    const cached = this.texts.get(blockId);
    if (cached) return cached;
    const el = this.element(blockId);
    if (!el) return null;
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    const nodes: Text[] = [];
    const starts: number[] = [];
    let length = 0;
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (isSkipped(node, el)) continue;
      nodes.push(node as Text);
      starts.push(length);
      length += (node as Text).data.length;
    }
    const entry = { el, nodes, starts, length };
    this.texts.set(blockId, entry);
    return entry;
  }

  blockLength(blockId: string): number {
    return this.text(blockId)?.length ?? 0;
  }

  blockText(blockId: string): string {
    return this.text(blockId)?.nodes.map((n) => n.data).join("") ?? "";
  }

  /** A DOM point for an offset; at a node boundary, "start" prefers the later node and "end" the earlier. */
  private point(blockId: string, offset: number, side: "start" | "end"): [Node, number] | null {
    const t = this.text(blockId);
    if (!t || offset < 0 || offset > t.length) return null;
    if (!t.nodes.length) return [t.el, 0];
    let lo = 0;
    let hi = t.nodes.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (t.starts[mid]! < offset || (side === "start" && t.starts[mid] === offset)) lo = mid;
      else hi = mid - 1;
    }
    return [t.nodes[lo]!, offset - t.starts[lo]!];
  }

  toRange(position: TextPosition): Range | null {
    const start = this.point(position.startBlockId, position.startOffset, "start");
    const end = this.point(position.endBlockId, position.endOffset, "end");
    if (!start || !end) return null;
    const range = document.createRange();
    try {
      range.setStart(start[0], start[1]);
      range.setEnd(end[0], end[1]);
    } catch {
      return null;
    }
    return range.collapsed ? null : range;
  }

  wholeBlock(blockId: string): TextPosition | null {
    const length = this.blockLength(blockId);
    return length ? { startBlockId: blockId, startOffset: 0, endBlockId: blockId, endOffset: length } : null;
  }

  blockOf(node: Node | null): HTMLElement | null {
    const el = node instanceof Element ? node : node?.parentElement;
    const block = el?.closest<HTMLElement>("[data-block][id]") ?? null;
    return block && this.root.contains(block) && this.order.has(block.id) ? block : null;
  }

  /** The offset in a block of a DOM boundary point inside it. */
  offsetIn(blockId: string, container: Node, offset: number): number {
    const t = this.text(blockId);
    if (!t) return 0;
    if (container.nodeType === Node.TEXT_NODE) {
      const i = t.nodes.indexOf(container as Text);
      if (i >= 0) return t.starts[i]! + offset;
    }
    // An element boundary, or a point inside skipped text: count the text nodes before it.
    const probe = document.createRange();
    probe.setStart(container, offset);
    for (let i = 0; i < t.nodes.length; i++) {
      if (probe.comparePoint(t.nodes[i]!, 0) >= 0 && t.nodes[i] !== container) return t.starts[i]!;
    }
    return t.length;
  }

  /** The selection as block offsets, trimmed to the text's blocks; null when it touches none. */
  fromRange(range: Range): TextPosition | null {
    let startBlock = this.blockOf(range.startContainer);
    let endBlock = this.blockOf(range.endContainer);
    let startOffset = startBlock ? this.offsetIn(startBlock.id, range.startContainer, range.startOffset) : 0;
    let endOffset = endBlock ? this.offsetIn(endBlock.id, range.endContainer, range.endOffset) : 0;
    if (!startBlock || !endBlock) {
      const touched = this.blocks.filter((el) => range.intersectsNode(el));
      if (!touched.length) return null;
      if (!startBlock) {
        startBlock = touched[0]!;
        startOffset = 0;
      }
      if (!endBlock) {
        endBlock = touched.at(-1)!;
        endOffset = this.blockLength(endBlock.id);
      }
    }
    // Whitespace at the edges of a selection is never what someone meant to mark.
    const startText = this.blockText(startBlock.id);
    while (startOffset < startText.length && /\s/.test(startText[startOffset]!)) startOffset++;
    const endText = this.blockText(endBlock.id);
    while (endOffset > 0 && /\s/.test(endText[endOffset - 1]!)) endOffset--;
    if (startBlock === endBlock && endOffset <= startOffset) return null;
    if (this.order.get(startBlock.id)! > this.order.get(endBlock.id)!) return null;
    return { startBlockId: startBlock.id, startOffset, endBlockId: endBlock.id, endOffset };
  }

  /** The words a position covers, joined across blocks the way the server joins them. */
  quote(position: TextPosition, separator: string): string {
    const first = this.order.get(position.startBlockId);
    const last = this.order.get(position.endBlockId);
    if (first === undefined || last === undefined) return "";
    const parts: string[] = [];
    for (let i = first; i <= last; i++) {
      const id = this.blocks[i]!.id;
      const text = this.blockText(id);
      parts.push(text.slice(i === first ? position.startOffset : 0, i === last ? position.endOffset : text.length));
    }
    return parts.join(separator);
  }

  /** Which block offset a screen point falls on (for hovering highlighted words). */
  pointAt(x: number, y: number): { blockId: string; offset: number } | null {
    const doc = document as Document & {
      caretPositionFromPoint?: (x: number, y: number) => { offsetNode: Node; offset: number } | null;
    };
    let node: Node | null = null;
    let offset = 0;
    const caret = doc.caretPositionFromPoint?.(x, y);
    if (caret) {
      node = caret.offsetNode;
      offset = caret.offset;
    } else {
      const range = document.caretRangeFromPoint?.(x, y);
      if (range) {
        node = range.startContainer;
        offset = range.startOffset;
      }
    }
    const block = this.blockOf(node);
    if (!block || !node) return null;
    return { blockId: block.id, offset: this.offsetIn(block.id, node, offset) };
  }

  /** Reading-order index of a block, for comparing positions. */
  indexOf(blockId: string): number {
    return this.order.get(blockId) ?? -1;
  }

  blockIds(): string[] {
    return this.blocks.map((b) => b.id);
  }
}

/** True when a point (block, offset) lies inside a position. */
export function covers(anchors: DomAnchors, p: TextPosition, blockId: string, offset: number): boolean {
  const i = anchors.indexOf(blockId);
  const s = anchors.indexOf(p.startBlockId);
  const e = anchors.indexOf(p.endBlockId);
  if (i < s || i > e) return false;
  if (i === s && offset < p.startOffset) return false;
  if (i === e && offset >= p.endOffset) return false;
  return true;
}
