// The weekly schedule on a real database: setting a week (range, prompts, due time in the
// group's zone), what members hear of it, changing and reordering it, reading progress,
// post-before-you-peek, the facilitator's participation view and agenda, and the
// calendar feed.
import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import type { z } from "zod";
import { db } from "@/lib/db";
import { loadTexts } from "@/lib/content/load";
import { createAnnotation, listAnnotations } from "@/lib/annotations/annotations";
import { createDiscussion, createReply, getThread, listTextReplies, setReaction, setResolved } from "@/lib/discussion/threads";
import { listNotifications } from "@/lib/discussion/inbox";
import { removeMember } from "@/lib/groups/groups";
import { addMember, refused, scenario, type Scenario } from "@/lib/groups/test-fixtures";
import { readingSchema } from "./schemas";
import {
  createReading,
  currentIndex,
  deleteReading,
  getReading,
  listReadings,
  peekLocked,
  readingForText,
  recordProgress,
  reorderReadings,
  restoreReading,
  updateReading,
} from "./readings";
import { getAgenda, participation, saveAgenda } from "./meeting";
import { calendarAddress, calendarFeed, calendarToken, resetCalendarAddress } from "./calendar";
import { recentActivity } from "./activity";

const SLUG = "organisation-of-the-masses";
const OTHER_SLUG = "the-need-for-a-revolutionary-party";
/** SLUG's blocks: P the paragraphs in order (P[0] is empty), FN its two footnotes. */
let P: string[];
let FN: string[];
/** A paragraph of another text. */
let FOREIGN: string;
let versionId: string;
let textId: string;
const plain = new Map<string, string>();

beforeAll(async () => {
  await loadTexts(db);
  const text = await db.text.findUniqueOrThrow({ where: { slug: SLUG }, select: { id: true, currentVersionId: true } });
  textId = text.id;
  versionId = text.currentVersionId!;
  const blocks = await db.block.findMany({ where: { versionId }, orderBy: { position: "asc" }, select: { id: true, kind: true, plainText: true } });
  for (const b of blocks) plain.set(b.id, b.plainText);
  P = blocks.filter((b) => b.kind === "paragraph").map((b) => b.id);
  FN = blocks.filter((b) => b.kind === "footnote").map((b) => b.id);
  const other = await db.text.findUniqueOrThrow({ where: { slug: OTHER_SLUG }, select: { currentVersionId: true } });
  FOREIGN = (await db.block.findFirstOrThrow({ where: { versionId: other.currentVersionId!, kind: "paragraph" }, select: { id: true } })).id;
  expect(P.length).toBeGreaterThanOrEqual(8);
  expect(FN).toHaveLength(2);
});

type WeekIn = Partial<z.input<typeof readingSchema>>;
/** A week as the editor would send it (parsed by the real schema). */
const week = (over: WeekIn = {}) => readingSchema.parse({ text: SLUG, weekOf: "2026-12-07", due: "2026-12-08T19:00", ...over });
/** The range used throughout: ¶1 to ¶4 (P[1]..P[4]), four blocks. */
const RANGE = () => ({ startBlockId: P[1]!, endBlockId: P[4]! });

const anchorOn = (blockId: string) => ({
  versionId,
  startBlockId: blockId,
  startOffset: 0,
  endBlockId: blockId,
  endOffset: 20,
  exact: plain.get(blockId)!.slice(0, 20),
});

async function note(
  s: Scenario,
  userId: string,
  blockId: string,
  kind: "comment" | "question" | "highlight" = "comment",
  body = "A note.",
  visibility: "group" | "private" = "group",
) {
  const { annotation } = await createAnnotation(userId, s.group.id, {
    id: randomUUID(),
    text: SLUG,
    kind,
    color: kind === "highlight" ? "yellow" : null,
    body: kind === "highlight" ? "" : body,
    visibility,
    anchor: anchorOn(blockId),
  });
  return annotation;
}

/** Every row a schedule change may touch, in a stable order. */
async function tables() {
  const [readings, prompts, agendas, progress, notifications] = await Promise.all([
    db.reading.findMany({ orderBy: { id: "asc" } }),
    db.prompt.findMany({ orderBy: { id: "asc" } }),
    db.agenda.findMany({ orderBy: { readingId: "asc" } }),
    db.readingProgress.findMany({ orderBy: [{ readingId: "asc" }, { userId: "asc" }] }),
    db.notification.findMany({ orderBy: { id: "asc" } }),
  ]);
  return { readings, prompts, agendas, progress, notifications };
}

async function fieldErrorsOf(call: Promise<unknown>) {
  const error = await refused(call, "BAD_REQUEST");
  return error.details?.fieldErrors ?? {};
}

