// Who may read and change a group's schedule, from one table: every function of
// lib/readings/readings.ts, meeting.ts and the calendar address × {non-member, removed
// member, member, facilitator}. Refusals change nothing; what is allowed happens. Then
// the same calls aimed at another group's weeks (IDOR) and with malformed ids.
import { beforeAll, describe, expect, it } from "vitest";
import type { z } from "zod";
import { db } from "@/lib/db";
import { loadTexts } from "@/lib/content/load";
import { AppError, notFound, type ErrorCode } from "@/lib/errors";
import { addMember, outcome, scenario, type Scenario, type TestUser } from "@/lib/groups/test-fixtures";
import { readingSchema } from "./schemas";
import * as readings from "./readings";
import * as meeting from "./meeting";
import * as calendar from "./calendar";
import * as activity from "./activity";

const SLUG = "organisation-of-the-masses";
let P: string[];
let textId: string;

beforeAll(async () => {
  await loadTexts(db);
  const text = await db.text.findUniqueOrThrow({ where: { slug: SLUG }, select: { id: true, currentVersionId: true } });
  textId = text.id;
  P = (await db.block.findMany({ where: { versionId: text.currentVersionId!, kind: "paragraph" }, orderBy: { position: "asc" }, select: { id: true } })).map((b) => b.id);
});

const week = (over: Partial<z.input<typeof readingSchema>> = {}) => readingSchema.parse({ text: SLUG, weekOf: "2026-12-07", due: "2026-12-08T19:00", ...over });

const ACTORS = ["non-member", "removed member", "member", "facilitator"] as const;
type Actor = (typeof ACTORS)[number];
type Outcome = "ok" | ErrorCode;
type Grid = Record<Actor, Outcome>;
const NF = "NOT_FOUND" as const;
const MEMBERS: Grid = { "non-member": NF, "removed member": NF, member: "ok", facilitator: "ok" };
const FACILITATORS: Grid = { ...MEMBERS, member: NF };
const EVERYONE: Grid = { "non-member": "ok", "removed member": "ok", member: "ok", facilitator: "ok" };

const actorIn = (s: Scenario, a: Actor): TestUser => ({ "non-member": s.outsider, "removed member": s.removed, member: s.member, facilitator: s.facilitator })[a];

/**
 * A group with three weeks: the current one (a range, a prompt, post-before-you-peek, its
 * agenda not shared), the next (its agenda shared with the group) and a deleted one.
 */
async function world() {
  const s = await scenario("Readings");
  const reading = await readings.createReading(
    s.facilitator.id,
    s.group.id,
    week({ startBlockId: P[1]!, endBlockId: P[4]!, prompts: [{ body: "What is a mass organisation?", blockId: P[2]! }], postBeforePeek: true }),
  );
  const shared = await readings.createReading(s.facilitator.id, s.group.id, week({ weekOf: "2026-12-14", due: "2026-12-15T19:00" }));
  await meeting.saveAgenda(s.facilitator.id, s.group.id, shared.id, { markdown: "# The shared agenda", shared: true });
  const deleted = await readings.createReading(s.facilitator.id, s.group.id, week({ weekOf: "2026-12-21", due: "2026-12-22T19:00" }));
  await readings.deleteReading(s.facilitator.id, s.group.id, deleted.id);
  return { s, reading, shared, deleted };
}
type World = Awaited<ReturnType<typeof world>>;

/** Every row the schedule's functions may write, in a stable order. */
async function tables() {
  const [reading, prompt, agenda, readingProgress, membership, notification] = await Promise.all([
    db.reading.findMany({ orderBy: { id: "asc" } }),
    db.prompt.findMany({ orderBy: { id: "asc" } }),
    db.agenda.findMany({ orderBy: { readingId: "asc" } }),
    db.readingProgress.findMany({ orderBy: [{ readingId: "asc" }, { userId: "asc" }] }),
    db.membership.findMany({ orderBy: [{ groupId: "asc" }, { userId: "asc" }] }),
    db.notification.findMany({ orderBy: { id: "asc" } }),
  ]);
  return { reading, prompt, agenda, readingProgress, membership, notification };
}
type Tables = Awaited<ReturnType<typeof tables>>;

