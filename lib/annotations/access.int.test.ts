// Who may see and change which note, from one table: every function of
// lib/annotations/annotations.ts that acts for a person × {non-member, removed member,
// the note's author, another member, the facilitator} × {a group note, a private note,
// a hidden note, a deleted note}. Refusals are NOT_FOUND and change nothing; what is
// allowed happens. Then the same functions aimed at another group's notes (IDOR).
import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { loadTexts } from "@/lib/content/load";
import { describe as describeSelector } from "@/lib/anchoring/describe";
import { addMember, outcome, scenario, type Scenario, type TestUser } from "@/lib/groups/test-fixtures";
import * as annotations from "./annotations";

const { countAnnotationsByText, createAnnotation, deleteAnnotation, editAnnotation, getAnnotation, listAnnotations, placeAnnotation, restoreAnnotation, setHidden } =
  annotations;

const SLUG = "organisation-of-the-masses";
let versionId: string;
let blocks: { id: string; plainText: string }[];

beforeAll(async () => {
  await loadTexts(db);
  const text = await db.text.findUniqueOrThrow({ where: { slug: SLUG }, select: { currentVersionId: true } });
  versionId = text.currentVersionId!;
  blocks = await db.block.findMany({ where: { versionId }, orderBy: { position: "asc" }, select: { id: true, plainText: true } });
});

function anchor(i = 3, from = 0, to = 20) {
  const block = blocks.filter((b) => b.plainText.length > 60)[i]!;
  return { versionId, startBlockId: block.id, startOffset: from, endBlockId: block.id, endOffset: to, exact: block.plainText.slice(from, to) };
}

const ACTORS = ["non-member", "removed member", "author", "other member", "facilitator"] as const;
type Actor = (typeof ACTORS)[number];
const NOTES = ["group", "private", "hidden", "deleted"] as const;
type NoteKind = (typeof NOTES)[number];
type Outcome = "ok" | "NOT_FOUND";

const actorIn = (s: Scenario, a: Actor): TestUser =>
  ({ "non-member": s.outsider, "removed member": s.removed, author: s.member, "other member": s.other, facilitator: s.facilitator })[a];

async function world() {
  const s = await scenario("Notes");
  const make = async (visibility: "group" | "private", body: string) =>
    (await createAnnotation(s.member.id, s.group.id, { id: randomUUID(), text: SLUG, kind: "comment", color: null, body, visibility, anchor: anchor() }))
      .annotation.id;
  const notes: Record<NoteKind, string> = {
    group: await make("group", "For the group."),
    private: await make("private", "Only for me."),
    hidden: await make("group", "Hidden by the facilitator."),
    deleted: await make("group", "Deleted by its author."),
  };
  await setHidden(s.facilitator.id, s.group.id, notes.hidden, true);
  await deleteAnnotation(s.member.id, s.group.id, notes.deleted);
  return { s, notes };
}

const rows = () => db.annotation.findMany({ orderBy: { id: "asc" } });

/** Expected outcome per note kind, in NOTES order, per actor. */
type Grid = Record<Actor, [Outcome, Outcome, Outcome, Outcome]>;
const NONE: [Outcome, Outcome, Outcome, Outcome] = ["NOT_FOUND", "NOT_FOUND", "NOT_FOUND", "NOT_FOUND"];

type Row = {
  grid: Grid;
  call: (s: Scenario, actor: TestUser, noteId: string) => Promise<unknown>;
  /** What must have changed when it was allowed. */
  effect: (before: Awaited<ReturnType<typeof rows>>[number], after: Awaited<ReturnType<typeof rows>>[number], actor: TestUser) => void;
};

// Which exports are not "a person acting on one note".
const HELPERS = ["toView", "annotationView", "seenBy", "visibleTo", "replyVisibleTo", "startThread"] as const;
const PER_TEXT = ["listAnnotations", "listAnnotationsJson", "createAnnotation", "countAnnotationsByText"] as const; // tested below, per actor
type NoteFunction = Exclude<keyof typeof annotations, (typeof HELPERS)[number] | (typeof PER_TEXT)[number]>;