describe("setting a week", () => {
  it("stores a range with its prompts in order, labelled as readers count paragraphs", async () => {
    const s = await scenario("Schedule");
    const reading = await createReading(
      s.facilitator.id,
      s.group.id,
      week({ ...RANGE(), prompts: [{ body: "What is a mass organisation?", blockId: P[2] }, { body: "Compare with last week." }], postBeforePeek: true }),
    );
    expect(reading).toMatchObject({
      weekOf: "2026-12-07",
      dueAt: "2026-12-08T19:00:00.000Z",
      dueLocal: "2026-12-08T19:00",
      timeZone: "UTC",
      text: { slug: SLUG, versionId },
      range: { startBlockId: P[1], endBlockId: P[4], total: 4 },
      postBeforePeek: true,
      blockIds: P.slice(1, 5),
      blocksRead: 0,
      mine: 0,
    });
    // P[0] is an empty paragraph (a title's note marker) and is not numbered, so P[1] is ¶1.
    expect(reading.range.label).toMatch(/^from ¶1 “In this issue we publish.*” to ¶4 “But the Soviet of Workers’/);
    expect(reading.prompts.map((p) => [p.body, p.blockId, p.answers])).toEqual([
      ["What is a mass organisation?", P[2], 0],
      ["Compare with last week.", null, 0],
    ]);
    expect(reading.prompts[0]!.blockLabel).toMatch(/^¶2 “Under these circumstances/);
    expect(reading.prompts[1]!.blockLabel).toBeNull();
    const stored = await db.prompt.findMany({ where: { readingId: reading.id }, orderBy: { position: "asc" }, select: { id: true, position: true } });
    expect(stored.map((p) => [p.id, p.position])).toEqual([
      [reading.prompts[0]!.id, 0],
      [reading.prompts[1]!.id, 1],
    ]);
    expect(await db.reading.findUniqueOrThrow({ where: { id: reading.id }, select: { createdById: true, textId: true } })).toEqual({
      createdById: s.facilitator.id,
      textId,
    });
  });

  it("stores a range from the first block to the last as the whole text", async () => {
    const s = await scenario("Schedule");
    const reading = await createReading(s.facilitator.id, s.group.id, week({ startBlockId: P[0]!, endBlockId: FN[1]! }));
    expect(reading.range).toEqual({ startBlockId: null, endBlockId: null, label: "the whole text", total: P.length });
    expect(await db.reading.findUniqueOrThrow({ where: { id: reading.id }, select: { startBlockId: true, endBlockId: true } })).toEqual({
      startBlockId: null,
      endBlockId: null,
    });
  });

  it("refuses a prompt pinned outside the range (or to a footnote), naming that prompt, and stores nothing", async () => {
    const s = await scenario("Schedule");
    const before = await tables();
    const outside = await fieldErrorsOf(
      createReading(s.facilitator.id, s.group.id, week({ ...RANGE(), prompts: [{ body: "Inside", blockId: P[2] }, { body: "Outside", blockId: P[6] }] })),
    );
    expect(Object.keys(outside)).toEqual(["prompts.1.blockId"]);
    const footnote = await fieldErrorsOf(createReading(s.facilitator.id, s.group.id, week({ prompts: [{ body: "On a footnote", blockId: FN[0] }] })));
    expect(Object.keys(footnote)).toEqual(["prompts.0.blockId"]);
    const foreign = await fieldErrorsOf(createReading(s.facilitator.id, s.group.id, week({ prompts: [{ body: "Elsewhere", blockId: FOREIGN }] })));
    expect(Object.keys(foreign)).toEqual(["prompts.0.blockId"]);
    expect(await tables()).toEqual(before);
  });

  it("refuses a range that ends before it starts, on the end, and stores nothing", async () => {
    const s = await scenario("Schedule");
    const before = await tables();
    const errors = await fieldErrorsOf(createReading(s.facilitator.id, s.group.id, week({ startBlockId: P[4]!, endBlockId: P[1]! })));
    expect(errors).toEqual({ endBlockId: [expect.stringMatching(/ends before it starts/)] });
    expect(await tables()).toEqual(before);
  });

  it("refuses another text's blocks and an unknown text, and stores nothing", async () => {
    const s = await scenario("Schedule");
    const before = await tables();
    expect(Object.keys(await fieldErrorsOf(createReading(s.facilitator.id, s.group.id, week({ startBlockId: FOREIGN, endBlockId: P[4]! }))))).toEqual([
      "startBlockId",
    ]);
    expect(Object.keys(await fieldErrorsOf(createReading(s.facilitator.id, s.group.id, week({ startBlockId: P[1]!, endBlockId: FOREIGN }))))).toEqual([
      "endBlockId",
    ]);
    expect(Object.keys(await fieldErrorsOf(createReading(s.facilitator.id, s.group.id, week({ text: "no-such-text" }))))).toEqual(["text"]);
    expect(await tables()).toEqual(before);
  });

  it("reads the due time on the group's clock", async () => {
    const s = await scenario("Zones");
    await db.group.update({ where: { id: s.group.id }, data: { timeZone: "America/New_York" } });
    const winter = await createReading(s.facilitator.id, s.group.id, week({ due: "2026-12-08T19:00" }));
    expect(winter).toMatchObject({ dueAt: "2026-12-09T00:00:00.000Z", dueLocal: "2026-12-08T19:00", timeZone: "America/New_York", weekOf: "2026-12-07" });
    // Summer time: four hours behind UTC, not five.
    const summer = await createReading(s.facilitator.id, s.group.id, week({ weekOf: "2026-07-06", due: "2026-07-07T19:00" }));
    expect(summer).toMatchObject({ dueAt: "2026-07-07T23:00:00.000Z", dueLocal: "2026-07-07T19:00", weekOf: "2026-07-06" });
    expect((await db.reading.findUniqueOrThrow({ where: { id: winter.id } })).dueAt.toISOString()).toBe("2026-12-09T00:00:00.000Z");
  });

  it("tells every other member (not its creator, nor people outside) in their inbox", async () => {
    const s = await scenario("Told");
    const reading = await createReading(s.facilitator.id, s.group.id, week());
    const told = await db.notification.findMany({ where: { readingId: reading.id }, select: { userId: true, kind: true, actorId: true, groupId: true } });
    expect(told.map((n) => n.userId).sort()).toEqual([s.member.id, s.other.id].sort());
    for (const n of told) expect(n).toMatchObject({ kind: "reading", actorId: s.facilitator.id, groupId: s.group.id });

    const inbox = (await listNotifications(s.member.id)).items;
    expect(inbox).toHaveLength(1);
    expect(inbox[0]).toMatchObject({
      kind: "reading",
      group: { id: s.group.id },
      text: { slug: SLUG },
      url: `/groups/${s.group.id}/texts/${SLUG}?reading=${reading.id}`,
      read: false,
    });
    expect(inbox[0]!.excerpt).toMatch(/due Tuesday 8 December, 19:00 \(UTC\)/);
    for (const person of [s.facilitator, s.removed, s.outsider]) expect((await listNotifications(person.id)).items, person.name).toEqual([]);

    // A week taken off the schedule drops out of the inbox.
    await deleteReading(s.facilitator.id, s.group.id, reading.id);
    expect((await listNotifications(s.member.id)).items).toEqual([]);
  });
});

