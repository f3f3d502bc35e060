import "server-only";
import { db } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";

// "Post before you peek", stated once. A week can ask members to write on its text before
// they read what the group wrote there: until they have, a plain member (not a
// facilitator) sees only their own notes on the text and the replies in their own threads.
// The rule holds in every path that reads notes — one note, the list, the counts on the
// group's page and the schedule, reactions, following, the event stream, the inbox and
// the mail — which all take it from here: `peekLockedSql` for statements written in SQL,
// `lockedTexts` + `openTo` / `notificationOpenTo` for Prisma filters.
//
// This module reads only the database: lib/annotations, lib/discussion and lib/realtime
// import it without importing the rest of lib/readings.

const id = (alias: string) => Prisma.raw(`"${alias.replaceAll('"', "")}"`);

/**
 * "Post before you peek" still closes this text to the reader: a member (not a
 * facilitator) with a week on the text that asks it, who has not yet written a note,
 * question or reply on it for the group (a private note opens nothing). `m` is the
 * reader's "Membership" row.
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

/** A text closed to a reader in one of their groups. */
export type LockedText = { groupId: string; textId: string };

/** The texts closed to this person now: in one group, or (without `groupId`) in every group they are in. */
export async function lockedTexts(userId: string, groupId?: string): Promise<LockedText[]> {
  return db.$queryRaw<LockedText[]>`
    SELECT DISTINCT m."groupId", r."textId"
    FROM "Membership" m
    JOIN "Reading" r ON r."groupId" = m."groupId" AND r."postBeforePeek" AND r."deletedAt" IS NULL
    WHERE m."userId" = ${userId} AND m.role = 'member'
      ${groupId === undefined ? Prisma.empty : Prisma.sql`AND m."groupId" = ${groupId}`}
      AND ${peekLockedSql("m", Prisma.sql`r."textId"`)}`;
}

/** Whether the group's notes on this text are still closed to this member. */
export async function peekLocked(userId: string, groupId: string, textId: string): Promise<boolean> {
  const [row] = await db.$queryRaw<{ locked: boolean }[]>`
    SELECT ${peekLockedSql("m", Prisma.sql`${textId}`)} AS locked
    FROM "Membership" m
    WHERE m."userId" = ${userId} AND m."groupId" = ${groupId}`;
  return row?.locked ?? false;
}

/**
 * Notes and replies the lock leaves open to this reader, as a Prisma filter: everything
 * when nothing is locked; otherwise their own, the replies in their own threads, and
 * anything on a text that is not locked for them.
 */
export function openTo(userId: string, locked: readonly LockedText[]): Prisma.AnnotationWhereInput {
  if (!locked.length) return {};
  return {
    OR: [
      { authorId: userId },
      { thread: { authorId: userId } },
      { NOT: { OR: locked.map((l) => ({ groupId: l.groupId, textId: l.textId })) } },
    ],
  };
}

/** Notifications the lock leaves open to this reader: the same rule as `openTo`, applied to the thread they are about. */
export function notificationOpenTo(userId: string, locked: readonly LockedText[]): Prisma.NotificationWhereInput {
  if (!locked.length) return {};
  return {
    OR: [
      { threadId: null },
      { thread: { authorId: userId } },
      { annotation: { authorId: userId } },
      { NOT: { OR: locked.map((l) => ({ groupId: l.groupId, thread: { textId: l.textId } })) } },
    ],
  };
}
