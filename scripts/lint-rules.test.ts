// The project's own lint rules (eslint.config.mjs), run on small pieces of code as if they
// sat in the named files.
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(import.meta.dirname, "..");
const eslint = new ESLint({ cwd: ROOT });
const { COMPONENT_LAYERS } = (await import(/* @vite-ignore */ pathToFileURL(path.join(ROOT, "eslint.config.mjs")).href)) as { COMPONENT_LAYERS: string[][] };

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
    expect(await broken(`import { newNoteId } from "@/components/ui/note-id";\nexport const id = () => newNoteId();\n`, "components/readings/example.tsx")).toEqual([]);
    // The helper itself tests for randomUUID and falls back to random bytes.
    expect(await broken(CALLS[0]!, "components/ui/example.ts")).toEqual([]);
  }, 60_000);

  it("keep components from the database and lib from the UI", async () => {
    for (const file of ["components/readings/example.tsx", "components/text-page/example.tsx"])
      expect(await broken(`import { db } from "@/lib/db";\nexport const d = db;\n`, file), file).toContain("no-restricted-imports");
    expect(await broken(`import { call } from "@/components/ui/api-call";\nexport const c = call;\n`, "lib/readings/example.ts")).toContain("no-restricted-imports");
  }, 60_000);

  it("refuse imports that run up the layers of components/, or across one", async () => {
    const upward: [string, string][] = [
      ["components/ui/example.ts", `import { annotationsApi } from "@/components/annotations/api";`],
      ["components/forms/example.tsx", `import { ReadingNow } from "@/components/realtime/presence";`],
      ["components/realtime/example.ts", `import { pendingIn } from "@/components/annotations/outbox";`],
      ["components/readings/example.tsx", `import { timeAgo } from "../annotations/format";`],
      ["components/readings/example.tsx", `import { searchApi } from "@/components/search/api";`],
      ["components/search/example.tsx", `import { readingsApi } from "@/components/readings/api";`],
      ["components/annotations/example.tsx", `import { ThreadDrawer } from "@/components/discussion/thread-drawer";`],
      ["components/annotations/example.tsx", `import type { DrawerMode } from "@/components/discussion/thread-drawer";`],
      ["components/discussion/example.tsx", `import { AnnotationLayer } from "@/components/text-page/annotation-layer";`],
      ["components/site/example.tsx", `import { AnnotationLayer } from "@/components/text-page/annotation-layer";`],
    ];
    for (const [file, line] of upward) expect(await broken(`${line}\nexport const x = 1;\n`, file), `${file}: ${line}`).toContain("no-restricted-imports");
  }, 60_000);

  it("let imports run down the layers, and the base's folders use one another", async () => {
    const downward: [string, string][] = [
      ["components/discussion/example.tsx", `import { annotationsApi } from "@/components/annotations/api";`],
      ["components/annotations/example.tsx", `import { WeekChip } from "@/components/readings/week-chip";`],
      ["components/readings/example.tsx", `import { useGroupEventListener } from "@/components/realtime/use-group-events";`],
      ["components/realtime/example.tsx", `import { Avatar } from "@/components/groups/avatar";`],
      ["components/forms/example.tsx", `import { pageEvents } from "@/components/ui/page-events";`],
      ["components/text-page/example.tsx", `import { ThreadDrawer } from "@/components/discussion/thread-drawer";`],
      ["components/annotations/example.tsx", `import { Margin } from "./margin";`],
    ];
    for (const [file, line] of downward) expect(await broken(`${line}\nexport const x = 1;\n`, file), `${file}: ${line}`).not.toContain("no-restricted-imports");
  }, 60_000);

  it("place every folder of components/ in a layer", () => {
    const folders = fs.readdirSync(path.join(ROOT, "components"), { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name);
    expect(folders.filter((folder) => !COMPONENT_LAYERS.flat().includes(folder))).toEqual([]);
  });
});
