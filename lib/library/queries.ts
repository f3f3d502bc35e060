import "server-only";
import { cache } from "react";
import { db } from "@/lib/db";
import type { BlockAttrs, BlockKind, Inline } from "@/lib/content/blocks";
import { blockWords, chaptersOf, type Chapter } from "@/lib/content/chapters";
import { perVersion } from "@/lib/version-cache";
import { listed, readableIn, sharedOnly } from "./scope";

/** Average silent-reading speed for this kind of prose, in words a minute. */
const WORDS_PER_MINUTE = 230;

export function readingMinutes(words: number): number {
  return Math.max(1, Math.round(words / WORDS_PER_MINUTE));
}

const versionSummary = {
  id: true,
  number: true,
  title: true,
  titleEditorial: true,
  author: true,
  year: true,
  wordCount: true,
} as const;

export type LibraryEntry = {
  slug: string;
  /** True for a group's own text, false for the shared library's. */
  own: boolean;
  title: string;
  titleEditorial: boolean;
  author: string | null;
  year: number | null;
  wordCount: number;
  minutes: number;
  versionNumber: number;
  /** When the current version was published. */
  versionCreatedAt: Date;
};

/**
 * Every listed text that has a published version, by title: the shared library, open to
 * everyone; with a group and one of its members, the group's own texts as well.
 */
export async function listLibrary(scope?: { groupId: string; userId: string }): Promise<LibraryEntry[]> {
  const texts = await db.text.findMany({
    where: { currentVersionId: { not: null }, ...listed, ...(scope ? readableIn(scope.groupId, scope.userId) : sharedOnly) },
    select: { slug: true, groupId: true, currentVersion: { select: { ...versionSummary, createdAt: true } } },
  });
  return texts
    .flatMap(({ slug, groupId, currentVersion: v }) =>
      v
        ? [
            {
              slug,
              own: groupId !== null,
              title: v.title,
              titleEditorial: v.titleEditorial,
              author: v.author,
              year: v.year,
              wordCount: v.wordCount,
              minutes: readingMinutes(v.wordCount),
              versionNumber: v.number,
              versionCreatedAt: v.createdAt,
            },
          ]
        : [],
    )
    .sort((a, b) => a.title.localeCompare(b.title));
}

export type ReadingBlock = {
  id: string;
  kind: BlockKind;
  level: number;
  content: Inline[];
  attrs: BlockAttrs;
};

export type ReadingText = {
  slug: string;
  /** A group's own text (not the shared library's). */
  own: boolean;
  retired: boolean;
  versionId: string;
  versionNumber: number;
  /** When the current version was published (an edit, for a version after the first). */
  versionCreatedAt: Date;
  title: string;
  titleEditorial: boolean;
  author: string | null;
  year: number | null;
  published: string | null;
  source: string | null;
  licence: string | null;
  credits: string[];
  wordCount: number;
  minutes: number;
  blocks: ReadingBlock[];
  /** The text's headings, for a table of contents. */
  toc: { id: string; level: number; title: string }[];
  /** A long text's chapters (read one to a page), or null for a text read on one page. */
  chapters: Chapter[] | null;
};

/**
 * The current version of a text with its blocks in order, or null for a slug this request
 * may not read: without a group, shared texts only; in a group, for one of its members,
 * its own texts too (retired ones included, so that their notes stay readable).
 */
export const getReadingText = cache(async (slug: string, groupId?: string, userId?: string): Promise<ReadingText | null> => {
  const text = await db.text.findFirst({
    where: { slug, ...(groupId && userId ? readableIn(groupId, userId) : sharedOnly) },
    select: {
      slug: true,
      groupId: true,
      retiredAt: true,
      currentVersion: {
        select: {
          ...versionSummary,
          createdAt: true,
          published: true,
          source: true,
          licence: true,
          credits: true,
        },
      },
    },
  });
  const v = text?.currentVersion;
  if (!text || !v) return null;
  const { blocks, toc, chapters } = await readingBlocks(v.id);
  return {
    slug: text.slug,
    own: text.groupId !== null,
    retired: text.retiredAt !== null,
    versionId: v.id,
    versionNumber: v.number,
    versionCreatedAt: v.createdAt,
    title: v.title,
    titleEditorial: v.titleEditorial,
    author: v.author,
    year: v.year,
    published: v.published,
    source: v.source,
    licence: v.licence,
    credits: v.credits,
    wordCount: v.wordCount,
    minutes: readingMinutes(v.wordCount),
    blocks,
    toc,
    chapters,
  };
});

type VersionReading = Pick<ReadingText, "blocks" | "toc" | "chapters">;

// A version's blocks (and the chapters worked out from them) are kept in memory: the text
// was found above, through the group's scope, so only what is in it comes from here. A
// long book's blocks are a few MB, hence fewer versions than lib/version-cache.ts's usual.
const readingBlocks = perVersion(16, async (versionId): Promise<VersionReading> => {
  const rows = await db.block.findMany({
    where: { versionId },
    orderBy: { position: "asc" },
    select: { id: true, kind: true, level: true, content: true, attrs: true, plainText: true },
  });
  const blocks = rows.map((b) => ({
    id: b.id,
    kind: b.kind,
    level: b.level,
    // Written by lib/content/load.ts from the same types.
    content: b.content as Inline[],
    attrs: b.attrs as BlockAttrs,
  }));
  const words = blocks.reduce((n, b) => n + (b.kind === "footnote" ? 0 : blockWords(b)), 0);
  return {
    blocks,
    toc: rows.filter((b) => b.kind === "heading").map((b) => ({ id: b.id, level: b.level, title: b.plainText })),
    chapters: chaptersOf(blocks, words),
  };
});

/** Slugs of every published shared text, for pre-rendering. */
export async function listSlugs(): Promise<string[]> {
  const texts = await db.text.findMany({ where: { currentVersionId: { not: null }, ...sharedOnly }, select: { slug: true } });
  return texts.map((t) => t.slug);
}
