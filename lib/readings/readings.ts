import "server-only";
import { formatInTimeZone, fromZonedTime } from "date-fns-tz";
import { db } from "@/lib/db";
import { AppError, notFound } from "@/lib/errors";
import type { Prisma } from "@/lib/generated/prisma/client";
import { asFacilitator, asMember, checkId } from "@/lib/groups/groups";
import { readableIn } from "@/lib/library/scope";
import { idSchema } from "@/lib/groups/schemas";
import { versionBlocks, type VersionBlock } from "@/lib/annotations/version-blocks";
import { mailPending } from "@/lib/discussion/digest";
import { announceInbox, recordEvent } from "@/lib/realtime/events";
import { blockLabel, blocksReadAt, describeRange, paragraphNumbers, percentRead, resolveRange, type Range } from "./range";
import type { ReadingInput } from "./schemas";
import { lockedTexts } from "./peek";

// The group's schedule. Like lib/groups, every function takes the acting user's id and
// scopes its query by their membership (or facilitator role, for changes) inside the
// query itself; a reading outside the person's groups is NOT_FOUND.

const READING = "That reading";

export const checkReadingId = (id: string): string => {
  if (!idSchema.safeParse(id).success) throw notFound(READING);
  return id;
};

const readingRow = {
  id: true,
  groupId: true,
  weekOf: true,
  dueAt: true,
  startBlockId: true,
  endBlockId: true,
  postBeforePeek: true,
  agenda: { select: { sharedAt: true } },
  group: { select: { timeZone: true } },
  text: { select: { id: true, slug: true, currentVersion: { select: { id: true, title: true, author: true } } } },
  prompts: {
    orderBy: { position: "asc" },
    select: { id: true, body: true, blockId: true, _count: { select: { answers: { where: { deletedAt: null, hiddenAt: null, visibility: "group" } } } } },
  },
} satisfies Prisma.ReadingSelect;
type ReadingRow = Prisma.ReadingGetPayload<{ select: typeof readingRow }>;

export type ReadingView = {
  id: string;
  /** The week's day, YYYY-MM-DD. */
  weekOf: string;
  dueAt: string;
  /** The due time as the group's clock shows it, YYYY-MM-DDTHH:MM (for editing). */
  dueLocal: string;
  timeZone: string;
  text: { slug: string; title: string; author: string | null; versionId: string };
  range: { startBlockId: string | null; endBlockId: string | null; label: string; total: number };
  prompts: { id: string; body: string; blockId: string | null; blockLabel: string | null; answers: number }[];
  postBeforePeek: boolean;
  /** The meeting agenda has been shared with the group. */
  agendaShared: boolean;
};

async function rangeOf(row: Pick<ReadingRow, "startBlockId" | "endBlockId" | "text">): Promise<{ blocks: VersionBlock[]; range: Range }> {
  const version = row.text.currentVersion;
  if (!version) throw notFound("That text");
  const blocks = await versionBlocks(version.id);
  const range = resolveRange(blocks, row.startBlockId, row.endBlockId);
  // A range whose blocks left the text in a later version falls back to the whole text.
  return { blocks, range: "field" in range ? (resolveRange(blocks, null, null) as Range) : range };
}

