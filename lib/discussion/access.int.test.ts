// Who may read and act on which thread, from one table: every function of
// lib/discussion/threads.ts × {non-member, removed member, the note's author, another
// member, the facilitator} × {a group question, a private one, a hidden one, a deleted
// one}. Refusals change nothing; what is allowed happens. Then the same calls aimed at
// another group's threads (IDOR) and with malformed ids.
import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { loadTexts } from "@/lib/content/load";
import { createAnnotation, deleteAnnotation, setHidden } from "@/lib/annotations/annotations";
import { addMember, outcome, scenario, type Scenario, type TestUser } from "@/lib/groups/test-fixtures";
import { AppError, type ErrorCode } from "@/lib/errors";
import * as threads from "./threads";

const SLUG = "organisation-of-the-masses";
let versionId: string;
let block: { id: string; plainText: string };

beforeAll(async () => {
  await loadTexts(db);
  const text = await db.text.findUniqueOrThrow({ where: { slug: SLUG }, select: { currentVersionId: true } });
  versionId = text.currentVersionId!;
  const blocks = await db.block.findMany({ where: { versionId }, orderBy: { position: "asc" }, select: { id: true, plainText: true } });
  block = blocks.find((b) => b.plainText.length > 80)!;
});

const ACTORS = ["non-member", "removed member", "author", "other member", "facilitator"] as const;
type Actor = (typeof ACTORS)[number];
const NOTES = ["group", "private", "hidden", "deleted"] as const;
type NoteKind = (typeof NOTES)[number];
type Outcome = "ok" | ErrorCode;
type Grid = Record<Actor, [Outcome, Outcome, Outcome, Outcome]>;
const NF = "NOT_FOUND" as const;
const NONE: [Outcome, Outcome, Outcome, Outcome] = [NF, NF, NF, NF];
/** Allowed where the actor can see the thread. */
const SEES: Grid = {
  "non-member": NONE,
  "removed member": NONE,
  author: ["ok", "ok", "ok", NF],
  "other member": ["ok", NF, NF, NF],
  facilitator: ["ok", NF, "ok", NF],
};
const FACILITATOR_ONLY: Grid = { ...SEES, author: NONE, "other member": NONE };
const AUTHOR_OR_FACILITATOR: Grid = { ...SEES, "other member": NONE };

const actorIn = (s: Scenario, a: Actor): TestUser =>
  ({ "non-member": s.outsider, "removed member": s.removed, author: s.member, "other member": s.other, facilitator: s.facilitator })[a];

type World = { s: Scenario; notes: Record<NoteKind, string>; replies: Record<NoteKind, string> };

async function world(): Promise<World> {
  const s = await scenario("Threads");
  const notes = {} as Record<NoteKind, string>;
  const replies = {} as Record<NoteKind, string>;
  for (const kind of NOTES) {
    const { annotation } = await createAnnotation(s.member.id, s.group.id, {
      id: randomUUID(),
      text: SLUG,
      kind: "question",
      color: null,
      body: `A ${kind} question?`,
      visibility: kind === "private" ? "private" : "group",
      anchor: { versionId, startBlockId: block.id, startOffset: 0, endBlockId: block.id, endOffset: 30, exact: block.plainText.slice(0, 30) },
    });
    notes[kind] = annotation.id;
    // A reply by the author (the only one who may reply to a private note); none under the
    // deleted one, so deleting it takes it out of sight.
    replies[kind] =
      kind === "deleted"
        ? randomUUID()
        : (await threads.createReply(s.member.id, s.group.id, annotation.id, { id: randomUUID(), body: "Adding to it." })).reply.id;
  }
  await setHidden(s.facilitator.id, s.group.id, notes.hidden, true);
  await deleteAnnotation(s.member.id, s.group.id, notes.deleted);
  return { s, notes, replies };
}