describe("changing a week", () => {
  it("keeps the prompts sent with their id (and their answers), adds new ones, removes the rest", async () => {
    const s = await scenario("Edit");
    const reading = await createReading(s.facilitator.id, s.group.id, week({ prompts: [{ body: "A" }, { body: "B" }, { body: "C" }] }));
    const [a, b, c] = reading.prompts;
    await createDiscussion(s.member.id, s.group.id, { id: randomUUID(), text: SLUG, kind: "comment", promptId: b!.id, body: "My answer to B." });
    expect((await getReading(s.member.id, s.group.id, reading.id)).prompts[1]!.answers).toBe(1);

    const updated = await updateReading(
      s.facilitator.id,
      s.group.id,
      reading.id,
      week({ ...RANGE(), due: "2026-12-09T18:30", prompts: [{ body: "New first" }, { id: b!.id, body: "B, reworded", blockId: P[3] }] }),
    );
    expect(updated.prompts.map((p) => [p.body, p.blockId, p.answers])).toEqual([
      ["New first", null, 0],
      ["B, reworded", P[3], 1],
    ]);
    expect(updated.prompts[1]!.id).toBe(b!.id);
    expect(updated.prompts[0]!.id).not.toBe(a!.id);
    expect(updated).toMatchObject({ dueAt: "2026-12-09T18:30:00.000Z", range: { startBlockId: P[1], endBlockId: P[4], total: 4 } });
    expect(await db.prompt.count({ where: { id: { in: [a!.id, c!.id] } } })).toBe(0);
    expect((await db.prompt.findMany({ where: { readingId: reading.id }, orderBy: { position: "asc" }, select: { position: true } })).map((p) => p.position)).toEqual([0, 1]);
  });

  it("refuses another week's prompt id, and the refused edit changes nothing", async () => {
    const s = await scenario("Edit");
    const mine = await createReading(s.facilitator.id, s.group.id, week({ prompts: [{ body: "Mine" }] }));
    const theirs = await createReading(s.facilitator.id, s.group.id, week({ prompts: [{ body: "Theirs" }] }));
    const before = await tables();
    const errors = await fieldErrorsOf(
      updateReading(s.facilitator.id, s.group.id, mine.id, week({ due: "2026-12-10T10:00", prompts: [{ id: theirs.prompts[0]!.id, body: "Stolen" }] })),
    );
    expect(Object.keys(errors)).toEqual(["prompts.0.id"]);
    expect(await tables()).toEqual(before);
  });

  it("checks an edit like a new week: a prompt outside the new range is refused and nothing changes", async () => {
    const s = await scenario("Edit");
    const reading = await createReading(s.facilitator.id, s.group.id, week({ prompts: [{ body: "On ¶7", blockId: P[6] }] }));
    const before = await tables();
    const errors = await fieldErrorsOf(
      updateReading(s.facilitator.id, s.group.id, reading.id, week({ ...RANGE(), prompts: [{ id: reading.prompts[0]!.id, body: "On ¶7", blockId: P[6] }] })),
    );
    expect(Object.keys(errors)).toEqual(["prompts.0.blockId"]);
    expect(await tables()).toEqual(before);
  });

  it("deletes a week out of sight and restores it with its prompts", async () => {
    const s = await scenario("Undo");
    const reading = await createReading(s.facilitator.id, s.group.id, week({ prompts: [{ body: "Kept" }] }));
    await deleteReading(s.facilitator.id, s.group.id, reading.id);
    expect((await db.reading.findUniqueOrThrow({ where: { id: reading.id } })).deletedAt).toBeInstanceOf(Date);
    await refused(getReading(s.member.id, s.group.id, reading.id), "NOT_FOUND");
    expect((await listReadings(s.member.id, s.group.id)).readings).toEqual([]);
    expect(await readingForText(s.member.id, s.group.id, SLUG)).toBeNull();
    await refused(deleteReading(s.facilitator.id, s.group.id, reading.id), "NOT_FOUND");
    await refused(updateReading(s.facilitator.id, s.group.id, reading.id, week()), "NOT_FOUND");

    const restored = await restoreReading(s.facilitator.id, s.group.id, reading.id);
    expect(restored.prompts.map((p) => [p.id, p.body])).toEqual([[reading.prompts[0]!.id, "Kept"]]);
    expect((await listReadings(s.member.id, s.group.id)).readings.map((r) => r.id)).toEqual([reading.id]);
    await refused(restoreReading(s.facilitator.id, s.group.id, reading.id), "NOT_FOUND");
  });
});

