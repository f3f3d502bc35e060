import "server-only";
import { db } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import { seesSql } from "@/lib/annotations/visibility-sql";
import { peekLockedSql } from "@/lib/readings/peek";

// Who, of the members reading a group's stream on this instance, may see a note: asked
// once per event for all of them, not once per reader. The rules are those of
// `visibleTo` (lib/annotations) and `peekLocked` (lib/readings), in the SQL of
// lib/annotations/visibility-sql.ts (which the notes list uses too), as one query over the
// group's memberships; lib/realtime/audience.int.test.ts holds the two to the same answers.

/**
 * The users among `userIds` who are members of the group and may see this note as it
 * stands now: not deleted; their own, or shared with the group and not hidden (a
 * facilitator sees hidden ones); the same for its thread; and, for a member whose week
 * asks them to post before they peek, their own (and replies in their own threads) until
 * they have written on the text. With `beforeDeletion`, who could see it just before it
 * was deleted.
 */
export async function audienceOf(groupId: string, annotationId: string, userIds: string[], options: { beforeDeletion?: boolean } = {}): Promise<Set<string>> {
  if (!userIds.length) return new Set();
  const rows = await audienceQuery(groupId, annotationId, userIds, options);
  return new Set(rows.map((r) => r.userId));
}

/** The query of `audienceOf`, unawaited, to run in a transaction with others. */
export function audienceQuery(groupId: string, annotationId: string, userIds: string[], options: { beforeDeletion?: boolean } = {}) {
  const deleted = options.beforeDeletion ? Prisma.sql`TRUE` : Prisma.sql`a."deletedAt" IS NULL`;
  return db.$queryRaw<{ userId: string }[]>`
    SELECT m."userId"
    FROM "Membership" m
    JOIN "Annotation" a ON a.id = ${annotationId}::uuid AND a."groupId" = m."groupId"
    LEFT JOIN "Annotation" t ON t.id = a."threadId"
    WHERE m."groupId" = ${groupId}
      AND m."userId" = ANY(${userIds}::text[])
      AND ${deleted}
      AND ${seesSql("a", "m")}
      AND (t.id IS NULL OR ${seesSql("t", "m")})
      AND (a."authorId" = m."userId" OR t."authorId" = m."userId" OR NOT ${peekLockedSql("m", Prisma.sql`a."textId"`)})
  `;
}

/** The users among `userIds` who are still members of the group. */
export async function stillMembers(groupId: string, userIds: string[]): Promise<Set<string>> {
  if (!userIds.length) return new Set();
  const rows = await db.membership.findMany({ where: { groupId, userId: { in: userIds } }, select: { userId: true } });
  return new Set(rows.map((r) => r.userId));
}

/**
 * Of `userIds`, the members to whom this note's text is still closed ("post before you
 * peek") and who neither wrote it nor started its thread: told nothing about it, not
 * even that a note with its id stopped being theirs to see.
 */
export function lockedOutQuery(groupId: string, annotationId: string, userIds: string[]) {
  return db.$queryRaw<{ userId: string }[]>`
    SELECT m."userId"
    FROM "Membership" m
    JOIN "Annotation" a ON a.id = ${annotationId}::uuid AND a."groupId" = m."groupId"
    LEFT JOIN "Annotation" t ON t.id = a."threadId"
    WHERE m."groupId" = ${groupId}
      AND m."userId" = ANY(${userIds}::text[])
      AND a."authorId" <> m."userId" AND (t.id IS NULL OR t."authorId" <> m."userId")
      AND ${peekLockedSql("m", Prisma.sql`a."textId"`)}
  `;
}