/** A week as its reader sees it; `locked`: its text is still closed to them ("post before you peek"), so others' answers are not counted. */
async function toReadingView(row: ReadingRow, locked: boolean): Promise<ReadingView & { blockIds: string[] }> {
  const { blocks, range } = await rangeOf(row);
  const numbers = paragraphNumbers(blocks);
  const version = row.text.currentVersion!;
  return {
    id: row.id,
    weekOf: row.weekOf.toISOString().slice(0, 10),
    dueAt: row.dueAt.toISOString(),
    dueLocal: formatInTimeZone(row.dueAt, row.group.timeZone, "yyyy-MM-dd'T'HH:mm"),
    timeZone: row.group.timeZone,
    text: { slug: row.text.slug, title: version.title, author: version.author, versionId: version.id },
    range: {
      startBlockId: range.whole ? null : row.startBlockId,
      endBlockId: range.whole ? null : row.endBlockId,
      label: range.whole ? "the whole text" : describeRange(blocks, row.startBlockId, row.endBlockId),
      total: range.ids.length,
    },
    prompts: row.prompts.map((p) => ({
      id: p.id,
      body: p.body,
      blockId: p.blockId,
      blockLabel: p.blockId ? blockLabel(blocks, p.blockId, numbers) : null,
      // While locked the reader has shared nothing on the text: every answer counted would be someone else's.
      answers: locked ? 0 : p._count.answers,
    })),
    postBeforePeek: row.postBeforePeek,
    agendaShared: Boolean(row.agenda?.sharedAt),
    blockIds: range.ids,
  };
}

/** The reading the group is on now: the first not yet due, else the last one. -1 for an empty schedule. */
export function currentIndex(readings: { dueAt: string | Date }[], now = new Date()): number {
  if (!readings.length) return -1;
  const next = readings.findIndex((r) => new Date(r.dueAt).getTime() >= now.getTime());
  return next < 0 ? readings.length - 1 : next;
}

/** Which week is the group's current one (see currentIndex), without the schedule's ranges and progress. */
export async function currentReadingId(userId: string, groupId: string): Promise<string | null> {
  const group = await db.group.findFirst({ where: { id: checkId(groupId), ...asMember(userId) }, select: { id: true } });
  if (!group) throw notFound("That group");
  const weeks = await db.reading.findMany({
    where: { groupId: group.id, group: asMember(userId), deletedAt: null },
    orderBy: [{ dueAt: "asc" }, { createdAt: "asc" }],
    select: { id: true, dueAt: true },
  });
  return weeks[currentIndex(weeks)]?.id ?? null;
}

export type Progress = { mine: number; group: { average: number; finished: number; members: number } };

/**
 * The group's schedule in order, each week with this member's progress and the group's
 * (an average and how many finished; who read how much is for facilitators, see participation).
 */
export async function listReadings(userId: string, groupId: string) {
  checkId(groupId);
  const group = await db.group.findFirst({
    where: { id: groupId, ...asMember(userId) },
    select: { id: true, timeZone: true, _count: { select: { memberships: true } }, memberships: { where: { userId }, select: { role: true } } },
  });
  if (!group) throw notFound("That group");
  const rows = await db.reading.findMany({
    where: { groupId: group.id, group: asMember(userId), deletedAt: null },
    orderBy: [{ dueAt: "asc" }, { createdAt: "asc" }],
    // Only current members' progress counts: someone who left no longer weighs on the group's figures.
    select: { ...readingRow, progress: { where: { user: { memberships: { some: { groupId: group.id } } } }, select: { userId: true, blocksRead: true } } },
  });
  const members = group._count.memberships;
  const locked = new Set((await lockedTexts(userId, group.id)).map((l) => l.textId));
  const readings = await Promise.all(
    rows.map(async (row) => {
      const { blockIds, ...view } = await toReadingView(row, locked.has(row.text.id));
      const total = blockIds.length;
      const shares = row.progress.map((p) => ({ userId: p.userId, percent: percentRead(p.blocksRead, total) }));
      const progress: Progress = {
        mine: shares.find((s) => s.userId === userId)?.percent ?? 0,
        group: {
          average: members ? Math.round(shares.reduce((sum, s) => sum + s.percent, 0) / members) : 0,
          finished: shares.filter((s) => s.percent >= 100).length,
          members,
        },
      };
      return { ...view, progress };
    }),
  );
  return { timeZone: group.timeZone, facilitator: group.memberships[0]?.role === "facilitator", readings, current: currentIndex(readings) };
}

