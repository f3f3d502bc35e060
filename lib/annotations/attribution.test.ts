import { describe, expect, it } from "vitest";
import { attribution } from "./attribution";

describe("an imported note's attribution", () => {
  it("names the source, the writer and the day it was first written", () => {
    expect(attribution({ source: "hypothesis", authorName: "Ana Ruiz", createdAt: "2024-03-03T10:15:22.481Z" })).toBe(
      "Imported from Hypothesis · Originally by Ana Ruiz, 3 Mar 2024",
    );
    expect(attribution({ source: "study-circle", authorName: "Ben", createdAt: null })).toBe("Imported from another group · Originally by Ben");
    expect(attribution({ source: "study-circle", authorName: null, createdAt: "2024-12-31T23:59:00.000Z" })).toBe(
      "Imported from another group · 31 Dec 2024",
    );
    expect(attribution({ source: "hypothesis", authorName: null, createdAt: null })).toBe("Imported from Hypothesis");
  });
});