describe("reordering the schedule", () => {
  async function threeWeeks() {
    const s = await scenario("Order");
    const r1 = await createReading(s.facilitator.id, s.group.id, week({ weekOf: "2026-12-07", due: "2026-12-08T19:00" }));
    const r2 = await createReading(s.facilitator.id, s.group.id, week({ weekOf: "2026-12-14", due: "2026-12-15T19:00", text: OTHER_SLUG }));
    const r3 = await createReading(s.facilitator.id, s.group.id, week({ weekOf: "2026-12-21", due: "2026-12-22T20:00" }));
    return { s, r1, r2, r3 };
  }
  const slot = async (id: string) => {
    const r = await db.reading.findUniqueOrThrow({ where: { id }, select: { weekOf: true, dueAt: true } });
    return [r.weekOf.toISOString().slice(0, 10), r.dueAt.toISOString()];
  };

  it("moves the readings between the weeks, which stay where they are", async () => {
    const { s, r1, r2, r3 } = await threeWeeks();
    const list = await reorderReadings(s.facilitator.id, s.group.id, [r3.id, r1.id, r2.id]);
    expect(list.readings.map((r) => r.id)).toEqual([r3.id, r1.id, r2.id]);
    expect(await slot(r3.id)).toEqual(["2026-12-07", "2026-12-08T19:00:00.000Z"]);
    expect(await slot(r1.id)).toEqual(["2026-12-14", "2026-12-15T19:00:00.000Z"]);
    expect(await slot(r2.id)).toEqual(["2026-12-21", "2026-12-22T20:00:00.000Z"]);
    // Swapping two back.
    await reorderReadings(s.facilitator.id, s.group.id, [r1.id, r3.id, r2.id]);
    expect(await slot(r1.id)).toEqual(["2026-12-07", "2026-12-08T19:00:00.000Z"]);
    expect(await slot(r3.id)).toEqual(["2026-12-14", "2026-12-15T19:00:00.000Z"]);
  });

  it("refuses an incomplete list, a foreign id, or a deleted week, changing nothing", async () => {
    const { s, r1, r2, r3 } = await threeWeeks();
    const other = await threeWeeks();
    await deleteReading(s.facilitator.id, s.group.id, r3.id);
    const deleted = r3.id;
    const before = await tables();
    expect(Object.keys(await fieldErrorsOf(reorderReadings(s.facilitator.id, s.group.id, [r2.id])))).toEqual(["ids"]);
    expect(Object.keys(await fieldErrorsOf(reorderReadings(s.facilitator.id, s.group.id, [r2.id, other.r1.id])))).toEqual(["ids"]);
    expect(Object.keys(await fieldErrorsOf(reorderReadings(s.facilitator.id, s.group.id, [r2.id, r1.id, deleted])))).toEqual(["ids"]);
    expect(Object.keys(await fieldErrorsOf(reorderReadings(s.facilitator.id, s.group.id, [r2.id, r1.id, other.r1.id])))).toEqual(["ids"]);
    expect(await tables()).toEqual(before);
  });

  it("refuses a list that names one week twice and leaves another out, changing nothing", async () => {
    const { s, r1, r2 } = await threeWeeks();
    const before = await tables();
    expect(Object.keys(await fieldErrorsOf(reorderReadings(s.facilitator.id, s.group.id, [r1.id, r1.id, r2.id])))).toEqual(["ids"]);
    expect(await tables()).toEqual(before);
  });
});