async function tables() {
  const [annotations, reactions, follows, mentions, notifications] = await Promise.all([
    db.annotation.findMany({ orderBy: { id: "asc" } }),
    db.reaction.findMany({ orderBy: [{ annotationId: "asc" }, { userId: "asc" }, { kind: "asc" }] }),
    db.threadFollow.findMany({ orderBy: [{ threadId: "asc" }, { userId: "asc" }], omit: { updatedAt: true } }),
    db.mention.findMany({ orderBy: [{ annotationId: "asc" }, { userId: "asc" }] }),
    db.notification.findMany({ orderBy: { id: "asc" } }),
  ]);
  return { annotations, reactions, follows, mentions, notifications };
}
type Tables = Awaited<ReturnType<typeof tables>>;

type Row = {
  grid: Grid;
  call: (w: World, actor: TestUser, kind: NoteKind, threadId: string) => Promise<unknown>;
  effect: (before: Tables, after: Tables, w: World, actor: TestUser, kind: NoteKind) => void;
};

const note = (t: Tables, id: string) => t.annotations.find((a) => a.id === id)!;
const unchanged = (before: Tables, after: Tables) => expect(after).toEqual(before);

const MATRIX: Record<keyof typeof threads, Row> = {
  getThread: {
    grid: SEES,
    call: (w, actor, _k, id) => threads.getThread(actor.id, w.s.group.id, id),
    effect: unchanged,
  },
  createReply: {
    grid: { ...SEES, author: ["ok", "ok", "CONFLICT", NF], facilitator: ["ok", NF, "CONFLICT", NF] },
    call: (w, actor, _k, id) => threads.createReply(actor.id, w.s.group.id, id, { id: randomUUID(), body: "A reply." }),
    effect: (before, after, w, actor, kind) => {
      const fresh = after.annotations.filter((a) => !before.annotations.some((b) => b.id === a.id));
      expect(fresh).toHaveLength(1);
      expect(fresh[0]).toMatchObject({ kind: "reply", parentId: w.notes[kind], threadId: w.notes[kind], authorId: actor.id, body: "A reply." });
    },
  },
  createDiscussion: {
    // A discussion is not on one note: its row below checks who may start one.
    grid: { ...SEES, author: ["ok", "ok", "ok", "ok"], "other member": ["ok", "ok", "ok", "ok"], facilitator: ["ok", "ok", "ok", "ok"] },
    call: (w, actor) => threads.createDiscussion(actor.id, w.s.group.id, { id: randomUUID(), text: SLUG, kind: "comment", title: "On the whole", body: "Thoughts." }),
    effect: (before, after, w, actor) => {
      const fresh = after.annotations.filter((a) => !before.annotations.some((b) => b.id === a.id));
      expect(fresh).toHaveLength(1);
      expect(fresh[0]).toMatchObject({ target: "text", title: "On the whole", authorId: actor.id, groupId: w.s.group.id, threadId: null });
    },
  },
  setAnswer: {
    grid: AUTHOR_OR_FACILITATOR,
    call: (w, actor, kind, id) => threads.setAnswer(actor.id, w.s.group.id, id, w.replies[kind]),
    effect: (before, after, w, _a, kind) => expect(note(after, w.notes[kind]).answerId).toBe(w.replies[kind]),
  },
  setResolved: {
    grid: AUTHOR_OR_FACILITATOR,
    call: (w, actor, _k, id) => threads.setResolved(actor.id, w.s.group.id, id, true),
    effect: (before, after, w, actor, kind) => expect(note(after, w.notes[kind])).toMatchObject({ resolvedAt: expect.any(Date), resolvedById: actor.id }),
  },
  setPinned: {
    grid: FACILITATOR_ONLY,
    call: (w, actor, _k, id) => threads.setPinned(actor.id, w.s.group.id, id, true),
    effect: (before, after, w, _a, kind) => expect(note(after, w.notes[kind]).pinnedAt).toBeInstanceOf(Date),
  },
  setForMeeting: {
    grid: FACILITATOR_ONLY,
    call: (w, actor, _k, id) => threads.setForMeeting(actor.id, w.s.group.id, id, true),
    effect: (before, after, w, _a, kind) => expect(note(after, w.notes[kind]).forMeetingAt).toBeInstanceOf(Date),
  },
  setReaction: {
    grid: SEES,
    call: (w, actor, _k, id) => threads.setReaction(actor.id, w.s.group.id, id, "same", true),
    effect: (before, after, w, actor, kind) =>
      expect(after.reactions.filter((r) => !before.reactions.some((b) => b.annotationId === r.annotationId && b.userId === r.userId && b.kind === r.kind))).toEqual([
        { annotationId: w.notes[kind], userId: actor.id, kind: "same", createdAt: expect.any(Date) },
      ]),
  },
  listTextReplies: {
    // Per thread: whether its reply is among the text's replies this person may read.
    grid: { ...SEES, author: ["ok", "ok", "ok", NF], facilitator: ["ok", NF, "ok", NF] },
    call: async (w, actor, kind) => {
      const replies = await threads.listTextReplies(actor.id, w.s.group.id, SLUG);
      if (!replies.some((r) => r.id === w.replies[kind])) throw new AppError("NOT_FOUND", "not listed");
      return replies;
    },
    effect: unchanged,
  },
  setFollow: {
    grid: SEES,
    call: (w, actor, _k, id) => threads.setFollow(actor.id, w.s.group.id, id, false),
    effect: (before, after, w, actor, kind) =>
      expect(after.follows.find((f) => f.threadId === w.notes[kind] && f.userId === actor.id)).toMatchObject({ following: false }),
  },
};

