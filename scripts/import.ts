// npm run import -- <file.txt> [--out <path>] [--force] [--sources-dir <dir>]
//
// Turns a plain text file into a draft content/texts/<slug>.md for review and
// keeps a copy of the input in content/sources/. The heuristics live in
// lib/content/import-text.ts; this file only does the reading and writing.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import matter from "gray-matter";
import { draftFromPlainText } from "../lib/content/import-text";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

const USAGE = `usage: npm run import -- <file.txt> [--out <path>] [--force] [--sources-dir <dir>]
  --out <path>          write the draft here instead of content/texts/<slug>.md
  --force               overwrite an existing draft (and a different copy in the sources folder)
  --sources-dir <dir>   where to keep a copy of the input (default: content/sources)`;

/** An error the user can fix; printed as one line, without a stack trace. */
class ImportError extends Error {}

interface Arguments {
  input: string;
  out?: string;
  force: boolean;
  sourcesDir: string;
}

function parseArguments(argv: string[]): Arguments | "help" {
  let input: string | undefined;
  let out: string | undefined;
  let force = false;
  let sourcesDir = path.join(ROOT, "content", "sources");
  for (let index = 0; index < argv.length; index++) {
    const argument = argv[index]!;
    const value = () => {
      const next = argv[++index];
      if (next === undefined || next.startsWith("--")) throw new ImportError(`${argument} needs a value\n${USAGE}`);
      return next;
    };
    if (argument === "--help" || argument === "-h") return "help";
    else if (argument === "--force") force = true;
    else if (argument === "--out") out = value();
    else if (argument === "--sources-dir") sourcesDir = value();
    else if (argument.startsWith("-") && argument !== "-") throw new ImportError(`unknown option ${argument}\n${USAGE}`);
    else if (input !== undefined) throw new ImportError(`only one input file, please (got ${input} and ${argument})\n${USAGE}`);
    else input = argument;
  }
  if (input === undefined) throw new ImportError(`missing input file\n${USAGE}`);
  return { input, out, force, sourcesDir };
}

function readBytes(file: string): Buffer {
  try {
    return fs.readFileSync(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") throw new ImportError(`cannot read ${file}: no such file`);
    if (code === "EISDIR") throw new ImportError(`cannot read ${file}: it is a directory`);
    if (code === "EACCES" || code === "EPERM") throw new ImportError(`cannot read ${file}: permission denied`);
    throw new ImportError(`cannot read ${file}: ${(error as Error).message}`);
  }
}

/** The input as text, or a clear refusal for anything that is not UTF-8 plain text. */
function decodeText(file: string, bytes: Buffer): string {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))
    throw new ImportError(`${file} is UTF-16 text; save it as UTF-8 and try again`);
  // NUL bytes do not occur in text files; they mark images, PDFs, archives…
  if (bytes.subarray(0, 8192).includes(0)) throw new ImportError(`${file} looks like a binary file, not plain text`);
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new ImportError(`${file} is not valid UTF-8 text; convert it to UTF-8 and try again`);
  }
  if (text.replace(/^\uFEFF/, "").trim() === "") throw new ImportError(`${file} is empty`);
  return text;
}

function sameFile(a: string, b: string): boolean {
  try {
    return fs.realpathSync(a) === fs.realpathSync(b);
  } catch {
    return false;
  }
}

/** Paths inside the working directory are shown relative to it, others in full. */
function display(file: string): string {
  const relative = path.relative(process.cwd(), file);
  return relative === "" || relative.startsWith("..") || path.isAbsolute(relative) ? path.resolve(file) : relative;
}

function main(argv: string[]): void {
  const parsed = parseArguments(argv);
  if (parsed === "help") {
    console.log(USAGE);
    return;
  }
  const { input, force, sourcesDir } = parsed;
  const bytes = readBytes(input);
  const text = decodeText(input, bytes);
  const draft = draftFromPlainText(text, { fileName: path.basename(input) });
  const original = String(matter(draft.markdown).data.original);

  // Check everything before writing anything, so a refusal leaves no half-done import.
  const out = parsed.out ?? path.join(ROOT, "content", "texts", `${draft.slug}.md`);
  if (fs.existsSync(out) && !force)
    throw new ImportError(`${display(out)} already exists; use --force to overwrite it`);
  const sourceCopy = path.join(sourcesDir, original);
  const copyNeeded = !sameFile(input, sourceCopy) && !(fs.existsSync(sourceCopy) && fs.readFileSync(sourceCopy).equals(bytes));
  if (copyNeeded && fs.existsSync(sourceCopy) && !force)
    throw new ImportError(`${display(sourceCopy)} already exists with different content; rename the input or use --force`);

  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, draft.markdown);
  if (copyNeeded) {
    fs.mkdirSync(sourcesDir, { recursive: true });
    fs.copyFileSync(input, sourceCopy);
  }

  console.log(`Check in the draft:`);
  for (const note of draft.notes) console.log(`  - ${note}`);
  if (copyNeeded) console.log(`Copied the input to ${display(sourceCopy)}`);
  console.log(`Wrote ${display(out)}`);
}

try {
  main(process.argv.slice(2));
} catch (error) {
  // Known problems get their message; anything else is a bug, but still one line.
  const message = error instanceof ImportError ? error.message : `unexpected error: ${(error as Error).message ?? String(error)}`;
  console.error(`import: ${message}`);
  process.exitCode = 1;
}