describe("reading progress", () => {
  it("only grows, reaches 100% at the range's last block, and shows in the schedule", async () => {
    const s = await scenario("Progress");
    const reading = await createReading(s.facilitator.id, s.group.id, week(RANGE()));
    expect(await recordProgress(s.member.id, s.group.id, reading.id, P[2]!)).toEqual({ blocksRead: 2, total: 4, percent: 50 });
    // Scrolling back changes nothing.
    expect(await recordProgress(s.member.id, s.group.id, reading.id, P[1]!)).toEqual({ blocksRead: 2, total: 4, percent: 50 });
    expect((await db.readingProgress.findUniqueOrThrow({ where: { readingId_userId: { readingId: reading.id, userId: s.member.id } } })).blocksRead).toBe(2);
    expect(await recordProgress(s.member.id, s.group.id, reading.id, P[4]!)).toEqual({ blocksRead: 4, total: 4, percent: 100 });
    expect(await recordProgress(s.other.id, s.group.id, reading.id, P[2]!)).toMatchObject({ percent: 50 });

    expect(await getReading(s.member.id, s.group.id, reading.id)).toMatchObject({ blocksRead: 4, mine: 100 });
    const list = await listReadings(s.member.id, s.group.id);
    // Three members (the facilitator has read nothing): (100 + 50 + 0) / 3.
    expect(list.readings[0]!.progress).toEqual({ mine: 100, group: { average: 50, finished: 1, members: 3 } });
    expect((await listReadings(s.facilitator.id, s.group.id)).readings[0]!.progress.mine).toBe(0);
  });

  it("refuses a block outside the range, a footnote or another text's block, and records nothing", async () => {
    const s = await scenario("Progress");
    const reading = await createReading(s.facilitator.id, s.group.id, week(RANGE()));
    await recordProgress(s.member.id, s.group.id, reading.id, P[1]!);
    const before = await tables();
    for (const blockId of [P[0]!, P[5]!, FN[0]!, FOREIGN, "p-nothing"])
      expect(Object.keys(await fieldErrorsOf(recordProgress(s.member.id, s.group.id, reading.id, blockId))), blockId).toEqual(["blockId"]);
    expect(await tables()).toEqual(before);
  });

  it("a removed member's progress no longer counts in the group's", async () => {
    const s = await scenario("Progress");
    const reading = await createReading(s.facilitator.id, s.group.id, week(RANGE()));
    await recordProgress(s.member.id, s.group.id, reading.id, P[4]!);
    await recordProgress(s.other.id, s.group.id, reading.id, P[4]!);
    await removeMember(s.facilitator.id, s.group.id, s.other.id);
    const { progress } = (await listReadings(s.facilitator.id, s.group.id)).readings[0]!;
    // Two members left, one of whom finished.
    expect(progress.group).toEqual({ average: 50, finished: 1, members: 2 });
  });
});

describe("the current week", () => {
  const at = (iso: string) => ({ dueAt: iso });
  const weeks = [at("2026-12-08T19:00:00Z"), at("2026-12-15T19:00:00Z"), at("2026-12-22T19:00:00Z")];

  it("is the first week not yet due, else the last; -1 for an empty schedule", () => {
    expect(currentIndex([], new Date("2026-12-01T00:00:00Z"))).toBe(-1);
    expect(currentIndex(weeks, new Date("2026-12-01T00:00:00Z"))).toBe(0);
    expect(currentIndex(weeks, new Date("2026-12-08T19:00:00Z"))).toBe(0);
    expect(currentIndex(weeks, new Date("2026-12-08T19:00:01Z"))).toBe(1);
    expect(currentIndex(weeks, new Date("2026-12-20T00:00:00Z"))).toBe(2);
    expect(currentIndex(weeks, new Date("2027-01-01T00:00:00Z"))).toBe(2);
    expect(currentIndex([{ dueAt: new Date("2026-12-08T19:00:00Z") }], new Date("2026-12-01T00:00:00Z"))).toBe(0);
  });

  it("is what the schedule and the reader open on", async () => {
    const s = await scenario("Current");
    const past = await createReading(s.facilitator.id, s.group.id, week({ weekOf: "2020-01-06", due: "2020-01-07T19:00" }));
    const next = await createReading(s.facilitator.id, s.group.id, week({ weekOf: "2099-01-05", due: "2099-01-06T19:00" }));
    const later = await createReading(s.facilitator.id, s.group.id, week({ weekOf: "2099-02-02", due: "2099-02-03T19:00" }));
    const list = await listReadings(s.member.id, s.group.id);
    expect(list.readings.map((r) => r.id)).toEqual([past.id, next.id, later.id]);
    expect(list).toMatchObject({ current: 1, timeZone: "UTC", facilitator: false });
    expect((await listReadings(s.facilitator.id, s.group.id)).facilitator).toBe(true);
    expect((await readingForText(s.member.id, s.group.id, SLUG))!.id).toBe(next.id);
    expect(await readingForText(s.member.id, s.group.id, OTHER_SLUG)).toBeNull();
    // When every week of the text is past, the last one.
    await deleteReading(s.facilitator.id, s.group.id, next.id);
    await deleteReading(s.facilitator.id, s.group.id, later.id);
    expect((await readingForText(s.member.id, s.group.id, SLUG))!.id).toBe(past.id);
  });
});

