import { describe, expect, it } from "vitest";
import { describeNotification, excerpt, threadUrl } from "./format";

describe("notification lines", () => {
  const actor = { name: "Bo" };
  it("say who did what, from the reader's side", () => {
    expect(describeNotification({ kind: "mention", actor, threadKind: "comment", threadAuthorIsMe: false })).toBe("Bo mentioned you");
    expect(describeNotification({ kind: "answer", actor, threadKind: "question", threadAuthorIsMe: true })).toBe("Bo marked an answer to your question");
    expect(describeNotification({ kind: "reply", actor, threadKind: "question", threadAuthorIsMe: true, parentIsMine: true, parentIsThread: true })).toBe(
      "Bo replied to your question",
    );
    expect(describeNotification({ kind: "reply", actor, threadKind: "comment", threadAuthorIsMe: true, parentIsMine: true, parentIsThread: false })).toBe(
      "Bo replied to your reply",
    );
    expect(describeNotification({ kind: "reply", actor, threadKind: "comment", threadAuthorIsMe: true, parentIsMine: false })).toBe(
      "Bo replied in the thread on your note",
    );
    expect(describeNotification({ kind: "reply", actor: null, threadKind: "comment", threadAuthorIsMe: false, parentIsMine: false })).toBe(
      "Someone replied in a thread you follow",
    );
  });
});

describe("excerpts and links", () => {
  it("flatten Markdown and cut long bodies at a word with an ellipsis", () => {
    expect(excerpt("**Bold** and _em_\n\n> quoted")).toBe("Bold and em quoted");
    const long = excerpt("word ".repeat(100));
    expect(long.length).toBeLessThanOrEqual(160);
    expect(long.endsWith("…")).toBe(true);
  });
  it("link to the thread in the reader, and to the reply when it is not the first note", () => {
    expect(threadUrl("g1", "a text", "t1", "r1")).toBe("/groups/g1/texts/a%20text?thread=t1&reply=r1");
    expect(threadUrl("g1", "s", "t1", "t1")).toBe("/groups/g1/texts/s?thread=t1");
  });
});
