import "server-only";
import { Prisma } from "@/lib/generated/prisma/client";

// Who may see a note, written as SQL for the queries that do their work in one statement
// (the notes list, the realtime audience). The same rules as `seenBy`/`visibleTo`/
// `replyVisibleTo` in lib/annotations/annotations.ts ("post before you peek" is stated in
// lib/readings/peek.ts, for SQL and Prisma alike):
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

/** A timestamp as JavaScript's toISOString() writes it (Prisma stores UTC without a zone). */
export function isoSql(column: Prisma.Sql) {
  return Prisma.sql`to_char(${column}, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
}