const MATRIX: Record<NoteFunction, Row> = {
  getAnnotation: {
    grid: {
      "non-member": NONE,
      "removed member": NONE,
      author: ["ok", "ok", "ok", "NOT_FOUND"],
      "other member": ["ok", "NOT_FOUND", "NOT_FOUND", "NOT_FOUND"],
      facilitator: ["ok", "NOT_FOUND", "ok", "NOT_FOUND"],
    },
    call: (s, actor, id) => getAnnotation(actor.id, s.group.id, id),
    effect: (before, after) => expect(after).toEqual(before),
  },
  editAnnotation: {
    grid: { "non-member": NONE, "removed member": NONE, author: ["ok", "ok", "ok", "NOT_FOUND"], "other member": NONE, facilitator: NONE },
    call: (s, actor, id) => editAnnotation(actor.id, s.group.id, id, { revision: 1, body: "Edited." }),
    effect: (before, after) => expect(after).toMatchObject({ body: "Edited.", revision: before.revision + 1, editedAt: expect.any(Date) }),
  },
  deleteAnnotation: {
    grid: { "non-member": NONE, "removed member": NONE, author: ["ok", "ok", "ok", "NOT_FOUND"], "other member": NONE, facilitator: NONE },
    call: (s, actor, id) => deleteAnnotation(actor.id, s.group.id, id),
    effect: (before, after) => {
      expect(before.deletedAt).toBeNull();
      expect(after.deletedAt).toBeInstanceOf(Date);
    },
  },
  restoreAnnotation: {
    grid: { "non-member": NONE, "removed member": NONE, author: ["NOT_FOUND", "NOT_FOUND", "NOT_FOUND", "ok"], "other member": NONE, facilitator: NONE },
    call: (s, actor, id) => restoreAnnotation(actor.id, s.group.id, id),
    effect: (_before, after) => expect(after.deletedAt).toBeNull(),
  },
  setHidden: {
    grid: { "non-member": NONE, "removed member": NONE, author: NONE, "other member": NONE, facilitator: ["ok", "NOT_FOUND", "ok", "NOT_FOUND"] },
    call: (s, actor, id) => setHidden(actor.id, s.group.id, id, true),
    effect: (_before, after, actor) => expect(after).toMatchObject({ hiddenAt: expect.any(Date), hiddenById: actor.id }),
  },
  placeAnnotation: {
    grid: {
      "non-member": NONE,
      "removed member": NONE,
      author: ["ok", "ok", "ok", "NOT_FOUND"],
      "other member": NONE,
      facilitator: ["ok", "NOT_FOUND", "ok", "NOT_FOUND"],
    },
    call: (s, actor, id) => placeAnnotation(actor.id, s.group.id, id, anchor(5, 10, 40)),
    effect: (_before, after) => expect(after).toMatchObject({ startOffset: 10, endOffset: 40, exact: anchor(5, 10, 40).exact, anchorState: "exact" }),
  },
};