/** One reading with the ids of its range's blocks (for the reader), and this member's progress. */
export async function getReading(userId: string, groupId: string, readingId: string) {
  checkId(groupId);
  checkReadingId(readingId);
  const row = await db.reading.findFirst({
    where: { id: readingId, groupId, group: asMember(userId), deletedAt: null },
    select: { ...readingRow, progress: { where: { userId }, select: { blocksRead: true } } },
  });
  if (!row) throw notFound(READING);
  const locked = (await lockedTexts(userId, groupId)).some((l) => l.textId === row.text.id);
  const view = await toReadingView(row, locked);
  return { ...view, blocksRead: row.progress[0]?.blocksRead ?? 0, mine: percentRead(row.progress[0]?.blocksRead ?? 0, view.blockIds.length) };
}

/** The week of this text a member is on: the current reading of it, or the latest one before. Null when none. */
export async function readingForText(userId: string, groupId: string, slug: string) {
  const rows = await db.reading.findMany({
    where: { groupId: checkId(groupId), group: asMember(userId), deletedAt: null, text: { slug } },
    orderBy: { dueAt: "asc" },
    select: { id: true, dueAt: true },
  });
  if (!rows.length) return null;
  return getReading(userId, groupId, rows[currentIndex(rows)]!.id);
}

// ── Changing the schedule (facilitators) ──

function fieldError(field: string, message: string): AppError {
  return new AppError("BAD_REQUEST", message, { fieldErrors: { [field]: [message] } });
}

/** Checks a week against its text: the range and the prompts' passages must be this text's blocks, in order. */
async function validate(input: ReadingInput, group: { id: string; timeZone: string }, userId: string) {
  const timeZone = group.timeZone;
  const text = await db.text.findFirst({ where: { slug: input.text, ...readableIn(group.id, userId) }, select: { id: true, currentVersionId: true } });
  if (!text?.currentVersionId) throw fieldError("text", "Choose a text from the library.");
  const blocks = await versionBlocks(text.currentVersionId);
  const range = resolveRange(blocks, input.startBlockId, input.endBlockId);
  if ("field" in range) throw fieldError(range.field, range.message);
  input.prompts.forEach((prompt, i) => {
    if (prompt.blockId !== null && !range.ids.includes(prompt.blockId))
      throw fieldError(`prompts.${i}.blockId`, "Pin the prompt to a paragraph inside this week’s range.");
  });
  const dueAt = fromZonedTime(input.due, timeZone);
  if (Number.isNaN(dueAt.getTime())) throw fieldError("due", "That due time does not exist.");
  return {
    textId: text.id,
    weekOf: new Date(`${input.weekOf}T00:00:00Z`),
    dueAt,
    startBlockId: range.whole ? null : input.startBlockId,
    endBlockId: range.whole ? null : input.endBlockId,
    postBeforePeek: input.postBeforePeek,
  };
}

async function facilitatedGroup(userId: string, groupId: string) {
  const group = await db.group.findFirst({ where: { id: checkId(groupId), ...asFacilitator(userId) }, select: { id: true, timeZone: true } });
  if (!group) throw notFound("That group");
  return group;
}

/** Adds a week; every other member hears of it (inbox, and mail for those who want it at once). */
export async function createReading(userId: string, groupId: string, input: ReadingInput) {
  const group = await facilitatedGroup(userId, groupId);
  const data = await validate(input, group, userId);
  const { reading, told } = await db.$transaction(async (tx) => {
    const reading = await tx.reading.create({
      data: {
        ...data,
        groupId: group.id,
        createdById: userId,
        prompts: { create: input.prompts.map((p, position) => ({ body: p.body, blockId: p.blockId, position })) },
      },
      select: { id: true },
    });
    const others = await tx.membership.findMany({ where: { groupId: group.id, userId: { not: userId } }, select: { userId: true } });
    await tx.notification.createMany({
      data: others.map((m) => ({ userId: m.userId, groupId: group.id, kind: "reading" as const, actorId: userId, readingId: reading.id })),
    });
    await recordEvent(tx, { groupId: group.id, kind: "reading.created", actorId: userId, textId: data.textId, readingId: reading.id });
    await announceInbox(tx, others.map((m) => m.userId));
    return { reading, told: others.map((m) => m.userId) };
  });
  await mailPending("immediately", { userIds: told });
  return getReading(userId, group.id, reading.id);
}

