import "server-only";
import { Prisma } from "@/lib/generated/prisma/client";

// Who may see a note, written as SQL for the queries that do their work in one statement
// (the notes list, the realtime audience). The same rules as `seenBy`/`visibleTo`/
// `replyVisibleTo` in lib/annotations/annotations.ts and `peekLocked` in lib/readings:
// lib/annotations/list.int.test.ts and lib/realtime/audience.int.test.ts hold them to the
// same answers. `a` is an "Annotation" row, `m` the reader's "Membership" row.

const id = (alias: string) => Prisma.raw(`"${alias.replaceAll('"', "")}"`);

/** The reader may see this note or thread start: their own, or shared with the group and not hidden (facilitators see hidden ones). */
export function seesSql(a: string, m: string) {
  return Prisma.sql`(${id(a)}."authorId" = ${id(m)}."userId" OR (${id(a)}.visibility = 'group' AND (${id(a)}."hiddenAt" IS NULL OR ${id(m)}.role = 'facilitator')))`;
}

/** A reply in a thread the reader may see: not deleted; their own, or not hidden (facilitators see hidden ones). */
export function replyReadableSql(r: string, m: string) {
  return Prisma.sql`(${id(r)}."deletedAt" IS NULL AND (${id(r)}."authorId" = ${id(m)}."userId" OR ${id(r)}."hiddenAt" IS NULL OR ${id(m)}.role = 'facilitator'))`;
}

/**
 * "Post before you peek" still closes this text to the reader: a member (not a
 * facilitator) with a current week on the text that asks it, who has not yet written a
 * note, question or reply on it for the group (a private note opens nothing).
 */
export function peekLockedSql(m: string, textId: Prisma.Sql) {
  return Prisma.sql`(
    ${id(m)}.role = 'member'
    AND EXISTS (
      SELECT 1 FROM "Reading" gate
      WHERE gate."groupId" = ${id(m)}."groupId" AND gate."textId" = ${textId} AND gate."postBeforePeek" AND gate."deletedAt" IS NULL
    )
    AND NOT EXISTS (
      SELECT 1 FROM "Annotation" mine
      LEFT JOIN "Annotation" mine_thread ON mine_thread.id = mine."threadId"
      WHERE mine."groupId" = ${id(m)}."groupId" AND mine."textId" = ${textId} AND mine."authorId" = ${id(m)}."userId"
        AND mine."deletedAt" IS NULL AND mine.kind IN ('comment', 'question', 'reply') AND mine.visibility = 'group'
        AND (mine."threadId" IS NULL OR (mine_thread.visibility = 'group' AND mine_thread."deletedAt" IS NULL))
    )
  )`;
}

/** A timestamp as JavaScript's toISOString() writes it (Prisma stores UTC without a zone). */
export function isoSql(column: Prisma.Sql) {
  return Prisma.sql`to_char(${column}, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
}
