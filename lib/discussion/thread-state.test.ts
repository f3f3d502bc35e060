import { describe, expect, it } from "vitest";
import type { AnnotationView } from "@/lib/annotations/view";
import { eventHold } from "@/lib/realtime/event-hold";
import { applyThreadEvent, threadEventEffect, threadRows, type ThreadEvent, type ThreadState } from "./thread-state";

const ROOT = "00000000-0000-4000-8000-000000000000";

function view(id: string, over: Partial<AnnotationView> = {}): AnnotationView {
  return {
    id,
    kind: "reply",
    color: null,
    body: `Body of ${id}`,
    visibility: "group",
    author: { id: `author-${id}`, name: `Author ${id}` },
    createdAt: "2026-12-01T10:00:00.000Z",
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
    parentId: ROOT,
    threadId: ROOT,
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
    ...over,
  };
}

const root = view(ROOT, { kind: "comment", parentId: null, threadId: null, replyCount: 0 });
const created = (note: AnnotationView): ThreadEvent => ({ kind: "annotation.created", annotationId: note.id, threadId: ROOT, annotation: note });

describe("a thread's rows", () => {
  it("count the replies a folded branch holds that can be read, not the placeholders kept for their answers", () => {
    // a ← b (deleted, kept for c) ← c ← d; e answers the thread.
    const replies = [
      view("a"),
      view("b", { parentId: "a", deleted: true, body: "" }),
      view("c", { parentId: "b" }),
      view("d", { parentId: "c" }),
      view("e"),
    ];
    const rows = threadRows(replies, ROOT);
    expect(rows.map((r) => [r.note.id, r.depth, r.descendants])).toEqual([
      ["a", 1, 2],
      ["b", 2, 2],
      ["c", 3, 1],
      ["d", 4, 0],
      ["e", 1, 0],
    ]);
    // The thread says as many: the replies that can be read.
    expect(replies.filter((r) => !r.deleted)).toHaveLength(rows[0]!.descendants + 2);
    // Whom a reply answers is named unless that was deleted.
    expect(rows.find((r) => r.note.id === "c")!.parentName).toBeNull();
    expect(rows.find((r) => r.note.id === "d")!.parentName).toBe("Author c");
  });
});

describe("live events on an open thread", () => {
  it("add a new reply once and count it once, however often it is heard", () => {
    const state: ThreadState = { thread: root, replies: [] };
    const reply = view("r1");
    const once = applyThreadEvent(state, created(reply), ROOT);
    expect(once.replies.map((r) => r.id)).toEqual(["r1"]);
    expect(once.thread.replyCount).toBe(1);
    expect(applyThreadEvent(once, created(reply), ROOT)).toEqual(once);
  });

  it("replace an edited reply or the thread's first note, keeping their counts; ignore other threads", () => {
    const state: ThreadState = { thread: { ...root, replyCount: 1 }, replies: [view("r1", { replyCount: 2 })] };
    const edited = applyThreadEvent(state, { kind: "annotation.updated", annotationId: "r1", threadId: ROOT, annotation: view("r1", { body: "Edited." }) }, ROOT);
    expect(edited.replies[0]).toMatchObject({ body: "Edited.", replyCount: 2 });
    const pinned = applyThreadEvent(state, { kind: "thread.updated", annotationId: ROOT, threadId: null, annotation: { ...root, pinned: true } }, ROOT);
    expect(pinned.thread).toMatchObject({ pinned: true, replyCount: 1 });
    const elsewhere = view("x", { threadId: "11111111-1111-4111-8111-111111111111", parentId: "11111111-1111-4111-8111-111111111111" });
    expect(applyThreadEvent(state, { kind: "annotation.created", annotationId: "x", threadId: elsewhere.threadId, annotation: elsewhere }, ROOT)).toBe(state);
  });

  it("ask for the thread again after a removal in it", () => {
    const state: ThreadState = { thread: root, replies: [view("r1")] };
    expect(threadEventEffect(state, { kind: "annotation.gone", annotationId: "r1", threadId: ROOT }, ROOT)).toBe("reload");
    expect(threadEventEffect(state, { kind: "annotation.deleted", annotationId: ROOT, threadId: null }, ROOT)).toBe("reload");
    expect(threadEventEffect(state, { kind: "annotation.gone", annotationId: "other", threadId: null }, ROOT)).toBe("ignore");
  });

  it("that arrive while the thread loads are applied over what the load brought, none lost or doubled", () => {
    const hold = eventHold<ThreadEvent>();
    hold.start();
    const early = view("r1");
    const during = view("r2");
    // r1 was written before the thread was read (the load has it, and its event comes late);
    // r2 while the read was under way (the load does not have it).
    expect(hold.take(created(early))).toBe(true);
    expect(hold.take(created(during))).toBe(true);
    const loaded: ThreadState = { thread: { ...root, replyCount: 1 }, replies: [early] };
    const shown = hold.finish().reduce((s, e) => applyThreadEvent(s, e, ROOT), loaded);
    expect(shown.replies.map((r) => r.id)).toEqual(["r1", "r2"]);
    expect(shown.thread.replyCount).toBe(2);
    expect(hold.take(created(view("r3")))).toBe(false);
  });
});
