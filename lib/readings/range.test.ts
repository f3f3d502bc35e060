// The week's range over a text's blocks: pure functions, no database.
import { describe, expect, it } from "vitest";
import { blockLabel, blocksReadAt, describeRange, paragraphNumbers, percentRead, resolveRange, type RangeBlock } from "./range";

// A small text shaped like the library's: a heading, paragraphs, a quote, a list, a rule
// and footnotes at the end.
const BLOCKS: RangeBlock[] = [
  { id: "h-intro", kind: "heading", plainText: "The question of organisation in a period of retreat" },
  { id: "p-1", kind: "paragraph", plainText: "The masses   learn\nfrom their own experience, and from nothing else at all." },
  { id: "p-2", kind: "paragraph", plainText: "Short one." },
  { id: "q-1", kind: "quote", plainText: "A quoted passage of some length here." },
  { id: "h-two", kind: "heading", plainText: "Second part" },
  { id: "l-1", kind: "listItem", plainText: "First point of the list" },
  { id: "r-1", kind: "rule", plainText: "" },
  { id: "p-3", kind: "paragraph", plainText: "The last paragraph of the text." },
  { id: "fn-1", kind: "footnote", plainText: "A footnote." },
  { id: "fn-2", kind: "footnote", plainText: "Another footnote." },
];

const isRange = <T extends object>(r: T): r is Exclude<T, { field: string }> => !("field" in r);

describe("resolveRange", () => {
  it("is the whole text when both ends are null, leaving footnotes out of what is read", () => {
    const range = resolveRange(BLOCKS, null, null);
    expect(range).toEqual({ start: 0, end: BLOCKS.length - 1, whole: true, ids: ["h-intro", "p-1", "p-2", "q-1", "h-two", "l-1", "r-1", "p-3"] });
  });

  it("is the whole text when only one end is given (the schema refuses that earlier)", () => {
    expect(resolveRange(BLOCKS, "p-1", null)).toMatchObject({ whole: true });
    expect(resolveRange(BLOCKS, null, "p-3")).toMatchObject({ whole: true });
  });

  it("takes the blocks from start to end inclusive, in order", () => {
    const range = resolveRange(BLOCKS, "p-2", "l-1");
    expect(range).toEqual({ start: 2, end: 5, ids: ["p-2", "q-1", "h-two", "l-1"], whole: false });
  });

  it("is one block when start and end are the same", () => {
    expect(resolveRange(BLOCKS, "q-1", "q-1")).toEqual({ start: 3, end: 3, ids: ["q-1"], whole: false });
  });

  it("counts a range from the first to the last block as the whole text", () => {
    const range = resolveRange(BLOCKS, "h-intro", "fn-2");
    expect(range).toMatchObject({ whole: true, start: 0, end: BLOCKS.length - 1 });
    expect(isRange(range) && range.ids).not.toContain("fn-1");
  });

  it("does not count footnotes inside a range ending on them", () => {
    const range = resolveRange(BLOCKS, "p-3", "fn-1");
    expect(range).toEqual({ start: 7, end: 8, ids: ["p-3"], whole: false });
  });

  it("refuses a range that ends before it starts, on the end field", () => {
    const range = resolveRange(BLOCKS, "p-3", "p-1");
    expect(range).toEqual({ field: "endBlockId", message: expect.stringMatching(/ends before it starts/) });
  });

  it("refuses a start that is not a block of this text, on the start field", () => {
    expect(resolveRange(BLOCKS, "p-from-another-text", "p-3")).toEqual({ field: "startBlockId", message: expect.stringMatching(/start is not a paragraph/) });
  });

  it("refuses an end that is not a block of this text, on the end field", () => {
    expect(resolveRange(BLOCKS, "p-1", "p-from-another-text")).toEqual({ field: "endBlockId", message: expect.stringMatching(/end is not a paragraph/) });
  });

  it("refuses a range of nothing but footnotes", () => {
    expect(resolveRange(BLOCKS, "fn-1", "fn-2")).toEqual({ field: "startBlockId", message: expect.stringMatching(/no paragraphs/) });
  });

  it("refuses any range over a text without blocks", () => {
    expect(resolveRange([], "p-1", "p-1")).toMatchObject({ field: "startBlockId" });
  });
});

describe("blocksReadAt", () => {
  const range = { ids: ["p-2", "q-1", "h-two", "l-1"] };

  it("counts blocks read from the range's start, the first block being 1", () => {
    expect(blocksReadAt(range, "p-2")).toBe(1);
    expect(blocksReadAt(range, "h-two")).toBe(3);
    expect(blocksReadAt(range, "l-1")).toBe(4);
  });

  it("is null for a block outside the range, before or after it, or a footnote", () => {
    expect(blocksReadAt(range, "p-1")).toBeNull();
    expect(blocksReadAt(range, "p-3")).toBeNull();
    expect(blocksReadAt(range, "fn-1")).toBeNull();
    expect(blocksReadAt(range, "")).toBeNull();
  });
});

