import "server-only";
import { db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import { announceInbox } from "@/lib/realtime/events";
import { findMentions } from "./mentions";

// Who hears about what, decided inside the transaction that writes the note or reply,
// so a notification exists exactly when its cause does. Nobody is told about a thread
// they cannot see: a private note's thread reaches only its author, a hidden one only
// its author and the facilitators, and people who left the group nobody.

type Tx = Prisma.TransactionClient;

export type ThreadInfo = { id: string; groupId: string; authorId: string; visibility: "group" | "private"; hiddenAt: Date | null };

/** Of these people, the ones who are members now and may see the thread. */
export async function audience(tx: Tx, thread: ThreadInfo, candidates: Iterable<string>): Promise<string[]> {
  const ids = [...new Set(candidates)];
  if (!ids.length) return [];
  const members = await tx.membership.findMany({ where: { groupId: thread.groupId, userId: { in: ids } }, select: { userId: true, role: true } });
  return members
    .filter((m) => {
      if (thread.visibility === "private") return m.userId === thread.authorId;
      if (thread.hiddenAt) return m.userId === thread.authorId || m.role === "facilitator";
      return true;
    })
    .map((m) => m.userId);
}

/** Stores who a note's body names (members only) and returns those named for the first time. */
export async function recordMentions(tx: Tx, note: { id: string; groupId: string; body: string }, options: { isNew?: boolean } = {}): Promise<string[]> {
  // Most notes name nobody: no need to read the group's members for them (nor, for a new
  // note, to clear mentions it cannot have yet).
  if (!note.body.includes("@")) {
    if (!options.isNew) await tx.mention.deleteMany({ where: { annotationId: note.id } });
    return [];
  }
  const members = await tx.membership.findMany({ where: { groupId: note.groupId }, select: { user: { select: { id: true, name: true } } } });
  const named = findMentions(
    note.body,
    members.map((m) => m.user),
  ).map((m) => m.id);
  const before = await tx.mention.findMany({ where: { annotationId: note.id }, select: { userId: true } });
  const had = new Set(before.map((m) => m.userId));
  await tx.mention.deleteMany({ where: { annotationId: note.id, userId: { notIn: named } } });
  const fresh = named.filter((id) => !had.has(id));
  if (fresh.length) await tx.mention.createMany({ data: fresh.map((userId) => ({ annotationId: note.id, userId })), skipDuplicates: true });
  return fresh;
}

/** Follows a thread: explicitly (true/false, kept), or because one wrote in it (only when no choice was made). */
export async function follow(tx: Tx, threadId: string, userId: string, following?: boolean) {
  if (following === undefined) {
    await tx.threadFollow.createMany({ data: [{ threadId, userId, following: true }], skipDuplicates: true });
    return;
  }
  await tx.threadFollow.upsert({
    where: { threadId_userId: { threadId, userId } },
    create: { threadId, userId, following },
    update: { following },
  });
}

/**
 * Notifies about a new note or reply: the people it mentions, and for a reply the
 * author of what it answers and the thread's followers. One notification per person
 * per item (a mention wins over a reply); never the writer themselves.
 */
export async function notifyNewItem(
  tx: Tx,
  options: { itemId: string; actorId: string; thread: ThreadInfo; mentioned: string[]; parentAuthorId?: string | null },
): Promise<string[]> {
  const { itemId, actorId, thread } = options;
  const mentioned = (await audience(tx, thread, options.mentioned)).filter((id) => id !== actorId);
  let repliedTo: string[] = [];
  if (options.parentAuthorId !== undefined) {
    const followers = await tx.threadFollow.findMany({ where: { threadId: thread.id, following: true }, select: { userId: true } });
    const candidates = followers.map((f) => f.userId);
    if (options.parentAuthorId) candidates.push(options.parentAuthorId);
    const seen = new Set([...mentioned, actorId]);
    repliedTo = (await audience(tx, thread, candidates)).filter((id) => !seen.has(id));
  }
  const rows = [
    ...mentioned.map((userId) => ({ userId, kind: "mention" as const })),
    ...repliedTo.map((userId) => ({ userId, kind: "reply" as const })),
  ];
  if (rows.length) {
    await tx.notification.createMany({
      data: rows.map((r) => ({ ...r, groupId: thread.groupId, actorId, threadId: thread.id, annotationId: itemId })),
      skipDuplicates: true,
    });
    await announceInbox(tx, rows.map((r) => r.userId));
  }
  return rows.map((r) => r.userId);
}

/** Tells a question's author it was answered or resolved by someone else. */
export async function notifyAnswered(tx: Tx, options: { thread: ThreadInfo; actorId: string; itemId: string }) {
  const { thread, actorId } = options;
  if (thread.authorId === actorId) return [];
  const [author] = await audience(tx, thread, [thread.authorId]);
  if (!author) return [];
  await tx.notification.createMany({
    data: [{ userId: author, kind: "answer", groupId: thread.groupId, actorId, threadId: thread.id, annotationId: options.itemId }],
    skipDuplicates: true,
  });
  await announceInbox(tx, [author]);
  return [author];
}

/** Reads a thread's facts for the functions above. */
export async function threadInfo(tx: Tx | typeof db, threadId: string): Promise<ThreadInfo> {
  return tx.annotation.findUniqueOrThrow({
    where: { id: threadId },
    select: { id: true, groupId: true, authorId: true, visibility: true, hiddenAt: true },
  });
}