describe("post before you peek", () => {
  it("shows a member only their own notes until they write one, then everything", async () => {
    const s = await scenario("Peek");
    await createReading(s.facilitator.id, s.group.id, week({ postBeforePeek: true }));
    const others = await note(s, s.other.id, P[1]!, "question", "Why?");
    const facilitators = await note(s, s.facilitator.id, P[2]!, "comment", "Look here.");
    const reply = (await createReply(s.facilitator.id, s.group.id, others.id, { id: randomUUID(), body: "Because." })).reply;

    // Other has posted, so is open; the member has not.
    expect(await peekLocked(s.member.id, s.group.id, textId)).toBe(true);
    const locked = await listAnnotations(s.member.id, s.group.id, SLUG);
    expect(locked).toMatchObject({ locked: true, annotations: [] });
    await refused(getThread(s.member.id, s.group.id, others.id), "NOT_FOUND");
    expect(await listTextReplies(s.member.id, s.group.id, SLUG)).toEqual([]);

    // A highlight is not posting.
    const highlight = await note(s, s.member.id, P[3]!, "highlight");
    const stillLocked = await listAnnotations(s.member.id, s.group.id, SLUG);
    expect(stillLocked.locked).toBe(true);
    expect(stillLocked.annotations.map((a) => a.id)).toEqual([highlight.id]);

    // Facilitators always see everything.
    const facilitator = await listAnnotations(s.facilitator.id, s.group.id, SLUG);
    expect(facilitator.locked).toBe(false);
    expect(facilitator.annotations.map((a) => a.id).sort()).toEqual([others.id, facilitators.id, highlight.id].sort());
    expect(await peekLocked(s.facilitator.id, s.group.id, textId)).toBe(false);

    // A private note keeps one's thoughts to oneself, so it opens nothing either.
    const privately = await note(s, s.member.id, P[3]!, "comment", "Just for me.", "private");
    expect((await listAnnotations(s.member.id, s.group.id, SLUG)).annotations.map((a) => a.id).sort()).toEqual([highlight.id, privately.id].sort());

    const mine = await note(s, s.member.id, P[3]!, "comment", "My own reading.");
    const open = await listAnnotations(s.member.id, s.group.id, SLUG);
    expect(open.locked).toBe(false);
    expect(open.annotations.map((a) => a.id).sort()).toEqual([others.id, facilitators.id, highlight.id, privately.id, mine.id].sort());
    expect((await getThread(s.member.id, s.group.id, others.id)).replies.map((r) => r.id)).toEqual([reply.id]);
    expect((await listTextReplies(s.member.id, s.group.id, SLUG)).map((r) => r.id)).toEqual([reply.id]);
  });

  it("gates only the week's own group and text, and only while the week is on the schedule", async () => {
    const s = await scenario("Peek");
    const plain = await scenario("Open");
    await addMember(plain.group.id, s.member.id);
    const reading = await createReading(s.facilitator.id, s.group.id, week({ postBeforePeek: true }));
    const otherText = await db.text.findUniqueOrThrow({ where: { slug: OTHER_SLUG }, select: { id: true } });
    expect(await peekLocked(s.member.id, s.group.id, textId)).toBe(true);
    expect(await peekLocked(s.member.id, s.group.id, otherText.id)).toBe(false);
    expect(await peekLocked(s.member.id, plain.group.id, textId)).toBe(false);
    await deleteReading(s.facilitator.id, s.group.id, reading.id);
    expect(await peekLocked(s.member.id, s.group.id, textId)).toBe(false);
    // A week without the gate opens nothing up to lock.
    await createReading(s.facilitator.id, s.group.id, week({ postBeforePeek: false }));
    expect(await peekLocked(s.member.id, s.group.id, textId)).toBe(false);
  });
});

describe("participation", () => {
  it("counts per member what they read and wrote, and per block of the range what happened there", async () => {
    const s = await scenario("Meeting");
    const reading = await createReading(s.facilitator.id, s.group.id, week({ ...RANGE(), prompts: [{ body: "What is a mass organisation?" }] }));
    await recordProgress(s.member.id, s.group.id, reading.id, P[4]!);
    await recordProgress(s.other.id, s.group.id, reading.id, P[2]!);
    await note(s, s.member.id, P[2]!, "comment", "A note.");
    const question = await note(s, s.member.id, P[2]!, "question", "A question?");
    await note(s, s.member.id, P[2]!, "highlight");
    await note(s, s.member.id, P[2]!, "comment", "Private, for me.", "private");
    await createReply(s.other.id, s.group.id, question.id, { id: randomUUID(), body: "A reply." });
    await setReaction(s.other.id, s.group.id, question.id, "same", true);
    await note(s, s.facilitator.id, P[3]!, "comment", "The facilitator's note.");
    await note(s, s.other.id, P[6]!, "comment", "Outside the range.");
    await createDiscussion(s.other.id, s.group.id, { id: randomUUID(), text: SLUG, kind: "comment", promptId: reading.prompts[0]!.id, body: "An answer." });

    const { members, heat } = await participation(s.facilitator.id, s.group.id, reading.id);
    expect(members).toEqual([
      { id: s.facilitator.id, name: s.facilitator.name, role: "facilitator", read: 0, notes: 1, questions: 0, replies: 0 },
      { id: s.member.id, name: s.member.name, role: "member", read: 100, notes: 1, questions: 1, replies: 0 },
      { id: s.other.id, name: s.other.name, role: "member", read: 50, notes: 1, questions: 0, replies: 1 },
    ]);
    expect(heat).toEqual([
      { blockId: P[1], notes: 0, openQuestions: 0, reactions: 0, replies: 0 },
      { blockId: P[2], notes: 2, openQuestions: 1, reactions: 1, replies: 1 },
      { blockId: P[3], notes: 1, openQuestions: 0, reactions: 0, replies: 0 },
      { blockId: P[4], notes: 0, openQuestions: 0, reactions: 0, replies: 0 },
    ]);
    // A question that is resolved is no longer open.
    await setResolved(s.facilitator.id, s.group.id, question.id, true);
    expect((await participation(s.facilitator.id, s.group.id, reading.id)).heat[1]).toMatchObject({ notes: 2, openQuestions: 0 });
  });
});