describe("percentRead", () => {
  it("rounds to a whole percent", () => {
    expect(percentRead(1, 3)).toBe(33);
    expect(percentRead(2, 3)).toBe(67);
    expect(percentRead(3, 3)).toBe(100);
    expect(percentRead(0, 8)).toBe(0);
  });

  it("never goes over 100 (a range that shrank since)", () => {
    expect(percentRead(12, 8)).toBe(100);
  });

  it("is 0 for an empty or impossible total rather than NaN or Infinity", () => {
    expect(percentRead(3, 0)).toBe(0);
    expect(percentRead(0, 0)).toBe(0);
    expect(percentRead(3, -1)).toBe(0);
  });
});

describe("paragraphNumbers", () => {
  it("numbers paragraphs, quotes and list items, skipping headings, rules and footnotes", () => {
    expect([...paragraphNumbers(BLOCKS)]).toEqual([
      ["p-1", 1],
      ["p-2", 2],
      ["q-1", 3],
      ["l-1", 4],
      ["p-3", 5],
    ]);
  });

  it("leaves out an empty block (a title's note marker), so the first words are ¶1", () => {
    const numbers = paragraphNumbers([
      { id: "marker", kind: "paragraph", plainText: "  " },
      { id: "first", kind: "paragraph", plainText: "The first words." },
    ]);
    expect([...numbers]).toEqual([["first", 1]]);
  });

  it("is empty for a text of headings only", () => {
    expect(paragraphNumbers([{ id: "h", kind: "heading", plainText: "Title" }]).size).toBe(0);
  });
});

describe("blockLabel and describeRange", () => {
  it("names a paragraph by its number and first six words, collapsing whitespace", () => {
    expect(blockLabel(BLOCKS, "p-1")).toBe("¶1 “The masses learn from their own…”");
  });

  it("does not clip a short paragraph", () => {
    expect(blockLabel(BLOCKS, "p-2")).toBe("¶2 “Short one.”");
  });

  it("names a heading by its title, clipped at ten words, without a number", () => {
    expect(blockLabel(BLOCKS, "h-intro")).toBe("The question of organisation in a period of retreat");
    expect(blockLabel([{ id: "h", kind: "heading", plainText: "one two three four five six seven eight nine ten eleven" }], "h")).toBe(
      "one two three four five six seven eight nine ten…",
    );
  });

  it("names a footnote without a paragraph number", () => {
    expect(blockLabel(BLOCKS, "fn-1")).toBe("“A footnote.”");
  });

  it("says so for a block no longer in the text", () => {
    expect(blockLabel(BLOCKS, "p-gone")).toBe("a passage no longer in the text");
  });

  it("uses the numbers it is given", () => {
    expect(blockLabel(BLOCKS, "p-3", new Map([["p-3", 42]]))).toBe("¶42 “The last paragraph of the text.”");
  });

  it("describes the whole text, one block, and a span", () => {
    expect(describeRange(BLOCKS, null, null)).toBe("the whole text");
    expect(describeRange(BLOCKS, "p-1", null)).toBe("the whole text");
    expect(describeRange(BLOCKS, "q-1", "q-1")).toBe("¶3 “A quoted passage of some length…”");
    expect(describeRange(BLOCKS, "p-2", "l-1")).toBe("from ¶2 “Short one.” to ¶4 “First point of the list”");
  });

  it("names a long text's range by its chapters when it runs from a chapter's start to a chapter's end", () => {
    const words = Array.from({ length: 2500 }, () => "word").join(" ");
    const book: RangeBlock[] = [1, 2, 3, 4].flatMap((c) => [
      { id: `h-${c}`, kind: "heading", level: 2, plainText: `Chapter ${c}` },
      ...[1, 2].map((p) => ({ id: `c${c}-p${p}`, kind: "paragraph", level: 0, plainText: words })),
    ]);
    expect(describeRange(book, "h-2", "c3-p2")).toBe("chapters 2–3, “Chapter 2” to “Chapter 3”");
    expect(describeRange(book, "h-4", "c4-p2")).toBe("chapter 4, “Chapter 4”");
    // Part of a chapter is still from paragraph to paragraph.
    expect(describeRange(book, "h-2", "c3-p1")).toBe("from Chapter 2 to ¶5 “word word word word word word…”");
  });
});
