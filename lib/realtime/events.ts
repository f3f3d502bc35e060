import "server-only";
import type { Prisma } from "@/lib/generated/prisma/client";

// The group's event log. Every change to group data calls recordEvent inside the
// transaction that makes it: the group's counter is raised (its row lock orders the
// group's writers, so numbers never skip or repeat), the event is stored, and
// pg_notify announces it — Postgres delivers the notification only if the transaction
// commits, so listeners never hear of a change that was rolled back.

/** The channel every app instance LISTENs on. */
export const EVENTS_CHANNEL = "study_circle_events";
/** The channel that says "this person's inbox changed" (payload: their user id). */
export const INBOX_CHANNEL = "study_circle_inbox";

export type EventKind =
  | "annotation.created"
  | "annotation.updated"
  | "annotation.deleted"
  | "reaction"
  | "thread.updated"
  | "reading.created"
  | "reading.updated"
  | "reading.deleted";

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

/** Writes one event of the group's log in the caller's transaction and announces it; returns its number. */
export async function recordEvent(tx: Prisma.TransactionClient, event: NewEvent): Promise<number> {
  const [row] = await tx.$queryRaw<{ eventSeq: number }[]>`
    UPDATE "Group" SET "eventSeq" = "eventSeq" + 1 WHERE id = ${event.groupId} RETURNING "eventSeq"`;
  if (!row) throw new Error("recordEvent: no such group");
  const seq = row.eventSeq;
  await tx.event.create({
    data: {
      groupId: event.groupId,
      seq,
      kind: event.kind,
      actorId: event.actorId,
      textId: event.textId ?? null,
      annotationId: event.annotationId ?? null,
      threadId: event.threadId ?? null,
      readingId: event.readingId ?? null,
      onlyUserId: event.onlyUserId ?? null,
    },
  });
  await tx.$executeRaw`SELECT pg_notify(${EVENTS_CHANNEL}, ${JSON.stringify({ groupId: event.groupId, seq })})`;
  return seq;
}

/**
 * Records a change to a note or reply: its text and thread, and — when only one person
 * may see it (a private note, or a reply in one) — who that is.
 */
export async function annotationEvent(tx: Prisma.TransactionClient, annotationId: string, kind: EventKind, actorId: string): Promise<number> {
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
