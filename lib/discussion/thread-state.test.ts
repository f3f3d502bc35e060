import { describe, expect, it } from "vitest";
import type { AnnotationView } from "@/lib/annotations/view";
import { threadRows } from "./thread-state";

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
    mentions: [],
    reactions: [],
    ...over,
  };
}


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