/** The group and week a call is aimed at. */
type Target = { groupId: string; readingId: string };

type Row = {
  /** The exported function this row covers. */
  fn: string;
  label?: string;
  grid: Grid;
  /** Which of the world's weeks the call is aimed at; null when it is not aimed at one. */
  week: ((w: World) => string) | null;
  call: (actor: TestUser, t: Target, w: World) => Promise<unknown>;
  effect: (before: Tables, after: Tables, w: World, actor: TestUser, result: unknown) => void;
};

const unchanged = (before: Tables, after: Tables) => expect(after).toEqual(before);
const row = (t: Tables, id: string) => t.reading.find((r) => r.id === id)!;
const current = (w: World) => w.reading.id;
/** Null answers (no such week, no such address) count as NOT_FOUND. */
const found = async <T,>(value: Promise<T | null>): Promise<T> => {
  const result = await value;
  if (result === null) throw notFound();
  return result;
};
const calendarVersionOf = (t: Tables, w: World, actor: TestUser) => t.membership.find((m) => m.groupId === w.s.group.id && m.userId === actor.id)?.calendarVersion;

const ROWS: Row[] = [
  {
    fn: "listReadings",
    grid: MEMBERS,
    week: null,
    call: (actor, t) => readings.listReadings(actor.id, t.groupId),
    effect: (before, after, w, _a, result) => {
      unchanged(before, after);
      expect((result as Awaited<ReturnType<typeof readings.listReadings>>).readings.map((r) => r.id)).toEqual([w.reading.id, w.shared.id]);
    },
  },
  {
    fn: "currentReadingId",
    grid: MEMBERS,
    week: null,
    call: async (actor, t) => ({ id: await readings.currentReadingId(actor.id, t.groupId), schedule: await readings.listReadings(actor.id, t.groupId) }),
    effect: (before, after, _w, _a, result) => {
      unchanged(before, after);
      const { id, schedule } = result as { id: string | null; schedule: Awaited<ReturnType<typeof readings.listReadings>> };
      expect(id).not.toBeNull();
      expect(id).toBe(schedule.readings[schedule.current]!.id);
    },
  },
  {
    fn: "getReading",
    grid: MEMBERS,
    week: current,
    call: (actor, t) => readings.getReading(actor.id, t.groupId, t.readingId),
    effect: (before, after, w, _a, result) => {
      unchanged(before, after);
      expect(result).toMatchObject({ id: w.reading.id, blockIds: P.slice(1, 5) });
    },
  },
  {
    fn: "readingForText",
    grid: MEMBERS,
    week: null,
    call: (actor, t) => found(readings.readingForText(actor.id, t.groupId, SLUG)),
    effect: (before, after, _w, _a, result) => {
      unchanged(before, after);
      expect(result).toMatchObject({ text: { slug: SLUG } });
    },
  },
  {
    fn: "createReading",
    grid: FACILITATORS,
    week: null,
    call: (actor, t) => readings.createReading(actor.id, t.groupId, week({ weekOf: "2027-01-04", due: "2027-01-05T19:00" })),
    effect: (before, after, w, actor) => {
      const fresh = after.reading.filter((r) => !before.reading.some((b) => b.id === r.id));
      expect(fresh).toHaveLength(1);
      expect(fresh[0]).toMatchObject({ groupId: w.s.group.id, createdById: actor.id, textId, deletedAt: null });
    },
  },
  {
    fn: "updateReading",
    grid: FACILITATORS,
    week: current,
    call: (actor, t, w) =>
      readings.updateReading(
        actor.id,
        t.groupId,
        t.readingId,
        week({ due: "2026-12-08T21:00", startBlockId: P[1]!, endBlockId: P[4]!, prompts: [{ id: w.reading.prompts[0]!.id, body: "Reworded." }] }),
      ),
    effect: (before, after, w) => {
      expect(row(after, w.reading.id).dueAt.toISOString()).toBe("2026-12-08T21:00:00.000Z");
      expect(after.prompt.find((p) => p.id === w.reading.prompts[0]!.id)).toMatchObject({ body: "Reworded.", blockId: null });
    },
  },
  {
    fn: "deleteReading",
    grid: FACILITATORS,
    week: current,
    call: (actor, t) => readings.deleteReading(actor.id, t.groupId, t.readingId),
    effect: (before, after, w) => expect(row(after, w.reading.id).deletedAt).toBeInstanceOf(Date),
  },
  {
    fn: "restoreReading",
    grid: FACILITATORS,
    week: (w) => w.deleted.id,
    call: (actor, t) => readings.restoreReading(actor.id, t.groupId, t.readingId),
    effect: (before, after, w) => expect(row(after, w.deleted.id).deletedAt).toBeNull(),
  },
  {
    fn: "reorderReadings",
    grid: FACILITATORS,
    week: null,
    call: (actor, t, w) => readings.reorderReadings(actor.id, t.groupId, [w.shared.id, w.reading.id]),
    effect: (before, after, w) => {
      expect(row(after, w.shared.id).dueAt).toEqual(row(before, w.reading.id).dueAt);
      expect(row(after, w.reading.id).dueAt).toEqual(row(before, w.shared.id).dueAt);
    },
  },
  {
    fn: "recordProgress",
    grid: MEMBERS,
    week: current,
    call: (actor, t) => readings.recordProgress(actor.id, t.groupId, t.readingId, P[3]!),
    effect: (before, after, w, actor) =>
      expect(after.readingProgress.filter((p) => !before.readingProgress.some((b) => b.readingId === p.readingId && b.userId === p.userId))).toEqual([
        { readingId: w.reading.id, userId: actor.id, blocksRead: 3, updatedAt: expect.any(Date) },
      ]),
  },
  {
    fn: "recentActivity",
    grid: MEMBERS,
    week: null,
    call: (actor, t) => activity.recentActivity(actor.id, t.groupId),
    effect: (before, after, _w, _a, result) => {
      unchanged(before, after);
      expect(Array.isArray(result)).toBe(true);
    },
  },
  {
    // Not a refusal but a gate: only a plain member who has not posted is locked out.
    fn: "peekLocked",
    grid: EVERYONE,
    week: null,
    call: (actor, t) => readings.peekLocked(actor.id, t.groupId, textId),
    effect: (before, after, w, actor, result) => {
      unchanged(before, after);
      expect(result).toBe(actor.id === w.s.member.id);
    },
  },
  {
    fn: "calendarVersion",
    grid: MEMBERS,
    week: null,
    call: (actor, t) => readings.calendarVersion(actor.id, t.groupId),
    effect: (before, after, _w, _a, result) => {
      unchanged(before, after);
      expect(result).toBe(0);
    },
  },
  {
    fn: "resetCalendarVersion",
    grid: MEMBERS,
    week: null,
    call: (actor, t) => readings.resetCalendarVersion(actor.id, t.groupId),
    effect: (before, after, w, actor, result) => {
      expect(result).toBe(1);
      expect(calendarVersionOf(after, w, actor)).toBe(calendarVersionOf(before, w, actor)! + 1);
      expect(after.membership.filter((m) => m.userId !== actor.id)).toEqual(before.membership.filter((m) => m.userId !== actor.id));
    },
  },
  {
    // Reached through a signed address rather than a session: null for anyone not (or no longer) in the group.
    fn: "calendarReadings",
    grid: MEMBERS,
    week: null,
    call: (actor, t) => found(readings.calendarReadings(t.groupId, actor.id, 0)),
    effect: (before, after, w, _a, result) => {
      unchanged(before, after);
      expect((result as { readings: { id: string }[] }).readings.map((r) => r.id)).toEqual([w.reading.id, w.shared.id]);
    },
  },
  {
    fn: "participation",
    grid: FACILITATORS,
    week: current,
    call: (actor, t) => meeting.participation(actor.id, t.groupId, t.readingId),
    effect: (before, after, _w, _a, result) => {
      unchanged(before, after);
      expect((result as meeting.Participation).heat.map((h) => h.blockId)).toEqual(P.slice(1, 5));
    },
  },
  {
    fn: "getAgenda",
    label: "getAgenda of a week whose agenda is not shared",
    grid: FACILITATORS,
    week: current,
    call: (actor, t) => meeting.getAgenda(actor.id, t.groupId, t.readingId),
    effect: (before, after, _w, _a, result) => {
      unchanged(before, after);
      expect(result).toMatchObject({ facilitator: true, saved: false, generated: expect.stringContaining("What is a mass organisation?") });
    },
  },
  {
    fn: "getAgenda",
    label: "getAgenda of a week whose agenda is shared",
    grid: MEMBERS,
    week: (w) => w.shared.id,
    call: (actor, t) => meeting.getAgenda(actor.id, t.groupId, t.readingId),
    effect: (before, after, _w, _a, result) => {
      unchanged(before, after);
      expect(result).toMatchObject({ markdown: "# The shared agenda", sharedAt: expect.any(String) });
    },
  },
  {
    fn: "saveAgenda",
    grid: FACILITATORS,
    week: current,
    call: (actor, t) => meeting.saveAgenda(actor.id, t.groupId, t.readingId, { markdown: "# Edited", shared: true }),
    effect: (before, after, w, actor) =>
      expect(after.agenda.find((a) => a.readingId === w.reading.id)).toMatchObject({ markdown: "# Edited", sharedAt: expect.any(Date), updatedById: actor.id }),
  },
  {
    fn: "calendarAddress",
    grid: MEMBERS,
    week: null,
    call: (actor, t) => calendar.calendarAddress(actor.id, t.groupId),
    effect: (before, after, _w, _a, result) => {
      unchanged(before, after);
      expect((result as { url: string }).url).toMatch(/\/api\/calendar\/[\w-]+\.[\w-]+\.ics$/);
    },
  },
  {
    fn: "resetCalendarAddress",
    grid: MEMBERS,
    week: null,
    call: (actor, t) => calendar.resetCalendarAddress(actor.id, t.groupId),
    effect: (before, after, w, actor) => expect(calendarVersionOf(after, w, actor)).toBe(calendarVersionOf(before, w, actor)! + 1),
  },
  {
    fn: "calendarFeed",
    grid: MEMBERS,
    week: null,
    call: (actor, t) => found(calendar.calendarFeed(calendar.calendarToken(t.groupId, actor.id, 0))),
    effect: (before, after, _w, _a, result) => {
      unchanged(before, after);
      expect((result as string).match(/BEGIN:VEVENT/g)).toHaveLength(2);
    },
  },
];

