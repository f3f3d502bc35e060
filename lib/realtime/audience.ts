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
 * A change that may take a note out of some readers' view, whose audience before it is
 * asked for: its deletion, a facilitator hiding it, or its author making it private.
 */
export type Narrowing = "deletion" | "hiding" | "unsharing";

/**
 * The users among `userIds` who are members of the group and may see this note as it
 * stands now: not deleted; their own, or shared with the group and not hidden (a
 * facilitator sees hidden ones); the same for its thread; and, for a member whose week
 * asks them to post before they peek, their own (and replies in their own threads) until
 * they have written on the text. With `before`, who could see it just before that change,
 * deleted since or not (a deletion that follows quickly must not keep them from hearing).
 */
export async function audienceOf(groupId: string, annotationId: string, userIds: string[], options: { before?: Narrowing } = {}): Promise<Set<string>> {
  if (!userIds.length) return new Set();
  const rows = await audienceQuery(groupId, annotationId, userIds, options);
  return new Set(rows.map((r) => r.userId));
}

/** The query of `audienceOf`, unawaited, to run in a transaction with others. */
export function audienceQuery(groupId: string, annotationId: string, userIds: string[], options: { before?: Narrowing } = {}) {
  const { before } = options;
  const deleted = before ? Prisma.sql`TRUE` : Prisma.sql`a."deletedAt" IS NULL`;
  // The note's row as it was before the change. Before it was hidden or made private it was
  // shared, whatever it is now (a note is hidden only while shared); before it was hidden, it
  // was shown. So a reader coming back after both changes learns from the first that it is gone.
  const hiddenAt = before === "hiding" ? Prisma.sql`NULL::timestamp(3)` : Prisma.sql`n."hiddenAt"`;
  const visibility = before === "hiding" || before === "unsharing" ? Prisma.sql`'group'::"Visibility"` : Prisma.sql`n.visibility`;
  return db.$queryRaw<{ userId: string }[]>`
    SELECT m."userId"
    FROM "Membership" m
    JOIN (
      SELECT n.id, n."groupId", n."authorId", n."textId", n."threadId", n."deletedAt", ${visibility} AS visibility, ${hiddenAt} AS "hiddenAt"
      FROM "Annotation" n WHERE n.id = ${annotationId}::uuid
    ) a ON a."groupId" = m."groupId"
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
