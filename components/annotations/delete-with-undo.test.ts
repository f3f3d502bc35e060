import { describe, expect, it } from "vitest";
import type { AnnotationView } from "@/lib/annotations/view";
import { deleteWithUndo, deletedMessage } from "./delete-with-undo";
import type { ApiResult } from "./api";

type Shown = { message: string; action?: { label: string; run: () => void | Promise<void> } };

function world(removeAnswer: ApiResult<void>, restoreAnswer: ApiResult<{ annotation: AnnotationView }>) {
  const log: string[] = [];
  const toasts: Shown[] = [];
  const api = {
    remove: async (id: string) => (log.push(`remove ${id}`), removeAnswer),
    restore: async (id: string) => (log.push(`restore ${id}`), restoreAnswer),
  };
  const then = {
    removed: () => void log.push("removed"),
    restored: (a: AnnotationView) => void log.push(`restored ${a.id}`),
  };
  return { log, toasts, api, then, toast: (t: Shown) => void toasts.push(t) };
}

const restoredNote = { id: "n1", kind: "comment" } as AnnotationView;

describe("deleteWithUndo", () => {
  it("takes the note away once the server has deleted it, and Undo brings back what the server restored", async () => {
    const w = world({ ok: true, data: undefined }, { ok: true, data: { annotation: restoredNote } });
    await deleteWithUndo({ id: "n1", kind: "comment" }, w.api, w.toast, w.then);
    expect(w.log).toEqual(["remove n1", "removed"]);
    expect(w.toasts).toHaveLength(1);
    expect(w.toasts[0]!.message).toBe("Note deleted.");
    expect(w.toasts[0]!.action?.label).toBe("Undo");
    await w.toasts[0]!.action!.run();
    expect(w.log).toEqual(["remove n1", "removed", "restore n1", "restored n1"]);
  });

  it("leaves the note where it was when the server refuses, and says why", async () => {
    const w = world({ ok: false, status: 409, error: "It has replies." }, { ok: true, data: { annotation: restoredNote } });
    await deleteWithUndo({ id: "n1", kind: "question" }, w.api, w.toast, w.then);
    expect(w.log).toEqual(["remove n1"]);
    expect(w.toasts).toEqual([{ message: "It has replies." }]);
  });

  it("says so when Undo cannot restore, and restores nothing in the page", async () => {
    const w = world({ ok: true, data: undefined }, { ok: false, status: 503, error: "The database is unavailable." });
    await deleteWithUndo({ id: "r1", kind: "reply" }, w.api, w.toast, w.then);
    await w.toasts[0]!.action!.run();
    expect(w.log).toEqual(["remove r1", "removed", "restore r1"]);
    expect(w.toasts.map((t) => t.message)).toEqual(["Reply deleted.", "The database is unavailable."]);
  });

  it("names what went", () => {
    expect(deletedMessage("highlight")).toBe("Highlight removed.");
    expect(deletedMessage("reply")).toBe("Reply deleted.");
    expect(deletedMessage("comment")).toBe("Note deleted.");
  });
});
