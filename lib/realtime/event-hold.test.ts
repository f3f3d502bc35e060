import { describe, expect, it } from "vitest";
import { eventHold } from "./event-hold";

describe("live events held while a load is under way", () => {
  it("are handed over in order when the load finishes, and later ones apply at once", () => {
    const hold = eventHold<number>();
    expect(hold.take(1)).toBe(false);
    hold.start();
    expect(hold.take(2)).toBe(true);
    expect(hold.take(3)).toBe(true);
    expect(hold.finish()).toEqual([2, 3]);
    expect(hold.take(4)).toBe(false);
    // Nothing is handed over twice.
    hold.start();
    expect(hold.finish()).toEqual([]);
  });

  it("stay held until the last of overlapping loads finishes, each getting all held so far", () => {
    const hold = eventHold<string>();
    hold.start();
    hold.take("a");
    hold.start();
    hold.take("b");
    expect(hold.finish()).toEqual(["a", "b"]);
    expect(hold.take("c")).toBe(true);
    expect(hold.finish()).toEqual(["a", "b", "c"]);
    expect(hold.take("d")).toBe(false);
    // A finish without a start is harmless.
    expect(hold.finish()).toEqual([]);
    expect(hold.take("e")).toBe(false);
  });
});
