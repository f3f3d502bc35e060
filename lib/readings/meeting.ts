import "server-only";
import { formatInTimeZone } from "date-fns-tz";
import { db } from "@/lib/db";
import { notFound } from "@/lib/errors";
import { asFacilitator, asMember, checkId } from "@/lib/groups/groups";
import { visibleTo } from "@/lib/annotations/annotations";
import { versionBlocks } from "@/lib/annotations/version-blocks";
import { excerpt } from "@/lib/discussion/format";
import { blockLabel, paragraphNumbers, percentRead } from "./range";
import { checkReadingId, getReading } from "./readings";
import { buildAgenda, type AgendaFacts } from "./agenda-markdown";

// What the facilitator sees of a week: who read and wrote how much, where the group's
// attention went in the text, and the meeting agenda made from it.

async function facilitatorReading(userId: string, groupId: string, readingId: string) {
  checkId(groupId);
  checkReadingId(readingId);
  const group = await db.group.findFirst({ where: { id: groupId, ...asFacilitator(userId) }, select: { id: true, timeZone: true } });
  if (!group) throw notFound("That reading");
  return { group, reading: await getReading(userId, groupId, readingId) };
}

/** The week's notes, questions and replies this facilitator may see, each placed on a block of the range or a prompt. */
async function weekItems(userId: string, groupId: string, reading: Awaited<ReturnType<typeof getReading>>) {
  const text = await db.text.findUniqueOrThrow({ where: { slug: reading.text.slug }, select: { id: true } });
  const rows = await db.annotation.findMany({
    where: { groupId, group: asFacilitator(userId), textId: text.id, hiddenAt: null, AND: [visibleTo(userId)] },
    orderBy: { createdAt: "asc" },
    select: {
      id: true,
      kind: true,
      body: true,
      exact: true,
      visibility: true,
      authorId: true,
      author: { select: { name: true } },
      startBlockId: true,
      promptId: true,
      threadId: true,
      resolvedAt: true,
      answerId: true,
      createdAt: true,
      thread: { select: { startBlockId: true, promptId: true } },
      reactions: { select: { kind: true } },
    },
  });
  const inRange = new Set(reading.blockIds);
  const prompts = new Set(reading.prompts.map((p) => p.id));
  return rows.flatMap((row) => {
    const blockId = row.thread ? row.thread.startBlockId : row.startBlockId;
    const promptId = row.thread ? row.thread.promptId : row.promptId;
    const place = promptId && prompts.has(promptId) ? { promptId, blockId: null } : blockId && inRange.has(blockId) ? { promptId: null, blockId } : null;
    return place ? [{ ...row, ...place }] : [];
  });
}

export type Participation = Awaited<ReturnType<typeof participation>>;

/** Per member: how much of the range they read and what they wrote; per block: notes, open questions and reactions. */
export async function participation(userId: string, groupId: string, readingId: string) {
  const { group, reading } = await facilitatorReading(userId, groupId, readingId);
  const [memberships, progress, items] = await Promise.all([
    db.membership.findMany({
      where: { groupId: group.id, group: asFacilitator(userId) },
      orderBy: { user: { name: "asc" } },
      select: { role: true, user: { select: { id: true, name: true } } },
    }),
    db.readingProgress.findMany({ where: { readingId: reading.id, reading: { group: asFacilitator(userId) } }, select: { userId: true, blocksRead: true } }),
    weekItems(userId, group.id, reading),
  ]);
  const total = reading.blockIds.length;
  const members = memberships.map(({ role, user }) => {
    const mine = items.filter((i) => i.authorId === user.id);
    return {
      id: user.id,
      name: user.name,
      role,
      read: percentRead(progress.find((p) => p.userId === user.id)?.blocksRead ?? 0, total),
      notes: mine.filter((i) => !i.threadId && i.kind === "comment").length,
      questions: mine.filter((i) => !i.threadId && i.kind === "question").length,
      replies: mine.filter((i) => i.kind === "reply").length,
    };
  });
  const heat = new Map(reading.blockIds.map((id) => [id, { notes: 0, openQuestions: 0, reactions: 0, replies: 0 }]));
  for (const item of items) {
    const cell = item.blockId ? heat.get(item.blockId) : undefined;
    if (!cell) continue;
    if (!item.threadId && item.kind !== "highlight") cell.notes += 1;
    if (!item.threadId && item.kind === "question" && !item.resolvedAt && !item.answerId) cell.openQuestions += 1;
    if (item.kind === "reply") cell.replies += 1;
    cell.reactions += item.reactions.length;
  }
  return { reading, members, heat: reading.blockIds.map((id) => ({ blockId: id, ...heat.get(id)! })) };
}

