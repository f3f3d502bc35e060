import { describe, expect, it } from "vitest";
import type { AnnotationView } from "@/lib/annotations/view";
import { ALL_NOTES, noteShown, tagCounts, threadMatches, type Filters } from "./filters";

const me = { id: "me", name: "Me" };
const ana = { id: "ana", name: "Ana" };

function note(fields: Partial<AnnotationView> = {}): AnnotationView {
  return {
    id: "n1",
    kind: "comment",
    color: null,
    body: "",
    visibility: "group",
    author: me,
    createdAt: "2026-01-01T00:00:00.000Z",
    editedAt: null,
    revision: 1,
    hidden: false,
    anchorState: "exact",
    versionId: "v1",
    position: null,
    quote: { exact: "", prefix: "", suffix: "" },
    target: "passage",
    title: null,
    promptId: null,
    parentId: null,
    threadId: null,
    deleted: false,
    replyCount: 0,
    answerId: null,
    resolved: false,
    pinned: false,
    forMeeting: false,
    tags: [],
    fieldTags: [],
    mentions: [],
    reactions: [],
    ...fields,
  };
}

const shown = (n: AnnotationView, f: Partial<Filters> = {}) => noteShown(n, { ...ALL_NOTES, ...f }, me.id);

describe("the margin's filters", () => {
  it("show every note but replies at first", () => {
    for (const kind of ["highlight", "comment", "question"] as const) expect(shown(note({ kind }))).toBe(true);
    expect(shown(note({ kind: "reply" }))).toBe(false);
  });

  it("show only the kinds ticked", () => {
    const kinds = { highlight: true, comment: false, question: true };
    expect(shown(note({ kind: "comment" }), { kinds })).toBe(false);
    expect(shown(note({ kind: "question" }), { kinds })).toBe(true);
  });

  it("show my notes, or one member's", () => {
    expect(shown(note({ author: me }), { who: "mine" })).toBe(true);
    expect(shown(note({ author: ana }), { who: "mine" })).toBe(false);
    expect(shown(note({ author: ana }), { who: "ana" })).toBe(true);
    expect(shown(note({ author: me }), { who: "ana" })).toBe(false);
  });

  it("show only notes with the chosen tag", () => {
    expect(shown(note({ tags: ["labour", "state"] }), { tag: "state" })).toBe(true);
    expect(shown(note({ tags: ["labour"] }), { tag: "state" })).toBe(false);
    expect(shown(note({ tags: [] }), { tag: "" })).toBe(true);
  });

  it("pick threads: open questions, unanswered, pinned, for the meeting", () => {
    const open = note({ kind: "question" });
    expect(threadMatches(open, "open")).toBe(true);
    expect(threadMatches(note({ kind: "question", answerId: "r1", replyCount: 1 }), "open")).toBe(false);
    expect(threadMatches(note({ kind: "question", resolved: true }), "open")).toBe(false);
    expect(threadMatches(open, "unanswered")).toBe(true);
    expect(threadMatches(note({ kind: "highlight" }), "unanswered")).toBe(false);
    expect(threadMatches(note({ replyCount: 2 }), "unanswered")).toBe(false);
    expect(threadMatches(note({ deleted: true }), "unanswered")).toBe(false);
    expect(threadMatches(note({ pinned: true }), "pinned")).toBe(true);
    expect(threadMatches(note(), "pinned")).toBe(false);
    expect(threadMatches(note({ forMeeting: true }), "meeting")).toBe(true);
    expect(shown(note(), { thread: "meeting" })).toBe(false);
  });

  it("count tags, most used first and then by name", () => {
    const notes = [note({ tags: ["state", "labour"] }), note({ tags: ["labour"] }), note({ tags: ["army"] })];
    expect(tagCounts(notes)).toEqual([
      { tag: "labour", count: 2 },
      { tag: "army", count: 1 },
      { tag: "state", count: 1 },
    ]);
  });
});