/** Changes a week. Prompts sent with an id keep it (and their answers); prompts left out are removed. */
export async function updateReading(userId: string, groupId: string, readingId: string, input: ReadingInput & { prompts: { id?: string }[] }) {
  const group = await facilitatedGroup(userId, groupId);
  checkReadingId(readingId);
  const data = await validate(input, group, userId);
  await db.$transaction(async (tx) => {
    const { count } = await tx.reading.updateMany({ where: { id: readingId, groupId: group.id, deletedAt: null, group: asFacilitator(userId) }, data });
    if (count === 0) throw notFound(READING);
    const kept = input.prompts.flatMap((p) => (p.id ? [p.id] : []));
    await tx.prompt.deleteMany({ where: { readingId, id: { notIn: kept } } });
    for (const [position, prompt] of input.prompts.entries()) {
      if (prompt.id) {
        const { count: found } = await tx.prompt.updateMany({ where: { id: prompt.id, readingId }, data: { body: prompt.body, blockId: prompt.blockId, position } });
        if (found === 0) throw fieldError(`prompts.${position}.id`, "That prompt is not one of this week’s.");
      } else {
        await tx.prompt.create({ data: { readingId, body: prompt.body, blockId: prompt.blockId, position } });
      }
    }
    await recordEvent(tx, { groupId: group.id, kind: "reading.updated", actorId: userId, textId: data.textId, readingId });
  });
  return getReading(userId, group.id, readingId);
}

/** Removes a week from the schedule; restoreReading puts it back (the Undo). */
export async function deleteReading(userId: string, groupId: string, readingId: string) {
  const group = await facilitatedGroup(userId, groupId);
  await db.$transaction(async (tx) => {
    const { count } = await tx.reading.updateMany({
      where: { id: checkReadingId(readingId), groupId: group.id, deletedAt: null, group: asFacilitator(userId) },
      data: { deletedAt: new Date() },
    });
    if (count === 0) throw notFound(READING);
    await recordEvent(tx, { groupId: group.id, kind: "reading.deleted", actorId: userId, readingId });
  });
}

export async function restoreReading(userId: string, groupId: string, readingId: string) {
  const group = await facilitatedGroup(userId, groupId);
  await db.$transaction(async (tx) => {
    const { count } = await tx.reading.updateMany({
      where: { id: checkReadingId(readingId), groupId: group.id, deletedAt: { not: null }, group: asFacilitator(userId) },
      data: { deletedAt: null },
    });
    if (count === 0) throw notFound(READING);
    await recordEvent(tx, { groupId: group.id, kind: "reading.created", actorId: userId, readingId });
  });
  return getReading(userId, group.id, readingId);
}

/**
 * Puts the readings in a new order. The weeks stay where they are on the calendar and
 * the readings move between them: each takes the week and due time of the slot it lands in.
 */
export async function reorderReadings(userId: string, groupId: string, ids: string[]) {
  const group = await facilitatedGroup(userId, groupId);
  await db.$transaction(async (tx) => {
    const slots = await tx.reading.findMany({
      where: { groupId: group.id, deletedAt: null, group: asFacilitator(userId) },
      orderBy: [{ dueAt: "asc" }, { createdAt: "asc" }],
      select: { id: true, weekOf: true, dueAt: true },
    });
    const known = new Set(slots.map((s) => s.id));
    if (ids.length !== slots.length || new Set(ids).size !== ids.length || ids.some((id) => !known.has(id)))
      throw fieldError("ids", "Send every reading of the schedule once, in the new order (the schedule may have changed: reload).");
    for (const [i, id] of ids.entries()) {
      const slot = slots[i]!;
      if (slot.id === id) continue;
      await tx.reading.update({ where: { id }, data: { weekOf: slot.weekOf, dueAt: slot.dueAt } });
      await recordEvent(tx, { groupId: group.id, kind: "reading.updated", actorId: userId, readingId: id });
    }
  });
  return listReadings(userId, group.id);
}

