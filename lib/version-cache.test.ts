import { describe, expect, it } from "vitest";
import { perVersion } from "./version-cache";

describe("perVersion", () => {
  it("loads a version once, keeps the most recently used, and forgets a failed load", async () => {
    const loads: string[] = [];
    let fail = true;
    const get = perVersion(2, async (id) => {
      loads.push(id);
      if (id === "bad" && fail) throw new Error("the database went away");
      return `blocks of ${id}`;
    });
    expect(await get("a")).toBe("blocks of a");
    expect(await get("a")).toBe("blocks of a");
    await get("b");
    await get("a"); // a is now the most recently used: c pushes b out
    await get("c");
    await get("a");
    await get("b");
    expect(loads).toEqual(["a", "b", "c", "b"]);
    await expect(get("bad")).rejects.toThrow("the database went away");
    fail = false;
    expect(await get("bad")).toBe("blocks of bad");
  });
});
