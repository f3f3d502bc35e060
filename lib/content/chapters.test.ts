import { describe, expect, it } from "vitest";
import type { Inline } from "./blocks";
import { chapterBlocks, chapterOfBlock, chaptersOf, LONG_TEXT_WORDS, type ChapterBlock } from "./chapters";

const words = (n: number, word = "word") => Array.from({ length: n }, () => word).join(" ");
let seq = 0;
const para = (n: number, extra: Inline[] = []): ChapterBlock => ({
  id: `p${++seq}`,
  kind: "paragraph",
  level: 0,
  content: [{ type: "text", value: words(n) }, ...extra],
  attrs: {},
});
const heading = (title: string, level = 2): ChapterBlock => ({ id: `h-${title}`, kind: "heading", level, content: [{ type: "text", value: title }], attrs: {} });
const note = (id: string, backrefs: string[], continuation = false): ChapterBlock => ({
  id,
  kind: "footnote",
  level: 0,
  content: [{ type: "text", value: "a note" }],
  attrs: continuation ? { continuation: true } : { backrefs },
});
const total = (blocks: ChapterBlock[]) =>
  blocks.reduce((n, b) => n + (b.kind === "footnote" ? 0 : b.content.reduce((m, c) => m + (c.type === "text" ? c.value.split(" ").length : 0), 0)), 0);

describe("chaptersOf", () => {
  it("leaves a text under the long-text size on one page", () => {
    const blocks = [heading("One"), para(100), heading("Two"), para(100)];
    expect(chaptersOf(blocks, LONG_TEXT_WORDS - 1)).toBeNull();
  });

  it("splits a long text at its highest heading level that repeats, with titles and word counts", () => {
    const blocks = [heading("Chapter I"), para(6000), heading("A section", 3), para(6000), heading("Chapter II"), para(9000), heading("Chapter III"), para(500)];
    const chapters = chaptersOf(blocks, total(blocks))!;
    expect(chapters.map((c) => [c.n, c.title, c.firstBlockId])).toEqual([
      [1, "Chapter I", "h-Chapter I"],
      [2, "Chapter II", "h-Chapter II"],
      [3, "Chapter III", "h-Chapter III"],
    ]);
    expect(chapters.map((c) => c.words)).toEqual([12004, 9002, 502]);
    // Every body block belongs to exactly one chapter, in order.
    expect(chapters.map((c) => [c.start, c.end])).toEqual([
      [0, 4],
      [4, 6],
      [6, 8],
    ]);
  });

  it("goes a level down when a part would still be too long to read on one page", () => {
    const blocks = [heading("Part One"), heading("1", 3), para(20000), heading("2", 3), para(20000), heading("Part Two"), heading("3", 3), para(5000)];
    const chapters = chaptersOf(blocks, total(blocks))!;
    expect(chapters.map((c) => c.title)).toEqual(["1", "2", "3"]);
    // A part's heading opens its first chapter rather than closing the chapter before.
    expect(chapters.map((c) => c.start)).toEqual([0, 3, 5]);
  });

  it("gives a long opening (a preface without a heading) its own chapter, and joins a short one to the first chapter", () => {
    const long = [para(2000), heading("One"), para(15000), heading("Two"), para(15000)];
    expect(chaptersOf(long, total(long))!.map((c) => c.title)).toEqual(["Opening", "One", "Two"]);
    const short = [para(50), heading("One"), para(15000), heading("Two"), para(15000)];
    const chapters = chaptersOf(short, total(short))!;
    expect(chapters.map((c) => c.title)).toEqual(["One", "Two"]);
    expect(chapters[0]!.start).toBe(0);
  });

  it("cuts a long text with no headings into parts at paragraph boundaries", () => {
    const blocks = Array.from({ length: 50 }, () => para(1000));
    const chapters = chaptersOf(blocks, total(blocks))!;
    expect(chapters.length).toBeGreaterThan(4);
    expect(chapters.every((c) => c.words >= 1000 && c.words <= 9000)).toBe(true);
    expect(chapters.map((c) => c.title).slice(0, 2)).toEqual(["Part 1", "Part 2"]);
    expect(chapters.reduce((n, c) => n + c.words, 0)).toBe(50_000);
    expect(chapters.at(-1)!.end).toBe(50);
  });
});

describe("chapterBlocks and chapterOfBlock", () => {
  const ref = (refId: string): Inline => ({ type: "footnoteRef", label: refId, refId });
  const one = [heading("One"), para(12000, [ref("r1")]), heading("Two"), para(12000, [{ type: "emphasis", children: [ref("r2")] }])];
  const blocks = [...one, note("n1", ["r1"]), note("n1b", [], true), note("n2", ["r2"])];
  const chapters = chaptersOf(blocks, total(blocks))!;

  it("gives each chapter its paragraphs and the footnotes they refer to, continuation paragraphs included", () => {
    expect(chapterBlocks(blocks, chapters[0]!).map((b) => b.id)).toEqual(["h-One", one[1]!.id, "n1", "n1b"]);
    expect(chapterBlocks(blocks, chapters[1]!).map((b) => b.id)).toEqual(["h-Two", one[3]!.id, "n2"]);
  });

  it("finds the chapter of a paragraph, and of a footnote by where it is referred to", () => {
    expect(chapterOfBlock(blocks, chapters, one[3]!.id)?.n).toBe(2);
    expect(chapterOfBlock(blocks, chapters, "n1b")?.n).toBe(1);
    expect(chapterOfBlock(blocks, chapters, "n2")?.n).toBe(2);
    expect(chapterOfBlock(blocks, chapters, "nowhere")).toBeNull();
  });
});