/** Exported functions that take no acting user and touch no data. */
const PURE = ["checkReadingId", "currentIndex", "calendarToken", "readCalendarToken"];

describe("the schedule's permission matrix", () => {
  it("covers every exported function of readings.ts, meeting.ts, calendar.ts and activity.ts", () => {
    const exported = [readings, meeting, calendar, activity].flatMap((module) =>
      Object.entries(module)
        .filter(([, value]) => typeof value === "function")
        .map(([name]) => name),
    );
    expect(exported.filter((name) => !PURE.includes(name) && !ROWS.some((r) => r.fn === name))).toEqual([]);
    // And the pure ones are really not async: an async function must have a row.
    for (const name of PURE) {
      const fn = (readings as Record<string, unknown>)[name] ?? (calendar as Record<string, unknown>)[name];
      if (fn) expect((fn as () => unknown).constructor.name, name).not.toBe("AsyncFunction");
    }
  });

  for (const r of ROWS)
    for (const actorName of ACTORS)
      it(`${r.label ?? r.fn} by ${actorName}`, async () => {
        const w = await world();
        const actor = actorIn(w.s, actorName);
        const target = { groupId: w.s.group.id, readingId: r.week ? r.week(w) : w.reading.id };
        const before = await tables();
        let result: unknown;
        const got = await outcome(async () => {
          result = await r.call(actor, target, w);
        });
        const after = await tables();
        expect(got, `${r.fn} by ${actorName}`).toBe(r.grid[actorName]);
        if (got === "ok") r.effect(before, after, w, actor, result);
        else expect(after, `${r.fn} by ${actorName} changed nothing`).toEqual(before);
      });
});

