import { chapterBlocks } from "@/lib/content/chapters";
import type { ReadingText } from "@/lib/library/queries";
import type { ChapterLink } from "./chapter-nav";

export type ChapterView = {
  /** The text with only this chapter's blocks (and the footnotes they refer to). */
  text: ReadingText;
  links: ChapterLink[];
  current: ChapterLink;
  prev: ChapterLink | null;
  next: ChapterLink | null;
  /** The headings inside the chapter, its own heading left out (the chapter list names it). */
  toc: ReadingText["toc"];
};

/** One chapter of a long text, as a page shows it; null for a text read on one page or a chapter it does not have. */
export function chapterView(text: ReadingText, n: number, href: (n: number) => string): ChapterView | null {
  const chapters = text.chapters;
  const chapter = chapters?.[n - 1];
  if (!chapters || !chapter) return null;
  const blocks = chapterBlocks(text.blocks, chapter);
  const ids = new Set(blocks.map((b) => b.id));
  const links = chapters.map((c) => ({ n: c.n, title: c.title, href: href(c.n), words: c.words }));
  const own = text.toc.find((e) => ids.has(e.id) && e.title === chapter.title);
  return {
    text: { ...text, blocks },
    links,
    current: links[n - 1]!,
    prev: links[n - 2] ?? null,
    next: links[n] ?? null,
    toc: text.toc.filter((e) => ids.has(e.id) && e !== own),
  };
}
