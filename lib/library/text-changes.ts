import "server-only";
// What changed in a text between two of its versions, for a member of a group reading it.
// The text is found by the same rule as the reader (lib/library/scope.ts): the shared
// library, or this group's own texts, and only for a member of this group — all in the
// one statement that finds the versions, so a non-member, another group's member, or a
// slug that is not there all get the same NOT_FOUND.
import { z } from "zod";
import { db } from "@/lib/db";
import { notFound } from "@/lib/errors";
import { Prisma } from "@/lib/generated/prisma/client";
import { checkId } from "@/lib/groups/groups";
import { compareVersions, countChanges, type ChangeCounts, type ParagraphChange } from "./changes";
import { readableInSql } from "./scope";

const TEXT = "That text";

/** Far beyond any text's history; keeps a hand-typed number from being a query for nothing. */
const MAX_VERSION_NUMBER = 100_000;

const versionNumber = z.coerce
  .number({ error: "A version is a number." })
  .int("A version is a whole number.")
  .min(1, "Versions are numbered from 1.")
  .max(MAX_VERSION_NUMBER, "There is no such version.");

/** The two versions to compare, as the page's address gives them (?from=2&to=3); either may be left out. */
export const versionPairSchema = z.object({ from: versionNumber.optional(), to: versionNumber.optional() });

export type VersionEntry = { number: number; title: string; createdAt: Date };

export type TextChanges = {
  slug: string;
  /** A group's own text (not the shared library's). */
  own: boolean;
  retired: boolean;
  /** The current version: its title names the text. */
  current: VersionEntry;
  /** Every version, newest first. */
  versions: VersionEntry[];
  /** The older of the two compared; null when the newer is the first version (nothing to compare with). */
  from: VersionEntry | null;
  to: VersionEntry;
  changes: ParagraphChange[];
  counts: ChangeCounts;
};

type Row = { own: boolean; retired: boolean; isCurrent: boolean; id: string; number: number; title: string; createdAt: Date };

/**
 * The paragraphs that changed from version `from` to version `to` of a text read in a
 * group. By default the current version against the one before it; given only `to`, that
 * version against the one before it; given only `from`, that version against the current.
 * The two are compared older to newer whichever way round they are given. Retired texts
 * are included, as in the reader: their notes (and their history) stay readable.
 * NOT_FOUND for anyone but the group's members, and for a text or version that is not there.
 */
export async function getTextChanges(userId: string, groupId: string, slug: string, from?: number, to?: number): Promise<TextChanges> {
  checkId(groupId);
  // One row per version of the text, only if the reader is a member of the group and the text is readable in it.
  const rows = await db.$queryRaw<Row[]>`
    SELECT t."groupId" IS NOT NULL AS own, t."retiredAt" IS NOT NULL AS retired, v.id = t."currentVersionId" AS "isCurrent",
           v.id, v.number, v.title, v."createdAt"
    FROM "Membership" m
    JOIN "Text" t ON t.slug = ${slug} AND t."currentVersionId" IS NOT NULL AND ${readableInSql("t", Prisma.sql`m."groupId"`, userId)}
    JOIN "TextVersion" v ON v."textId" = t.id
    WHERE m."groupId" = ${groupId} AND m."userId" = ${userId}
    ORDER BY v.number DESC`;
  const currentRow = rows.find((r) => r.isCurrent);
  if (!currentRow) throw notFound(TEXT);

  const byNumber = new Map(rows.map((r) => [r.number, r]));
  const wanted = (n: number) => byNumber.get(n) ?? throwNotFound();
  let newer = wanted(to ?? currentRow.number);
  let older = from !== undefined ? wanted(from) : (byNumber.get(newer.number - 1) ?? null);
  if (older && older.number > newer.number) [older, newer] = [newer, older];

  const blocks = await db.block.findMany({
    where: { versionId: { in: older ? [older.id, newer.id] : [newer.id] } },
    orderBy: { position: "asc" },
    select: { versionId: true, id: true, kind: true, level: true, plainText: true },
  });
  const of = (versionId: string) => blocks.filter((b) => b.versionId === versionId).map(({ id, kind, level, plainText }) => ({ id, kind, level, plainText }));
  const changes = older ? compareVersions(of(older.id), of(newer.id)) : [];

  return {
    slug,
    own: currentRow.own,
    retired: currentRow.retired,
    current: entry(currentRow),
    versions: rows.map(entry),
    from: older && entry(older),
    to: entry(newer),
    changes,
    counts: countChanges(changes),
  };
}

function entry(row: Row): VersionEntry {
  return { number: row.number, title: row.title, createdAt: row.createdAt };
}

function throwNotFound(): never {
  throw notFound("That version of the text");
}