describe("another group's weeks", () => {
  it("every function aimed at group B's weeks through group A is refused and changes nothing", async () => {
    const a = await world();
    const b = await world();
    // Someone who facilitates both groups still cannot reach B's weeks through A.
    await addMember(b.s.group.id, a.s.facilitator.id, "facilitator");
    const before = await tables();
    for (const actor of ACTORS)
      for (const r of ROWS) {
        if (!r.week) continue;
        const target = { groupId: a.s.group.id, readingId: r.week(b) };
        expect(await outcome(() => r.call(actorIn(a.s, actor), target, b)), `${r.label ?? r.fn} by A's ${actor} on B's week`).toBe(NF);
      }
    // Reordering A's schedule with B's weeks is refused as a wrong list.
    expect(await outcome(() => readings.reorderReadings(a.s.facilitator.id, a.s.group.id, [b.shared.id, b.reading.id]))).toBe("BAD_REQUEST");
    expect(await outcome(() => readings.reorderReadings(a.s.facilitator.id, a.s.group.id, [a.shared.id, b.reading.id]))).toBe("BAD_REQUEST");
    // A's week can't take B's prompt (and its answers) in an edit.
    expect(
      await outcome(() =>
        readings.updateReading(a.s.facilitator.id, a.s.group.id, a.reading.id, week({ startBlockId: P[1]!, endBlockId: P[4]!, prompts: [{ id: b.reading.prompts[0]!.id, body: "Mine now." }] })),
      ),
    ).toBe("BAD_REQUEST");
    expect(await tables()).toEqual(before);
    // Through B, the same person may.
    expect(await outcome(() => readings.getReading(a.s.facilitator.id, b.s.group.id, b.reading.id))).toBe("ok");
  });

  it("malformed or unknown week ids and group ids are NOT_FOUND and change nothing", async () => {
    const w = await world();
    const before = await tables();
    for (const bad of ["abc", `${w.reading.id}x`, "' OR 1=1 --", "", "c".repeat(25)])
      for (const r of ROWS) {
        if (!r.week) continue;
        for (const actor of [w.s.member, w.s.facilitator])
          expect(await outcome(() => r.call(actor, { groupId: w.s.group.id, readingId: bad }, w)), `${r.label ?? r.fn}(${JSON.stringify(bad)})`).toBe(NF);
      }
    for (const badGroup of ["not a group id", "", "c".repeat(25)])
      for (const r of ROWS) {
        if (r.fn === "peekLocked") continue; // a gate, not a lookup: no group, no gate
        expect(await outcome(() => r.call(w.s.facilitator, { groupId: badGroup, readingId: r.week ? r.week(w) : w.reading.id }, w)), `${r.label ?? r.fn} in ${JSON.stringify(badGroup)}`).toBe(NF);
      }
    expect(await readings.peekLocked(w.s.member.id, "not a group id", textId)).toBe(false);
    expect(await tables()).toEqual(before);
  });

  it("a week's id is checked before any query", () => {
    expect(() => readings.checkReadingId("' OR 1=1 --")).toThrow(AppError);
    expect(readings.checkReadingId("cmabcdefghijklmnopqrstuvw")).toBe("cmabcdefghijklmnopqrstuvw");
  });
});
