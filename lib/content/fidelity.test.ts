// Fidelity of the curated library: every text in content/texts/ must keep every
// word of its original in content/sources/, in order, apart from lines that are
// listed below as removed (each with a reason), and must add no words of its own.
import { describe, it, expect } from "vitest";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import matter from "gray-matter";
import { unified } from "unified";
import remarkParse from "remark-parse";
import remarkGfm from "remark-gfm";
import type { Nodes, Root } from "mdast";
import { frontMatterSchema, type FrontMatter } from "@/lib/content/front-matter";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const TEXTS = path.join(ROOT, "content/texts");
const SOURCES = path.join(ROOT, "content/sources");

type FrontMatterField = Exclude<keyof FrontMatter, "titleEditorial" | "original">;

type Removal = {
  // Text of the original that does not appear in the curated body: a whole line
  // or a fragment of one (whitespace, including no-break spaces, is compared
  // collapsed to single spaces).
  line: string;
  reason: string;
  // How often the text occurs in the original (default 1).
  count?: number;
  // For metadata moved to front matter: the fields whose values must carry its words.
  movedTo?: FrontMatterField[];
  // Parts of the line that are labels and are not carried into front matter.
  labels?: string[];
};

const MOVED = "moved to front matter";

// What was taken out of each original, keyed by the name of the curated file.
const REMOVED: Record<string, Removal[]> = {
  "mutual-aid-and-the-revolutionary-party.md": [
    { line: "Source: N.O. Bonzo, Public domain, via Wikimedia Commons", reason: "credit for an image we do not have; moved to front matter credits", movedTo: ["credits"] },
    { line: "Source: Seattle Public Library, Public domain, via Wikimedia Commons", reason: "credit for an image we do not have; moved to front matter credits", movedTo: ["credits"] },
    { line: "Source: Public domain, via Wikimedia Commons", reason: "credit for an image we do not have; moved to front matter credits", movedTo: ["credits"] },
    { line: "Source: Communist Revolution", count: 3, reason: "credit for images we do not have; moved to front matter credits", movedTo: ["credits"] },
    { line: "Source: Rini Templeton/riniart.com", reason: "credit for an image we do not have; moved to front matter credits", movedTo: ["credits"] },
  ],
  "the-need-for-a-revolutionary-party.md": [
    { line: "By Kevin Henry", reason: `byline, ${MOVED}`, movedTo: ["author"], labels: ["By"] },
  ],
  "organisation-of-the-masses.md": [
    { line: "V. I. Lenin", reason: `byline, ${MOVED}`, movedTo: ["author"] },
    // The editorial note marker "[2]" after the title stays in the body as a footnote reference.
    { line: "Organisation of the Masses and Choice of the Moment for Struggle", reason: `title, ${MOVED}`, movedTo: ["title"] },
    { line: "Published: Ekho, No. 11, July 4, 1906. Published according to the Ekho text.", reason: MOVED, movedTo: ["published"], labels: ["Published:"] },
    { line: "Source: Lenin Collected Works, Progress Publishers, 1965, Moscow, Volume 11, pages 90-93.", reason: MOVED, movedTo: ["source"], labels: ["Source:"] },
    { line: "Transcription\\Markup: R. Cymbala", reason: MOVED, movedTo: ["credits"] },
    {
      line: "Public Domain: Lenin Internet Archive (2004). You may freely copy, distribute, display and perform this work; as well as make derivative and commercial works. Please credit “Marxists Internet Archive” as your source.",
      reason: `licence, ${MOVED}`,
      movedTo: ["licence"],
    },
    { line: "README", reason: "site navigation (link text run into the end of the licence line)" },
    { line: "Works Index | Volume 11 | Collected Works | L.I.A. Index", reason: "site navigation" },
    { line: "< backward forward >", reason: "site navigation" },
  ],
  "on-the-mass-organisations.md": [
    { line: "On the mass organisations - Letter to the Russian Marxists", reason: `title, ${MOVED}`, movedTo: ["title"] },
  ],
  "the-workers-opposition.md": [
    { line: "The Workers Opposition by Alexandra Kollontai 1921", reason: `title, author and year, ${MOVED}`, movedTo: ["title", "author", "year"], labels: ["by"] },
  ],
};

// ---------------------------------------------------------------------------
// Words

const collapse = (s: string) => s.replace(/[ \t\u00a0\u2000-\u200b\u202f\u3000]+/g, " ");

