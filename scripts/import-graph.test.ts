// No import cycles anywhere in the project's own code, type-only imports included.
import path from "node:path";
import { describe, expect, it } from "vitest";
import { findCycles, importGraph, type ImportGraph } from "./import-graph";

const ROOT = path.resolve(import.meta.dirname, "..");

const graph = (edges: Record<string, string[]>): ImportGraph => new Map(Object.entries(edges));

describe("import cycles", () => {
  it("are found, as a path back to where they start", () => {
    expect(findCycles(graph({ "a.ts": ["b.ts"], "b.ts": ["c.ts"], "c.ts": ["a.ts"], "d.ts": ["a.ts"] }))).toEqual([["a.ts", "b.ts", "c.ts", "a.ts"]]);
    expect(findCycles(graph({ "a.ts": ["a.ts"] }))).toEqual([["a.ts", "a.ts"]]);
    expect(findCycles(graph({ "a.ts": ["b.ts", "c.ts"], "b.ts": ["c.ts"], "c.ts": [] }))).toEqual([]);
  });

  it("are found through @/ paths and type-only imports", () => {
    const project = importGraph(ROOT, ["components/annotations"]);
    expect(project.get("components/annotations/reader-bar.tsx")).toContain("components/annotations/filters.ts");
    // `export type { Member } from …`: nothing of it is left at run time.
    expect(project.get("components/annotations/filters.ts")).toContain("lib/discussion/mentions.ts");
  });

  it("are none in the project", () => {
    const cycles = findCycles(importGraph(ROOT, ["app", "components", "lib", "scripts", "e2e", "client"]));
    expect(cycles.map((cycle) => cycle.join(" → "))).toEqual([]);
  }, 60_000);
});