describe("the meeting agenda", () => {
  async function meeting() {
    const s = await scenario("Agenda");
    const reading = await createReading(
      s.facilitator.id,
      s.group.id,
      week({ ...RANGE(), prompts: [{ body: "What is a mass organisation?", blockId: P[2] }, { body: "Compare with last week." }] }),
    );
    const first = await note(s, s.member.id, P[1]!, "question", "First question, asked earliest?");
    const second = await note(s, s.other.id, P[3]!, "question", "Second question, asked by many?");
    const resolved = await note(s, s.member.id, P[2]!, "question", "Settled question?");
    await setResolved(s.facilitator.id, s.group.id, resolved.id, true);
    await setReaction(s.member.id, s.group.id, second.id, "same", true);
    await setReaction(s.facilitator.id, s.group.id, second.id, "same", true);
    await createDiscussion(s.other.id, s.group.id, { id: randomUUID(), text: SLUG, kind: "comment", promptId: reading.prompts[0]!.id, body: "A union, at least." });
    return { s, reading, first, second };
  }

  it("leaves the facilitator's private notes out of the agenda, so sharing it publishes none of them", async () => {
    const { s, reading } = await meeting();
    const mine = await note(s, s.facilitator.id, P[2]!, "question", "My private doubt about the chair?", "private");
    await createReply(s.facilitator.id, s.group.id, mine.id, { id: randomUUID(), body: "A private aside to myself." });
    await note(s, s.facilitator.id, P[4]!, "comment", "A private reminder.", "private");
    const agenda = await getAgenda(s.facilitator.id, s.group.id, reading.id);
    expect(agenda.generated).toContain("Second question, asked by many?");
    for (const words of ["My private doubt", "A private aside", "A private reminder"]) expect(agenda.generated).not.toContain(words);
    await saveAgenda(s.facilitator.id, s.group.id, reading.id, { shared: true });
    const shared = await getAgenda(s.member.id, s.group.id, reading.id);
    for (const words of ["My private doubt", "A private aside", "A private reminder"]) expect(shared.markdown).not.toContain(words);
  });

  it("puts the most-asked open questions first and each prompt's answers under it", async () => {
    const { s, reading } = await meeting();
    const agenda = await getAgenda(s.facilitator.id, s.group.id, reading.id);
    expect(agenda).toMatchObject({ saved: false, sharedAt: null, facilitator: true, title: expect.any(String) });
    expect(agenda.markdown).toBe(agenda.generated);
    const md = agenda.generated!;
    const section = (title: string) => md.slice(md.indexOf(`## ${title}`), md.indexOf("\n## ", md.indexOf(`## ${title}`) + 3));
    const open = section("Open questions");
    expect(open).toMatch(/1\. Second question, asked by many\? — Other \d+, on ¶3 .*\(2 people asked the same\)/);
    expect(open).toMatch(/2\. First question, asked earliest\? — Member \d+, on ¶1/);
    expect(open).not.toContain("Settled question");
    const prompts = section("Prompts");
    expect(prompts).toMatch(/### 1\. What is a mass organisation\?\n\nOn ¶2 “Under these circumstances.*”\.\n\n- \*\*Other \d+:\*\* A union, at least\.\n/);
    expect(prompts).toMatch(/### 2\. Compare with last week\.\n\nNo answers yet\.\n/);
    // A prompt's answer is not a comment waiting for a reply.
    expect(section("Comments waiting for a reply")).not.toContain("A union");
  });

  it("is hidden from members until the facilitator shares it, and can be unshared", async () => {
    const { s, reading } = await meeting();
    await refused(getAgenda(s.member.id, s.group.id, reading.id), "NOT_FOUND");
    const saved = await saveAgenda(s.facilitator.id, s.group.id, reading.id, { markdown: "# Our agenda\n\n1. Tea." });
    expect(saved).toMatchObject({ markdown: "# Our agenda\n\n1. Tea.", saved: true, sharedAt: null, generated: expect.stringContaining("## Open questions") });
    await refused(getAgenda(s.member.id, s.group.id, reading.id), "NOT_FOUND");

    const shared = await saveAgenda(s.facilitator.id, s.group.id, reading.id, { shared: true });
    expect(shared).toMatchObject({ markdown: "# Our agenda\n\n1. Tea.", sharedAt: expect.any(String) });
    expect(await getAgenda(s.member.id, s.group.id, reading.id)).toEqual({
      markdown: "# Our agenda\n\n1. Tea.",
      saved: true,
      sharedAt: shared.sharedAt,
      generated: null,
      facilitator: false,
      title: shared.title,
    });

    await saveAgenda(s.facilitator.id, s.group.id, reading.id, { shared: false });
    await refused(getAgenda(s.member.id, s.group.id, reading.id), "NOT_FOUND");
    expect(await db.agenda.findUniqueOrThrow({ where: { readingId: reading.id } })).toMatchObject({ markdown: "# Our agenda\n\n1. Tea.", sharedAt: null, updatedById: s.facilitator.id });
  });

  it("shares the generated text when nothing was written yet", async () => {
    const { s, reading } = await meeting();
    const generated = (await getAgenda(s.facilitator.id, s.group.id, reading.id)).generated!;
    await saveAgenda(s.facilitator.id, s.group.id, reading.id, { shared: true });
    expect((await getAgenda(s.other.id, s.group.id, reading.id)).markdown).toBe(generated);
  });
});

describe("the calendar feed", () => {
  const tokenOf = (url: string) => {
    const match = /\/api\/calendar\/([^/]+)\.ics$/.exec(url);
    expect(match, url).not.toBeNull();
    return match![1]!;
  };

  it("lists each week of the schedule as one event", async () => {
    const s = await scenario("Calendar");
    await db.group.update({ where: { id: s.group.id }, data: { timeZone: "America/New_York" } });
    const one = await createReading(s.facilitator.id, s.group.id, week({ prompts: [{ body: "What is a mass organisation?" }] }));
    await createReading(s.facilitator.id, s.group.id, week({ weekOf: "2026-12-14", due: "2026-12-15T19:00", text: OTHER_SLUG }));
    const gone = await createReading(s.facilitator.id, s.group.id, week({ weekOf: "2026-12-21", due: "2026-12-22T19:00" }));
    await deleteReading(s.facilitator.id, s.group.id, gone.id);
    const elsewhere = await scenario("Elsewhere");
    await createReading(elsewhere.facilitator.id, elsewhere.group.id, week());

    const feed = await calendarFeed(tokenOf((await calendarAddress(s.member.id, s.group.id)).url));
    expect(feed).not.toBeNull();
    expect(feed).toMatch(/^BEGIN:VCALENDAR/);
    expect(feed).toContain("END:VCALENDAR");
    expect(feed!.match(/BEGIN:VEVENT/g)).toHaveLength(2);
    expect(feed).toContain(`reading-${one.id}@study-circle`);
    expect(feed).not.toContain(gone.id);
    expect(feed).toContain("DTSTART:20261209T000000Z");
    expect(feed!.replace(/\r\n[ \t]/g, "")).toContain("What is a mass organisation?");
  });

  it("stops answering an address once it is reset, and answers the new one", async () => {
    const s = await scenario("Calendar");
    await createReading(s.facilitator.id, s.group.id, week());
    const first = await calendarAddress(s.member.id, s.group.id);
    expect(await calendarAddress(s.member.id, s.group.id)).toEqual(first);
    const second = await resetCalendarAddress(s.member.id, s.group.id);
    expect(second.url).not.toBe(first.url);
    expect(await calendarFeed(tokenOf(first.url))).toBeNull();
    expect(await calendarFeed(tokenOf(second.url))).toMatch(/BEGIN:VCALENDAR/);
    // Resetting one member's address leaves everyone else's alone.
    expect(await calendarFeed(tokenOf((await calendarAddress(s.other.id, s.group.id)).url))).toMatch(/BEGIN:VCALENDAR/);
  });

  it("stops answering a member who leaves the group", async () => {
    const s = await scenario("Calendar");
    await createReading(s.facilitator.id, s.group.id, week());
    const token = tokenOf((await calendarAddress(s.other.id, s.group.id)).url);
    expect(await calendarFeed(token)).toMatch(/BEGIN:VCALENDAR/);
    await removeMember(s.facilitator.id, s.group.id, s.other.id);
    expect(await calendarFeed(token)).toBeNull();
    // The scenario's removed member, and an outsider with a correctly signed address.
    expect(await calendarFeed(calendarToken(s.group.id, s.removed.id, 0))).toBeNull();
    expect(await calendarFeed(calendarToken(s.group.id, s.outsider.id, 0))).toBeNull();
  });

  it("refuses a tampered or malformed address", async () => {
    const s = await scenario("Calendar");
    await createReading(s.facilitator.id, s.group.id, week());
    const token = tokenOf((await calendarAddress(s.member.id, s.group.id)).url);
    const [payload, signature] = token.split(".") as [string, string];
    const flip = (t: string, i: number) => `${t.slice(0, i)}${t[i] === "A" ? "B" : "A"}${t.slice(i + 1)}`;
    const otherPayload = Buffer.from(`${s.group.id}:${s.other.id}:0`).toString("base64url");
    const olderVersion = Buffer.from(`${s.group.id}:${s.member.id}:1`).toString("base64url");
    for (const bad of [
      `${payload}.${flip(signature, 0)}`,
      `${payload}.${flip(signature, signature.length - 2)}`,
      `${flip(payload, 3)}.${signature}`,
      `${otherPayload}.${signature}`,
      `${olderVersion}.${signature}`,
      `${payload}.${signature}.extra`,
      `${payload}.`,
      `.${signature}`,
      payload,
      "",
      "abc",
      "../../etc/passwd",
    ])
      expect(await calendarFeed(bad), bad).toBeNull();
    expect(await calendarFeed(token)).toMatch(/BEGIN:VCALENDAR/);
  });
});

describe("recent activity on the group's home", () => {
  it("tells what happened as sentences, newest first, and keeps a closed week's notes closed", async () => {
    const s = await scenario("Activity");
    const question = await note(s, s.member.id, P[2]!, "question", "Why now?");
    await createReply(s.other.id, s.group.id, question.id, { id: randomUUID(), body: "Because of the strike." });
    const mine = await recentActivity(s.member.id, s.group.id);
    expect(mine.map((a) => `${a.who} ${a.what} on ${a.where}`)).toEqual([
      `${s.other.name} replied to your question on ¶2`,
      "You asked a question on ¶2",
    ]);
    expect(mine[0]!.textTitle).toBe("Organisation of the Masses and Choice of the Moment for Struggle");
    expect(mine[0]!.url).toContain(`thread=${question.id}`);

    // With "post before you peek", a member who has not posted sees nobody else's words here either.
    await createReading(s.facilitator.id, s.group.id, week({ postBeforePeek: true }));
    const stranger = await scenario("Activity");
    await addMember(s.group.id, stranger.member.id);
    expect(await recentActivity(stranger.member.id, s.group.id)).toEqual([]);
    expect((await recentActivity(s.facilitator.id, s.group.id)).length).toBe(2);
  });
});

