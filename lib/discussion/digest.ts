import "server-only";
import { db } from "@/lib/db";
import { siteUrl } from "@/lib/env";
import type { EmailFrequency } from "@/lib/generated/prisma/client";
import { sendMail } from "@/lib/mail";
import { notificationMail, type DigestSection } from "@/lib/mail/templates";
import { describeNotification, excerpt, threadUrl } from "./format";
import { describeReading, inboxWhere, readingSelect } from "./inbox";
import { lockedTexts } from "@/lib/readings/peek";

// Notifications by email. Each notification is mailed at most once: a run first claims
// the person's unsent items (emailedAt set in one UPDATE … WHERE emailedAt IS NULL), so
// two runs at once, or a run repeated by a scheduler, never send an item twice. Items
// the inbox would not show now (thread or reply deleted or hidden from the person since,
// a text still closed to them) are claimed and left out.

type Result = { mails: number; items: number };

/**
 * Sends each person with this email setting what is waiting for them: one mail per
 * person (one item for "immediately", a digest otherwise). `npm run digest` runs it.
 */
export async function mailPending(frequency: EmailFrequency, options: { userIds?: string[]; now?: Date } = {}): Promise<Result> {
  const result: Result = { mails: 0, items: 0 };
  if (frequency === "none" || (options.userIds && !options.userIds.length)) return result;
  const now = options.now ?? new Date();
  const users = await db.user.findMany({
    where: {
      emailFrequency: frequency,
      ...(options.userIds ? { id: { in: options.userIds } } : {}),
      notifications: { some: { emailedAt: null, createdAt: { lte: now } } },
    },
    select: { id: true, email: true, name: true },
  });
  for (const user of users) {
    try {
      const sent = await mailUser(user, frequency, now);
      if (sent) {
        result.mails += 1;
        result.items += sent;
      }
    } catch (error) {
      // One person's failure (a refused address) does not stop the others; their items stay claimed
      // only if the mail went out, see mailUser.
      console.error(`[mail] could not send notifications to user ${user.id}`, error);
    }
  }
  return result;
}

async function mailUser(user: { id: string; email: string; name: string }, frequency: EmailFrequency, now: Date): Promise<number> {
  const claimed = await db.notification.updateManyAndReturn({
    where: { userId: user.id, emailedAt: null, createdAt: { lte: now } },
    data: { emailedAt: now },
    select: { id: true },
  });
  if (!claimed.length) return 0;
  const ids = claimed.map((c) => c.id);
  try {
    const rows = await db.notification.findMany({
      // Still a member, and the thread still there for them to see.
      where: { id: { in: ids }, ...inboxWhere(user.id, await lockedTexts(user.id)) },
      orderBy: { createdAt: "asc" },
      select: {
        kind: true,
        threadId: true,
        annotationId: true,
        actor: { select: { name: true } },
        group: { select: { id: true, name: true } },
        thread: { select: { kind: true, authorId: true, title: true, text: { select: { slug: true, currentVersion: { select: { title: true } } } } } },
        annotation: { select: { body: true, parent: { select: { id: true, authorId: true } } } },
        reading: { select: readingSelect },
      },
    });
    if (!rows.length) return 0;
    const sections: DigestSection[] = [];
    for (const row of rows) {
      let section = sections.find((s) => s.group === row.group.name);
      if (!section) sections.push((section = { group: row.group.name, texts: [] }));
      if (row.reading) {
        const about = describeReading(row.group.id, row.reading);
        let text = section.texts.find((t) => t.title === about.text.title);
        if (!text) section.texts.push((text = { title: about.text.title, items: [] }));
        const line = describeNotification({ kind: row.kind, actor: row.actor, threadKind: "reading", threadAuthorIsMe: false });
        text.items.push({ line, excerpt: about.excerpt, url: `${siteUrl()}${about.url}` });
        continue;
      }
      const thread = row.thread!;
      const title = thread.text.currentVersion?.title ?? thread.text.slug;
      let text = section.texts.find((t) => t.title === title);
      if (!text) section.texts.push((text = { title, items: [] }));
      const line = describeNotification({
        kind: row.kind,
        actor: row.actor,
        threadKind: thread.kind,
        threadAuthorIsMe: thread.authorId === user.id,
        parentIsMine: row.annotation?.parent ? row.annotation.parent.authorId === user.id : undefined,
        parentIsThread: row.annotation?.parent ? row.annotation.parent.id === row.threadId : undefined,
      });
      text.items.push({
        line: `${line}${thread.title ? ` in “${thread.title}”` : ""}`,
        excerpt: excerpt(row.annotation?.body ?? ""),
        url: `${siteUrl()}${threadUrl(row.group.id, thread.text.slug, row.threadId!, row.annotationId)}`,
      });
    }
    await sendMail(
      notificationMail({
        to: user.email,
        name: user.name,
        sections,
        digest: frequency === "daily" || frequency === "weekly" ? frequency : null,
        settingsUrl: `${siteUrl()}/account#email`,
      }),
    );
    return rows.length;
  } catch (error) {
    // Not sent: give the items back for the next run.
    await db.notification.updateMany({ where: { id: { in: ids }, emailedAt: now }, data: { emailedAt: null } });
    throw error;
  }
}