describe("the annotation permission matrix", () => {
  it("covers every exported function", () => {
    const listed = new Set<string>([...Object.keys(MATRIX), ...HELPERS, ...PER_TEXT]);
    expect(Object.keys(annotations).filter((name) => !listed.has(name))).toEqual([]);
  });

  for (const [name, row] of Object.entries(MATRIX))
    for (const actor of ACTORS)
      it(`${name} by ${actor}`, async () => {
        for (const [i, kind] of NOTES.entries()) {
          const { s, notes } = await world();
          const before = await rows();
          const result = await outcome(() => row.call(s, actorIn(s, actor), notes[kind]));
          const after = await rows();
          expect(result, `${name} by ${actor} on a ${kind} note`).toBe(row.grid[actor][i]);
          if (result === "ok") {
            const changed = (list: typeof before) => list.find((r) => r.id === notes[kind])!;
            row.effect(changed(before), changed(after), actorIn(s, actor));
            expect(after.filter((r) => r.id !== notes[kind]), "only that note changed").toEqual(before.filter((r) => r.id !== notes[kind]));
          } else expect(after, `${name} by ${actor} on a ${kind} note changed nothing`).toEqual(before);
        }
      });

  it("listAnnotations shows each member what they may see, and outsiders nothing", async () => {
    const { s, notes } = await world();
    const seen = async (actor: Actor) =>
      (await outcome(() => listAnnotations(actorIn(s, actor).id, s.group.id, SLUG))) === "ok"
        ? (await listAnnotations(actorIn(s, actor).id, s.group.id, SLUG)).annotations.map((n) => n.id).sort()
        : "NOT_FOUND";
    expect(await seen("non-member")).toBe("NOT_FOUND");
    expect(await seen("removed member")).toBe("NOT_FOUND");
    expect(await seen("author")).toEqual([notes.group, notes.private, notes.hidden].sort());
    expect(await seen("other member")).toEqual([notes.group]);
    expect(await seen("facilitator")).toEqual([notes.group, notes.hidden].sort());
    const own = (await listAnnotations(s.member.id, s.group.id, SLUG)).annotations.find((n) => n.id === notes.hidden)!;
    expect(own.hidden, "its author sees it marked hidden").toBe(true);
  });

  it("countAnnotationsByText counts what each member may see, and outsiders get nothing", async () => {
    const { s } = await world();
    const count = async (actor: Actor) =>
      (await outcome(() => countAnnotationsByText(actorIn(s, actor).id, s.group.id))) === "ok"
        ? await countAnnotationsByText(actorIn(s, actor).id, s.group.id)
        : "NOT_FOUND";
    expect(await count("non-member")).toBe("NOT_FOUND");
    expect(await count("removed member")).toBe("NOT_FOUND");
    expect(await count("author")).toEqual({ [SLUG]: { notes: 3, openQuestions: 0 } });
    expect(await count("other member")).toEqual({ [SLUG]: { notes: 1, openQuestions: 0 } });
    expect(await count("facilitator")).toEqual({ [SLUG]: { notes: 2, openQuestions: 0 } });
  });

  it("createAnnotation is for members only, and stores nothing for anyone else", async () => {
    const { s } = await world();
    for (const actor of ACTORS) {
      const before = await rows();
      const id = randomUUID();
      const result = await outcome(() =>
        createAnnotation(actorIn(s, actor).id, s.group.id, { id, text: SLUG, kind: "highlight", color: "blue", body: "", visibility: "group", anchor: anchor() }),
      );
      expect(result, actor).toBe(["non-member", "removed member"].includes(actor) ? "NOT_FOUND" : "ok");
      const after = await rows();
      if (result === "ok") expect(after.find((r) => r.id === id)).toMatchObject({ authorId: actorIn(s, actor).id, groupId: s.group.id, color: "blue" });
      else expect(after).toEqual(before);
    }
  });
});

describe("another group's notes", () => {
  it("every function, aimed at a note of group B through group A (or B's id with A's notes), is NOT_FOUND", async () => {
    const a = await world();
    const b = await world();
    // Someone in both groups still cannot reach B's notes through A.
    await addMember(b.s.group.id, a.s.facilitator.id, "facilitator");
    const before = await rows();
    for (const actor of ACTORS) {
      const user = actorIn(a.s, actor);
      for (const kind of NOTES) {
        const foreign = b.notes[kind];
        for (const [name, row] of Object.entries(MATRIX))
          expect(await outcome(() => row.call(a.s, user, foreign)), `${name} by A's ${actor} on B's ${kind} note`).toBe("NOT_FOUND");
      }
    }
    expect(await rows()).toEqual(before);
  });

  it("ids that are not UUIDs, or group ids that are not ids, are NOT_FOUND without a query", async () => {
    const { s, notes } = await world();
    for (const bad of ["abc", `${notes.group}x`, "' OR 1=1 --", notes.group.toUpperCase().replace(/-/g, "")]) {
      for (const [name, row] of Object.entries(MATRIX))
        expect(await outcome(() => row.call(s, s.member, bad)), `${name}(${bad})`).toBe("NOT_FOUND");
    }
    const wrongGroup = { ...s, group: { ...s.group, id: "not a group id" } };
    for (const [name, row] of Object.entries(MATRIX))
      expect(await outcome(() => row.call(wrongGroup, s.member, notes.group)), name).toBe("NOT_FOUND");
    expect(await outcome(() => listAnnotations(s.member.id, "not a group id", SLUG))).toBe("NOT_FOUND");
  });
});

describe("describeSelector is what the API stores", () => {
  it("stores the server's own quote and context for the reader's selection", async () => {
    const { s } = await world();
    const a = anchor(7, 5, 45);
    const { annotation } = await createAnnotation(s.member.id, s.group.id, {
      id: randomUUID(),
      text: SLUG,
      kind: "question",
      color: null,
      body: "Why?",
      visibility: "group",
      anchor: a,
    });
    const expected = describeSelector(blocks, a);
    expect(annotation.quote).toEqual({ exact: expected.exact, prefix: expected.prefix, suffix: expected.suffix });
  });
});