describe("the thread permission matrix", () => {
  it("covers every exported function", () => {
    expect(Object.keys(threads).filter((name) => !(name in MATRIX))).toEqual([]);
  });

  for (const [name, row] of Object.entries(MATRIX))
    for (const actor of ACTORS)
      it(`${name} by ${actor}`, async () => {
        const w = await world();
        for (const [i, kind] of NOTES.entries()) {
          const before = await tables();
          const result = await outcome(() => row.call(w, actorIn(w.s, actor), kind, w.notes[kind]));
          const after = await tables();
          expect(result, `${name} by ${actor} on a ${kind} thread`).toBe(row.grid[actor][i]);
          if (result === "ok") row.effect(before, after, w, actorIn(w.s, actor), kind);
          else expect(after, `${name} by ${actor} on a ${kind} thread changed nothing`).toEqual(before);
        }
      });
});

describe("another group's threads", () => {
  it("every function, aimed at group B's threads through group A, is NOT_FOUND and changes nothing", async () => {
    const a = await world();
    const b = await world();
    // Someone in both groups still cannot reach B's threads through A.
    await addMember(b.s.group.id, a.s.facilitator.id, "facilitator");
    const before = await tables();
    for (const actor of ACTORS)
      for (const kind of NOTES)
        for (const [name, row] of Object.entries(MATRIX)) {
          if (name === "createDiscussion") continue; // not aimed at a thread
          const foreign = { ...a, replies: b.replies };
          expect(await outcome(() => row.call(foreign, actorIn(a.s, actor), kind, b.notes[kind])), `${name} by A's ${actor} on B's ${kind}`).toBe(NF);
        }
    expect(await tables()).toEqual(before);
  });

  it("a reply can't be marked as the answer to another thread's question", async () => {
    const w = await world();
    const other = await world();
    const before = await tables();
    expect(await outcome(() => threads.setAnswer(w.s.member.id, w.s.group.id, w.notes.group, other.replies.group))).toBe(NF);
    expect(await tables()).toEqual(before);
  });

  it("malformed ids and group ids are NOT_FOUND", async () => {
    const w = await world();
    for (const bad of ["abc", `${w.notes.group}x`, "' OR 1=1 --"])
      for (const [name, row] of Object.entries(MATRIX)) {
        if (name === "createDiscussion" || name === "listTextReplies") continue; // not aimed at one thread
        expect(await outcome(() => row.call(w, w.s.member, "group", bad)), `${name}(${bad})`).toBe(NF);
      }
    const wrongGroup = { ...w, s: { ...w.s, group: { ...w.s.group, id: "not a group id" } } };
    for (const [name, row] of Object.entries(MATRIX))
      expect(await outcome(() => row.call(wrongGroup, w.s.member, "group", w.notes.group)), name).toBe(NF);
  });
});
