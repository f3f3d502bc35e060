// The project's own lint rules (eslint.config.mjs), run on small pieces of code as if they
// sat in the named files.
import path from "node:path";
import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";

const eslint = new ESLint({ cwd: path.resolve(import.meta.dirname, "..") });

/** The ids of the rules a piece of code breaks, linted as the file at `filePath`. */
async function broken(code: string, filePath: string): Promise<(string | null)[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result!.messages.map((m) => m.ruleId);
}

const CALLS = [
  `export const id = () => crypto.randomUUID();\n`,
  `export const id = () => globalThis.crypto.randomUUID();\n`,
  `export const id = () => window.crypto.randomUUID();\n`,
  `export const make = () => { const { randomUUID } = crypto; return randomUUID(); };\n`,
];

describe("lint rules", () => {
  it("refuse crypto.randomUUID in the browser's components and pages, which lack it on plain-http origins", async () => {
    for (const file of ["components/readings/example.tsx", "app/(app)/groups/example/page.tsx"])
      for (const code of CALLS) expect(await broken(code, file), `${file}: ${code}`).toContain("no-restricted-syntax");
  }, 60_000);

  it("leave the id helper and other code alone", async () => {
    expect(await broken(`import { newNoteId } from "@/components/annotations/format";\nexport const id = () => newNoteId();\n`, "components/readings/example.tsx")).toEqual([]);
    // The helper itself tests for randomUUID and falls back to random bytes.
    expect(await broken(CALLS[0]!, "components/annotations/example.ts")).toEqual([]);
  }, 60_000);
});
