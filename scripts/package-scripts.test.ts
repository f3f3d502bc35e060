// Every `npm run` command names a file that exists: a script left pointing at a file that
// was moved or never written fails only when someone runs it, long after the change.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(import.meta.dirname, "..");
const scripts = (JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as { scripts: Record<string, string> }).scripts;

/** The files a command runs: its words that look like a path to a script or module. */
function filesNamed(command: string): string[] {
  return command
    .split(/\s+/)
    .filter((word) => !word.startsWith("-") && /\.(?:[cm]?[jt]s|tsx)$/.test(word));
}

describe("package.json scripts", () => {
  it("finds the files a command names", () => {
    expect(filesNamed("tsx --conditions=react-server scripts/digest.ts")).toEqual(["scripts/digest.ts"]);
    expect(filesNamed("node scripts/prisma-generate.mjs")).toEqual(["scripts/prisma-generate.mjs"]);
    expect(filesNamed("vitest run --project unit")).toEqual([]);
  });

  it.each(Object.entries(scripts))("%s runs files that exist", (_name, command) => {
    for (const file of filesNamed(command)) expect(fs.existsSync(path.join(ROOT, file)), `${command}: ${file}`).toBe(true);
  });
});