/** The facts an agenda is written from, in the order the meeting takes them. */
async function agendaFacts(userId: string, groupId: string, readingId: string): Promise<AgendaFacts> {
  const { group, reading } = await facilitatorReading(userId, groupId, readingId);
  // Shared notes only: an agenda is written for the group, and sharing it publishes it, so
  // the facilitator's own private notes (and replies in their private threads) stay out.
  const [all, blocks] = await Promise.all([weekItems(userId, group.id, reading), versionBlocks(reading.text.versionId)]);
  const items = all.filter((i) => i.visibility === "group");
  const numbers = paragraphNumbers(blocks);
  const where = (blockId: string | null) => (blockId ? blockLabel(blocks, blockId, numbers) : "the text as a whole");
  const threads = items.filter((i) => !i.threadId);
  const repliesTo = (id: string) => items.filter((i) => i.threadId === id).length;
  const same = (i: (typeof items)[number]) => i.reactions.filter((r) => r.kind === "same").length;

  const openQuestions = threads
    .filter((i) => i.kind === "question" && !i.resolvedAt && !i.answerId)
    .sort((a, b) => same(b) - same(a) || a.createdAt.getTime() - b.createdAt.getTime())
    .map((i) => ({ body: excerpt(i.body), author: i.author.name, where: where(i.blockId), same: same(i), replies: repliesTo(i.id) }));

  const byBlock = new Map<string, { notes: number; replies: number }>();
  for (const item of items) {
    if (!item.blockId || item.kind === "highlight") continue;
    const cell = byBlock.get(item.blockId) ?? { notes: 0, replies: 0 };
    if (item.threadId) cell.replies += 1;
    else cell.notes += 1;
    byBlock.set(item.blockId, cell);
  }
  const passages = [...byBlock.entries()]
    .sort(([a, x], [b, y]) => y.notes + y.replies - (x.notes + x.replies) || reading.blockIds.indexOf(a) - reading.blockIds.indexOf(b))
    .slice(0, 5)
    .map(([blockId, counts]) => ({
      where: where(blockId),
      quote: excerpt(blocks.find((b) => b.id === blockId)?.plainText ?? ""),
      ...counts,
    }));

  const prompts = reading.prompts.map((p) => ({
    body: p.body,
    where: p.blockId ? where(p.blockId) : null,
    answers: threads.filter((i) => i.promptId === p.id).map((i) => ({ author: i.author.name, body: excerpt(i.body) })),
  }));

  const unanswered = threads
    .filter((i) => i.kind === "comment" && !i.promptId && i.body.trim() && repliesTo(i.id) === 0)
    .map((i) => ({ author: i.author.name, where: where(i.blockId), body: excerpt(i.body) }));

  return {
    title: reading.text.title,
    weekOf: formatInTimeZone(new Date(`${reading.weekOf}T12:00:00Z`), "UTC", "d MMMM yyyy"),
    due: formatInTimeZone(new Date(reading.dueAt), group.timeZone, "EEEE d MMMM, HH:mm"),
    timeZone: group.timeZone,
    range: reading.range.label,
    openQuestions,
    passages,
    prompts,
    unanswered,
  };
}

export type AgendaView = { markdown: string; saved: boolean; sharedAt: string | null; generated: string | null; facilitator: boolean; title: string };

/**
 * The week's agenda. Facilitators get the saved text (or a fresh one when none is saved)
 * and a freshly generated one to start again from; members see it only once shared.
 */
export async function getAgenda(userId: string, groupId: string, readingId: string): Promise<AgendaView> {
  checkId(groupId);
  checkReadingId(readingId);
  const row = await db.reading.findFirst({
    where: { id: readingId, groupId, deletedAt: null, group: asMember(userId) },
    select: {
      text: { select: { currentVersion: { select: { title: true } } } },
      agenda: { select: { markdown: true, sharedAt: true } },
      group: { select: { memberships: { where: { userId }, select: { role: true } } } },
    },
  });
  if (!row) throw notFound("That reading");
  const facilitator = row.group.memberships[0]?.role === "facilitator";
  const title = row.text.currentVersion?.title ?? "";
  if (!facilitator) {
    if (!row.agenda?.sharedAt) throw notFound("That agenda");
    return { markdown: row.agenda.markdown, saved: true, sharedAt: row.agenda.sharedAt.toISOString(), generated: null, facilitator, title };
  }
  const generated = buildAgenda(await agendaFacts(userId, groupId, readingId));
  return {
    markdown: row.agenda?.markdown ?? generated,
    saved: row.agenda !== null,
    sharedAt: row.agenda?.sharedAt?.toISOString() ?? null,
    generated,
    facilitator,
    title,
  };
}

/** Saves the facilitator's edit of the agenda, and/or shares it with the group (or stops sharing). */
export async function saveAgenda(userId: string, groupId: string, readingId: string, change: { markdown?: string; shared?: boolean }) {
  const { reading } = await facilitatorReading(userId, groupId, readingId);
  const markdown = change.markdown ?? (await db.agenda.findUnique({ where: { readingId: reading.id }, select: { markdown: true } }))?.markdown;
  const text = markdown ?? buildAgenda(await agendaFacts(userId, groupId, readingId));
  const sharedAt = change.shared === undefined ? undefined : change.shared ? new Date() : null;
  await db.agenda.upsert({
    where: { readingId: reading.id },
    create: { readingId: reading.id, markdown: text, sharedAt: sharedAt ?? null, updatedById: userId },
    update: { markdown: text, updatedById: userId, ...(sharedAt !== undefined ? { sharedAt } : {}) },
  });
  return getAgenda(userId, groupId, readingId);
}
