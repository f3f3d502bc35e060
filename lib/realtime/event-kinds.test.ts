import { describe, expect, it } from "vitest";
import { EVENT_KINDS, GONE, NARROWING_KINDS, STREAM_EVENT_KINDS, isNarrowing, isReadingKind } from "./event-kinds";

describe("event kinds", () => {
  it("a reader hears every recorded kind but those that narrow who sees a note, and the note gone", () => {
    expect(STREAM_EVENT_KINDS).toContain(GONE);
    for (const kind of EVENT_KINDS) expect(STREAM_EVENT_KINDS.includes(kind as never)).toBe(!isNarrowing(kind));
    expect(new Set(STREAM_EVENT_KINDS).size).toBe(STREAM_EVENT_KINDS.length);
  });

  it("the narrowing kinds are recorded kinds, and nothing else narrows", () => {
    for (const kind of Object.keys(NARROWING_KINDS)) expect(EVENT_KINDS).toContain(kind);
    expect(EVENT_KINDS.filter(isNarrowing)).toEqual(["annotation.hidden", "annotation.unshared"]);
    expect(isNarrowing("toString")).toBe(false);
  });

  it("the schedule's kinds are told apart", () => {
    expect(EVENT_KINDS.filter(isReadingKind)).toEqual(["reading.created", "reading.updated", "reading.deleted"]);
  });
});