// ── Progress ──

/**
 * Records that this member has read as far as a block of the week's range. Progress
 * only grows: an earlier block (scrolling back) changes nothing. The reader sends it
 * batched, a few seconds after reading stops and when the page is left.
 */
export async function recordProgress(userId: string, groupId: string, readingId: string, blockId: string) {
  const reading = await getReading(userId, groupId, readingId);
  const read = blocksReadAt({ ids: reading.blockIds }, blockId);
  if (read === null) throw fieldError("blockId", "That paragraph is not part of this week’s reading.");
  // One statement: insert, or raise to the larger of the stored and the new value.
  await db.$executeRaw`
    INSERT INTO "ReadingProgress" ("readingId", "userId", "blocksRead", "updatedAt")
    VALUES (${reading.id}, ${userId}, ${read}, now())
    ON CONFLICT ("readingId", "userId") DO UPDATE
      SET "blocksRead" = GREATEST("ReadingProgress"."blocksRead", EXCLUDED."blocksRead"),
          "updatedAt" = CASE WHEN EXCLUDED."blocksRead" > "ReadingProgress"."blocksRead" THEN now() ELSE "ReadingProgress"."updatedAt" END`;
  const stored = await db.readingProgress.findUnique({ where: { readingId_userId: { readingId: reading.id, userId } }, select: { blocksRead: true } });
  const blocksRead = stored?.blocksRead ?? read;
  return { blocksRead, total: reading.blockIds.length, percent: percentRead(blocksRead, reading.blockIds.length) };
}

// ── Post before you peek ── (the rule lives in ./peek.ts)

export { peekLocked } from "./peek";

// ── Calendar address ──

export async function calendarVersion(userId: string, groupId: string): Promise<number> {
  const membership = await db.membership.findFirst({ where: { groupId: checkId(groupId), userId }, select: { calendarVersion: true } });
  if (!membership) throw notFound("That group");
  return membership.calendarVersion;
}

/** Makes a new calendar address for this member: the old one stops working at once. */
export async function resetCalendarVersion(userId: string, groupId: string): Promise<number> {
  const [row] = await db.membership.updateManyAndReturn({
    where: { groupId: checkId(groupId), userId },
    data: { calendarVersion: { increment: 1 } },
    select: { calendarVersion: true },
  });
  if (!row) throw notFound("That group");
  return row.calendarVersion;
}

/** The group's weeks for a calendar feed, if this membership and address version are still current. */
export async function calendarReadings(groupId: string, userId: string, version: number) {
  const membership = await db.membership.findFirst({
    where: { groupId, userId, calendarVersion: version },
    select: { group: { select: { id: true, name: true, timeZone: true } } },
  });
  if (!membership) return null;
  const readings = await db.reading.findMany({
    where: { groupId, deletedAt: null, group: asMember(userId) },
    orderBy: { dueAt: "asc" },
    select: {
      id: true,
      dueAt: true,
      weekOf: true,
      updatedAt: true,
      startBlockId: true,
      endBlockId: true,
      text: { select: { slug: true, currentVersion: { select: { id: true, title: true } } } },
      prompts: { orderBy: { position: "asc" }, select: { body: true } },
    },
  });
  const withRanges = await Promise.all(
    readings.map(async (r) => {
      const blocks = r.text.currentVersion ? await versionBlocks(r.text.currentVersion.id) : [];
      return { ...r, title: r.text.currentVersion?.title ?? r.text.slug, range: describeRange(blocks, r.startBlockId, r.endBlockId) };
    }),
  );
  return { group: membership.group, readings: withRanges };
}
