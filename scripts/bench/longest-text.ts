// The library's longest text, counted the way the loader counts words for the page.
import { readTexts } from "@/lib/content/load";
import type { TextUnderTest } from "./types";

export function longestText(): TextUnderTest {
  const texts = readTexts();
  const longest = texts.reduce<(typeof texts)[number] | undefined>(
    (best, text) => (!best || text.wordCount > best.wordCount ? text : best),
    undefined,
  );
  if (!longest) throw new Error("content/texts/ has no texts to read");
  return {
    slug: longest.slug,
    title: longest.frontMatter.title,
    wordCount: longest.wordCount,
    path: `/texts/${longest.slug}`,
  };
}
