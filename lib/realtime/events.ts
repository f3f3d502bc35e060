import "server-only";
import { Prisma } from "@/lib/generated/prisma/client";
import type { EventKind } from "./event-kinds";

// The group's event log. Every change to group data calls recordEvent inside the
// transaction that makes it: the group's counter is raised (its row lock orders the
// group's writers, so numbers never skip or repeat), the event is stored, and
// pg_notify announces it — Postgres delivers the notification only if the transaction
// commits, so listeners never hear of a change that was rolled back.

/** The channel every app instance LISTENs on. */
export const EVENTS_CHANNEL = "study_circle_events";
/** The channel that says "this person's inbox changed" (payload: their user id). */
export const INBOX_CHANNEL = "study_circle_inbox";

export type { EventKind } from "./event-kinds";

export type NewEvent = {
  groupId: string;
  kind: EventKind;
  actorId: string;
  textId?: string | null;
  annotationId?: string | null;
  threadId?: string | null;
  readingId?: string | null;
  /** Only this person may see the item (a private note, or a reply in one). */
  onlyUserId?: string | null;
};

/**
 * Writes one event of the group's log in the caller's transaction and announces it;
 * returns its number. One statement: the group's counter is raised (taking the group
 * row's lock, which orders the group's writers), the event stored and the notification
 * queued together, so the lock is held from here to the commit and no longer. Callers
 * record their event last in the transaction for the same reason.
 */
export async function recordEvent(tx: Prisma.TransactionClient, event: NewEvent): Promise<number> {
  const [row] = await tx.$queryRaw<{ seq: number }[]>`WITH ${eventSql(event)} SELECT seq, announced FROM event`;
  if (!row) throw new Error("recordEvent: no such group");
  return row.seq;
}

/**
 * recordEvent's statement as common table expressions ending in one named `event` (seq,
 * announced), for a statement that makes its change and records it at once; with `onlyIf`,
 * nothing is recorded unless that holds (say, that a row was inserted).
 */
export function eventSql(event: NewEvent, onlyIf: Prisma.Sql = Prisma.sql`TRUE`): Prisma.Sql {
  return Prisma.sql`counter AS (
      UPDATE "Group" SET "eventSeq" = "eventSeq" + 1 WHERE id = ${event.groupId} AND ${onlyIf} RETURNING "eventSeq"
    ), stored AS (
      INSERT INTO "Event" ("groupId", seq, kind, "actorId", "textId", "annotationId", "threadId", "readingId", "onlyUserId")
      SELECT ${event.groupId}, counter."eventSeq", ${event.kind}, ${event.actorId}, ${event.textId ?? null},
             ${event.annotationId ?? null}::uuid, ${event.threadId ?? null}::uuid, ${event.readingId ?? null}, ${event.onlyUserId ?? null}
      FROM counter
      RETURNING seq
    ), event AS (
      SELECT seq, pg_notify(${EVENTS_CHANNEL}, json_build_object('groupId', ${event.groupId}::text, 'seq', seq)::text) IS NULL AS announced
      FROM stored
    )`;
}

/**
 * Records a change to a note or reply: its text and thread, and — when only one person
 * may see it (a private note, or a reply in one) — who that is.
 */
export async function annotationEvent(
  tx: Prisma.TransactionClient,
  annotationId: string,
  kind: EventKind,
  actorId: string,
  /** What the caller already knows of the item (it just wrote it), to save a read. */
  known?: { groupId: string; textId: string; threadId: string | null; onlyUserId: string | null },
): Promise<number> {
  if (known) return recordEvent(tx, { ...known, kind, actorId, annotationId });
  const row = await tx.annotation.findUniqueOrThrow({
    where: { id: annotationId },
    select: { groupId: true, textId: true, threadId: true, authorId: true, visibility: true, thread: { select: { authorId: true, visibility: true } } },
  });
  const owner = row.thread ? (row.thread.visibility === "private" ? row.thread.authorId : null) : row.visibility === "private" ? row.authorId : null;
  return recordEvent(tx, { groupId: row.groupId, kind, actorId, textId: row.textId, annotationId, threadId: row.threadId, onlyUserId: owner });
}

/**
 * Announces that these people's inboxes changed (new notifications, or some marked read),
 * so their open pages can show the new unread count. In a transaction, heard only if it commits.
 */
export async function announceInbox(tx: Prisma.TransactionClient, userIds: readonly string[]): Promise<void> {
  const unique = [...new Set(userIds)];
  if (unique.length) await tx.$executeRaw`SELECT pg_notify(${INBOX_CHANNEL}, u) FROM unnest(${unique}::text[]) AS u`;
}