const QUOTES = /['‘’‚‛′`´"“”„‟″]/g;

function normaliseWord(raw: string): string {
  return raw.normalize("NFKC").toLowerCase().replace(QUOTES, "");
}

type Word = { word: string; start: number; end: number };

// Letters and digits make words; quotes and apostrophes are dropped inside a
// word ("workers’" = "workers"); every other character (dashes, hyphens,
// brackets, punctuation, space) separates words.
function words(text: string): Word[] {
  const out: Word[] = [];
  for (const m of text.matchAll(/[\p{L}\p{N}\p{M}'‘’‚‛′`´"“”„‟″]+/gu)) {
    const word = normaliseWord(m[0]);
    if (word) out.push({ word, start: m.index, end: m.index + m[0].length });
  }
  return out;
}

const plainWords = (text: string) => words(text).map((w) => w.word);

// ---------------------------------------------------------------------------
// Markdown body -> words

type BodyWord = { word: string; label: boolean };

function bodyWords(tree: Root): BodyWord[] {
  const out: BodyWord[] = [];
  let buffer = "";
  const flush = () => {
    for (const w of plainWords(buffer)) out.push({ word: w, label: false });
    buffer = "";
  };
  const label = (value: string) => {
    flush();
    for (const w of plainWords(value)) out.push({ word: w, label: true });
  };
  const visit = (node: Nodes) => {
    switch (node.type) {
      case "text":
      case "inlineCode":
        buffer += node.value;
        return;
      case "code":
      case "html":
        buffer += ` ${node.value} `;
        return;
      case "break":
        buffer += " ";
        return;
      case "image":
      case "imageReference":
        buffer += ` ${node.alt ?? ""} `;
        return;
      case "footnoteReference":
        label(node.label ?? node.identifier);
        return;
      case "footnoteDefinition":
        label(node.label ?? node.identifier);
        break;
      case "list":
        if (node.ordered) {
          flush();
          node.children.forEach((item, i) => {
            out.push({ word: String((node.start ?? 1) + i), label: false });
            visit(item);
            flush();
          });
          flush();
          return;
        }
        break;
    }
    if ("children" in node) {
      // Inline containers join their text to the surrounding words; block containers separate words.
      const block = !["emphasis", "strong", "delete", "link", "linkReference"].includes(node.type);
      if (block) buffer += " ";
      for (const child of node.children) visit(child as Nodes);
      if (block) buffer += " ";
    }
  };
  visit(tree);
  flush();
  return out;
}

function allNodes(tree: Root): Nodes[] {
  const out: Nodes[] = [];
  const walk = (n: Nodes) => {
    out.push(n);
    if ("children" in n) for (const c of n.children) walk(c as Nodes);
  };
  walk(tree);
  return out;
}

// ---------------------------------------------------------------------------
// Myers diff: the longest common subsequence of two word sequences, as pairs of
// matched indexes. O((N+M)·D) time, O(D²) memory.

function lcsPairs(a: string[], b: string[]): Array<[number, number]> {
  const n = a.length;
  const m = b.length;
  const max = n + m;
  const trace: Int32Array[] = [];
  let v = new Int32Array(3).fill(0); // index k + d (+1 margin)
  let found = -1;
  outer: for (let d = 0; d <= max; d++) {
    const next = new Int32Array(2 * d + 3);
    const get = (arr: Int32Array, dd: number, k: number) => arr[k + dd + 1] ?? 0;
    for (let k = -d; k <= d; k += 2) {
      let x: number;
      if (k === -d || (k !== d && get(v, d - 1, k - 1) < get(v, d - 1, k + 1))) x = get(v, d - 1, k + 1);
      else x = get(v, d - 1, k - 1) + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      next[k + d + 1] = x;
      if (x >= n && y >= m) {
        trace.push(next);
        found = d;
        break outer;
      }
    }
    trace.push(next);
    v = next;
  }
  const pairs: Array<[number, number]> = [];
  let x = n;
  let y = m;
  for (let d = found; d > 0; d--) {
    const prev = trace[d - 1]!;
    const at = (k: number) => prev[k + (d - 1) + 1] ?? 0;
    const k = x - y;
    const prevK = k === -d || (k !== d && at(k - 1) < at(k + 1)) ? k + 1 : k - 1;
    const prevX = at(prevK);
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY) {
      pairs.push([x - 1, y - 1]);
      x--;
      y--;
    }
    x = prevX;
    y = prevY;
  }
  while (x > 0 && y > 0) {
    pairs.push([x - 1, y - 1]);
    x--;
    y--;
  }
  return pairs.reverse();
}

// ---------------------------------------------------------------------------

function isSubsequence(needle: string[], hay: string[]): boolean {
  let i = 0;
  for (const w of hay) if (i < needle.length && w === needle[i]) i++;
  return i === needle.length;
}

function frontMatterWords(fm: FrontMatter, fields: FrontMatterField[]): string[] {
  return fields.flatMap((f) => {
    const value = fm[f];
    if (value === undefined) return [];
    return plainWords(Array.isArray(value) ? value.join(" ") : String(value));
  });
}

function runs(indexes: number[]): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (const i of indexes) {
    const last = out[out.length - 1];
    if (last && last[1] === i - 1) last[1] = i;
    else out.push([i, i]);
  }
  return out;
}

const files = fs.readdirSync(TEXTS).filter((f) => f.endsWith(".md")).sort();

describe("curated texts", () => {
  it("exist", () => {
    expect(files.length).toBeGreaterThan(0);
  });

  it("every removal list belongs to a curated text", () => {
    expect(Object.keys(REMOVED).filter((f) => !files.includes(f))).toEqual([]);
  });
});

describe.each(files)("%s", (file) => {
  const raw = fs.readFileSync(path.join(TEXTS, file), "utf8");
  const parsed = matter(raw);
  const result = frontMatterSchema.safeParse(parsed.data);
  const fm = result.success ? result.data : undefined;
  const body = parsed.content;
  const tree = unified().use(remarkParse).use(remarkGfm).parse(body) as Root;
  const removals = REMOVED[file] ?? [];

  it("has valid front matter", () => {
    expect(result.success ? [] : result.error.issues).toEqual([]);
  });

  it("names an original that exists in content/sources/", () => {
    expect(fm).toBeDefined();
    expect(fs.existsSync(path.join(SOURCES, fm!.original))).toBe(true);
  });

  it("has no raw HTML, no level-1 heading and no site navigation", () => {
    const nodes = allNodes(tree);
    expect(nodes.filter((n) => n.type === "html").map((n) => (n as { value: string }).value)).toEqual([]);
    expect(nodes.filter((n) => n.type === "heading" && n.depth === 1).length).toBe(0);
    const navigation = [/Works Index/i, /<\s*backward/i, /backward\s+forward/i, /forward[ \t]*>/i, /L\.I\.A\. Index/i, /\|\s*Collected Works\s*\|/i, /\bREADME\b/];
    expect(navigation.filter((re) => re.test(body)).map(String)).toEqual([]);
  });

  it("links every footnote reference and its note both ways", () => {
    const nodes = allNodes(tree);
    const refs = new Set(nodes.flatMap((n) => (n.type === "footnoteReference" ? [n.identifier] : [])));
    const defs = new Set(nodes.flatMap((n) => (n.type === "footnoteDefinition" ? [n.identifier] : [])));
    expect([...refs].filter((id) => !defs.has(id)).map((id) => `reference [^${id}] has no note`)).toEqual([]);
    expect([...defs].filter((id) => !refs.has(id)).map((id) => `note [^${id}] is never referenced`)).toEqual([]);
    // A marker like "[2]" or "[^2]" left as plain text was not turned into a footnote.
    const stray = nodes.flatMap((n) => (n.type === "text" ? (n.value.match(/\[\^?\d+\]:?/g) ?? []) : []));
    expect(stray).toEqual([]);
  });

  it("keeps every word of the original in order and adds none", () => {
    expect(fm).toBeDefined();
    const original = fs
      .readFileSync(path.join(SOURCES, fm!.original), "utf8")
      .split("\n")
      .map((l) => collapse(l).trim())
      .join("\n");

    // Mark the removed text.
    const removed: Array<[number, number]> = [];
    const removalProblems: string[] = [];
    for (const r of removals) {
      const needle = collapse(r.line).trim();
      let count = 0;
      for (let at = original.indexOf(needle); at !== -1; at = original.indexOf(needle, at + needle.length)) {
        removed.push([at, at + needle.length]);
        count++;
      }
      if (count !== (r.count ?? 1)) {
        removalProblems.push(`removal "${r.line}" occurs ${count} times in the original, expected ${r.count ?? 1}`);
      }
      if (r.movedTo && fm) {
        let rest = needle;
        for (const l of r.labels ?? []) {
          if (!rest.includes(l)) removalProblems.push(`label "${l}" is not part of "${r.line}"`);
          rest = rest.replace(l, " ");
        }
        const need = plainWords(rest);
        const have = frontMatterWords(fm, r.movedTo);
        if (!isSubsequence(need, have)) {
          removalProblems.push(`"${r.line}" (${r.reason}) is not carried by front matter ${r.movedTo.join(", ")}: ${JSON.stringify(have.join(" "))}`);
        }
      }
    }
    expect(removalProblems).toEqual([]);

    const lineOf = (offset: number) => original.slice(0, offset).split("\n").length;
    const origWords = words(original).filter((w) => !removed.some(([s, e]) => w.start >= s && w.end <= e));
    const body = bodyWords(tree);

    const pairs = lcsPairs(
      origWords.map((w) => w.word),
      body.map((w) => w.word),
    );
    const matchedOrig = new Set(pairs.map(([i]) => i));
    const matchedBody = new Set(pairs.map(([, j]) => j));

    const context = (seq: string[], from: number, to: number) =>
      `…${seq.slice(Math.max(0, from - 6), from).join(" ")} [[ ${seq.slice(from, to + 1).join(" ")} ]] ${seq.slice(to + 1, to + 7).join(" ")}…`;

    const origSeq = origWords.map((w) => w.word);
    const missing = runs(origWords.map((_, i) => i).filter((i) => !matchedOrig.has(i))).map(
      ([from, to]) => `original line ${lineOf(origWords[from]!.start)}: missing from ${file}: ${context(origSeq, from, to)}`,
    );

    const bodySeq = body.map((w) => w.word);
    const added = runs(body.map((_, j) => j).filter((j) => !matchedBody.has(j) && !body[j]!.label)).map(
      ([from, to]) => `${file} adds words not in the original: ${context(bodySeq, from, to)}`,
    );

    expect([...missing, ...added]).toEqual([]);
  });
});
