import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { pageEvents } from "./page-events";

describe("the page's own events", () => {
  const realWindow = (globalThis as { window?: unknown }).window;
  beforeEach(() => {
    (globalThis as { window?: unknown }).window = new EventTarget();
  });
  afterEach(() => {
    (globalThis as { window?: unknown }).window = realWindow;
  });

  it("carry what they say to those listening, until they stop", () => {
    const heard: number[] = [];
    const stop = pageEvents.inboxCount.listen((unread) => heard.push(unread));
    pageEvents.inboxCount.emit(3);
    pageEvents.inboxChanged.emit();
    stop();
    pageEvents.inboxCount.emit(4);
    expect(heard).toEqual([3]);
  });

  it("each have a name of their own", () => {
    const names = Object.values(pageEvents).map((e) => e.name);
    expect(new Set(names).size).toBe(names.length);
    for (const name of names) expect(name).toMatch(/^sc:/);
  });
});
