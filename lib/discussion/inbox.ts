import "server-only";
import { db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { EmailFrequency } from "@/lib/generated/prisma/client";
import { formatInTimeZone } from "date-fns-tz";
import { announceInbox } from "@/lib/realtime/events";
import { describeNotification, excerpt, threadUrl } from "./format";
import { lockedTexts, notificationOpenTo, type LockedText } from "@/lib/readings/peek";

// A person's inbox: only their own notifications, only from groups they are still in,
// only about threads they may still see (a thread deleted or hidden since drops out), and
// only for replies they may still read (a reply hidden or deleted since drops out too).
// A text still closed to them ("post before you peek") keeps others' threads out of it.

const PAGE = 50;

const asFacilitator = (userId: string) => ({ group: { memberships: { some: { userId, role: "facilitator" as const } } } });

/**
 * A person's notifications that they may still see: theirs, from a group they are in,
 * about a thread and an item (the note or reply) still open to them. `locked`: the texts
 * closed to them now, from `lockedTexts(userId)`.
 */
export function inboxWhere(userId: string, locked: readonly LockedText[]): Prisma.NotificationWhereInput {
  return {
    userId,
    group: { memberships: { some: { userId } } },
    AND: [notificationOpenTo(userId, locked)],
    OR: [
      // A new week of the schedule, while it is still in it.
      { kind: "reading", reading: { deletedAt: null } },
      {
        thread: {
          deletedAt: null,
          OR: [
            { authorId: userId },
            { visibility: "group", OR: [{ hiddenAt: null }, asFacilitator(userId)] },
          ],
        },
        // The item itself too: a reply hidden by a facilitator reaches only its author and the facilitators.
        annotation: { deletedAt: null, OR: [{ authorId: userId }, { hiddenAt: null }, asFacilitator(userId)] },
      },
    ],
  };
}

/** What a notification of a new week needs to say. */
export const readingSelect = {
  id: true,
  dueAt: true,
  group: { select: { timeZone: true } },
  text: { select: { slug: true, currentVersion: { select: { title: true } } } },
} satisfies Prisma.ReadingSelect;

export function describeReading(groupId: string, reading: Prisma.ReadingGetPayload<{ select: typeof readingSelect }>) {
  const title = reading.text.currentVersion?.title ?? reading.text.slug;
  return {
    text: { slug: reading.text.slug, title },
    excerpt: `${title}, due ${formatInTimeZone(reading.dueAt, reading.group.timeZone, "EEEE d MMMM, HH:mm")} (${reading.group.timeZone})`,
    url: `/groups/${groupId}/texts/${encodeURIComponent(reading.text.slug)}?reading=${reading.id}`,
  };
}

export type InboxItem = {
  id: string;
  kind: "reply" | "mention" | "answer" | "reading";
  line: string;
  excerpt: string;
  group: { id: string; name: string };
  text: { slug: string; title: string };
  threadTitle: string | null;
  quote: string;
  url: string;
  createdAt: string;
  read: boolean;
};

export async function listNotifications(userId: string, options: { before?: string } = {}) {
  const locked = await lockedTexts(userId);
  const rows = await db.notification.findMany({
    where: { ...inboxWhere(userId, locked), ...(options.before ? { createdAt: { lt: new Date(options.before) } } : {}) },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: PAGE + 1,
    select: {
      id: true,
      kind: true,
      createdAt: true,
      readAt: true,
      threadId: true,
      annotationId: true,
      actor: { select: { name: true } },
      group: { select: { id: true, name: true } },
      thread: {
        select: { kind: true, authorId: true, title: true, exact: true, text: { select: { slug: true, currentVersion: { select: { title: true } } } } },
      },
      annotation: { select: { body: true, parent: { select: { id: true, authorId: true } } } },
      reading: { select: readingSelect },
    },
  });
  const items: InboxItem[] = rows.slice(0, PAGE).map((row) => {
    if (row.reading) {
      const about = describeReading(row.group.id, row.reading);
      return {
        id: row.id,
        kind: row.kind,
        line: describeNotification({ kind: row.kind, actor: row.actor, threadKind: "reading", threadAuthorIsMe: false }),
        excerpt: about.excerpt,
        group: row.group,
        text: about.text,
        threadTitle: null,
        quote: "",
        url: about.url,
        createdAt: row.createdAt.toISOString(),
        read: row.readAt !== null,
      };
    }
    const thread = row.thread!;
    return {
      id: row.id,
      kind: row.kind,
      line: describeNotification({
        kind: row.kind,
        actor: row.actor,
        threadKind: thread.kind,
        threadAuthorIsMe: thread.authorId === userId,
        parentIsMine: row.annotation?.parent ? row.annotation.parent.authorId === userId : undefined,
        parentIsThread: row.annotation?.parent ? row.annotation.parent.id === row.threadId : undefined,
      }),
      excerpt: excerpt(row.annotation?.body ?? ""),
      group: row.group,
      text: { slug: thread.text.slug, title: thread.text.currentVersion?.title ?? thread.text.slug },
      threadTitle: thread.title,
      quote: excerpt(thread.exact),
      url: threadUrl(row.group.id, thread.text.slug, row.threadId!, row.annotationId),
      createdAt: row.createdAt.toISOString(),
      read: row.readAt !== null,
    };
  });
  return { items, more: rows.length > PAGE, unread: await unreadCount(userId, locked) };
}

export async function unreadCount(userId: string, locked?: readonly LockedText[]): Promise<number> {
  return db.notification.count({ where: { ...inboxWhere(userId, locked ?? (await lockedTexts(userId))), readAt: null } });
}

/** Marks some of this person's notifications (or all of them) read or unread. Others' ids change nothing. */
export async function markRead(userId: string, options: { ids?: string[]; all?: true; threadId?: string; read: boolean }) {
  const which = options.all ? {} : options.threadId ? { threadId: options.threadId } : { id: { in: options.ids ?? [] } };
  const { count } = await db.notification.updateMany({
    where: { userId, ...which, readAt: options.read ? null : { not: null } },
    data: { readAt: options.read ? new Date() : null },
  });
  // The person's other tabs show the new count too.
  if (count) await announceInbox(db, [userId]);
  return { unread: await unreadCount(userId) };
}

export async function getEmailFrequency(userId: string): Promise<EmailFrequency> {
  const user = await db.user.findUniqueOrThrow({ where: { id: userId }, select: { emailFrequency: true } });
  return user.emailFrequency;
}

export async function setEmailFrequency(userId: string, emailFrequency: EmailFrequency) {
  await db.user.update({ where: { id: userId }, data: { emailFrequency } });
  return { emailFrequency };
}
