import "server-only";
import { db } from "@/lib/db";
import { notFound } from "@/lib/errors";
import { asMember, checkId } from "@/lib/groups/groups";
import { visibleTo } from "@/lib/annotations/annotations";
import { versionBlocks } from "@/lib/annotations/version-blocks";
import { threadUrl } from "@/lib/discussion/format";
import { paragraphNumbers } from "./range";
import { lockedTexts, openTo } from "./peek";

export type ActivityItem = {
  id: string;
  /** "Ana replied to your question", "Ben asked a question" … */
  who: string;
  what: string;
  /** "¶12", "the general discussion" … */
  where: string;
  textTitle: string;
  url: string;
  createdAt: string;
};

/**
 * The group's latest notes, questions and replies that this member may see, as sentences
 * for the group's home ("Ana replied to your question on ¶12 of The Workers' Opposition").
 */
export async function recentActivity(userId: string, groupId: string, take = 8): Promise<ActivityItem[]> {
  const group = await db.group.findFirst({ where: { id: checkId(groupId), ...asMember(userId) }, select: { id: true } });
  if (!group) throw notFound("That group");
  // Texts whose notes are still closed to this member ("post before you peek") show only their own.
  const locked = await lockedTexts(userId, group.id);
  const rows = await db.annotation.findMany({
    where: { groupId: group.id, group: asMember(userId), kind: { in: ["comment", "question", "reply"] }, AND: [visibleTo(userId), openTo(userId, locked)] },
    orderBy: { createdAt: "desc" },
    take: take * 3,
    select: {
      id: true,
      kind: true,
      target: true,
      title: true,
      promptId: true,
      startBlockId: true,
      threadId: true,
      textId: true,
      authorId: true,
      createdAt: true,
      author: { select: { name: true } },
      parent: { select: { authorId: true, kind: true, threadId: true } },
      thread: { select: { kind: true, target: true, startBlockId: true, title: true, authorId: true } },
      text: { select: { slug: true, currentVersion: { select: { id: true, title: true } } } },
    },
  });
  const items: ActivityItem[] = [];
  for (const row of rows) {
    if (items.length >= take) break;
    const version = row.text.currentVersion;
    const numbers = version ? paragraphNumbers(await versionBlocks(version.id)) : new Map<string, number>();
    const root = row.thread ?? row;
    const n = root.startBlockId ? numbers.get(root.startBlockId) : undefined;
    const where = root.target === "text" ? (root.title ? `“${root.title}”` : "the general discussion") : n ? `¶${n}` : "a passage";
    const mine = row.parent?.authorId === userId;
    const parentWhat = row.parent ? (row.parent.threadId ? "reply" : row.parent.kind === "question" ? "question" : "note") : "note";
    const who = row.authorId === userId ? "You" : row.author.name;
    const what =
      row.kind === "reply"
        ? mine
          ? `replied to your ${parentWhat}`
          : "replied"
        : row.promptId
          ? "answered a prompt"
          : row.target === "text"
            ? "started a discussion"
            : row.kind === "question"
              ? "asked a question"
              : "commented";
    items.push({
      id: row.id,
      who,
      what,
      where,
      textTitle: version?.title ?? row.text.slug,
      url: threadUrl(group.id, row.text.slug, row.threadId ?? row.id, row.threadId ? row.id : null),
      createdAt: row.createdAt.toISOString(),
    });
  }
  return items;
}
