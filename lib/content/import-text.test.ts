import { describe, it, expect, afterAll } from "vitest";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import matter from "gray-matter";
import { unified } from "unified";
import remarkParse from "remark-parse";
import remarkGfm from "remark-gfm";
import { toString } from "mdast-util-to-string";
import type { Root, RootContent, Nodes } from "mdast";
import { draftFromPlainText, slugify } from "./import-text";
import { frontMatterSchema } from "./front-matter";

const ROOT = path.resolve(import.meta.dirname, "../..");
const SOURCES = path.join(ROOT, "content", "sources");

// ---------------------------------------------------------------------------
// Helpers

function parseDraft(markdown: string) {
  const { data, content } = matter(markdown);
  const tree = unified().use(remarkParse).use(remarkGfm).parse(content) as Root;
  return { data, content, tree, frontMatter: frontMatterSchema.safeParse(data) };
}

function draft(text: string, fileName = "sample-text.txt") {
  const result = draftFromPlainText(text, { fileName });
  return { ...result, ...parseDraft(result.markdown) };
}

function walk(node: Nodes, visit: (node: Nodes) => void): void {
  visit(node);
  if ("children" in node) for (const child of node.children) walk(child, visit);
}

function nodesOfType<T extends Nodes["type"]>(tree: Root, type: T): Extract<Nodes, { type: T }>[] {
  const found: Nodes[] = [];
  walk(tree, (node) => node.type === type && found.push(node));
  return found as Extract<Nodes, { type: T }>[];
}

const blockTypes = (tree: Root) => tree.children.map((node: RootContent) => node.type);

/** Lower-case letters-and-digits words: what must survive, whatever the Markdown around it. */
function words(text: string): string[] {
  return text.normalize("NFKC").toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}

/** Length of the longest common subsequence of two word lists (two rolling rows). */
function lcsLength(a: string[], b: string[]): number {
  const ids = new Map<string, number>();
  const id = (word: string) => ids.get(word) ?? (ids.set(word, ids.size), ids.size - 1);
  const x = a.map(id);
  const y = b.map(id);
  let previous = new Uint32Array(y.length + 1);
  let current = new Uint32Array(y.length + 1);
  for (let i = 1; i <= x.length; i++) {
    for (let j = 1; j <= y.length; j++)
      current[j] = x[i - 1] === y[j - 1] ? previous[j - 1]! + 1 : Math.max(previous[j]!, current[j - 1]!);
    [previous, current] = [current, previous];
  }
  return previous[y.length]!;
}

/** Where `expected` first stops being a subsequence of `actual`, for a readable failure. */
function firstMissing(expected: string[], actual: string[]): string | undefined {
  let j = 0;
  for (let i = 0; i < expected.length; i++) {
    while (j < actual.length && actual[j] !== expected[i]) j++;
    if (j === actual.length) return expected.slice(Math.max(0, i - 5), i + 5).join(" ");
    j++;
  }
  return undefined;
}

// The test's own idea of site navigation, kept apart from the importer's.
const NAVIGATION = [/\S\s*\|.*\|\s*\S/, /<\s*backward|forward\s*>/i, /\bWorks Index\b/i];
const isNavigation = (line: string) => NAVIGATION.some((pattern) => pattern.test(line));

/** Every string value in the front matter, in order, as one word list. */
function frontMatterWords(data: Record<string, unknown>): string[] {
  const values = Object.entries(data)
    .filter(([key]) => key !== "original")
    .flatMap(([, value]) => (Array.isArray(value) ? value : [value]));
  return words(values.map(String).join(" "));
}

const isSubsequence = (small: string[], large: string[]) => firstMissing(small, large) === undefined;

// Words that name a metadata field rather than belong to its value.
const LABEL_WORDS = new Set(["by", "published", "source"]);

/**
 * Input lines that moved to front matter: all their words (footnote markers and
 * field labels aside) appear, in order, among the front matter values.
 */
function movedToFrontMatter(line: string, metadataWords: string[]): boolean {
  const lineWords = words(line.replace(/\[\d+\]/g, "")).filter((word) => !LABEL_WORDS.has(word));
  return lineWords.length > 0 && isSubsequence(lineWords, metadataWords);
}

// ---------------------------------------------------------------------------
// The real inputs: every text in content/sources/

const sourceFiles = fs.existsSync(SOURCES)
  ? fs
      .readdirSync(SOURCES)
      .filter((name) => name.endsWith(".txt"))
      .sort()
  : [];

describe("seed texts in content/sources", () => {
  it("has texts to test (an empty folder must not pass)", () => {
    expect(sourceFiles.length, `no *.txt files in ${SOURCES}`).toBeGreaterThan(0);
  });

  describe.each(sourceFiles)("%s", (fileName) => {
    const input = fs.readFileSync(path.join(SOURCES, fileName), "utf8");
    const result = draft(input, fileName);
    const inputLines = input.split(/\r\n|\r|\n/);
    const metadataWords = frontMatterWords(result.data);

    it("writes front matter that validates, naming the source file", () => {
      expect(result.frontMatter.error?.issues ?? []).toEqual([]);
      expect(result.data.original).toBe(fileName);
      expect(result.slug).toMatch(/^[a-z0-9]+(?:-[a-z0-9]+)*$/);
      expect(result.slug.length).toBeLessThanOrEqual(60);
    });

    it("parses into headings, paragraphs and nothing accidental", () => {
      const allowed = new Set(["heading", "paragraph", "blockquote", "list", "footnoteDefinition"]);
      expect(blockTypes(result.tree).filter((type) => !allowed.has(type))).toEqual([]);
      expect(nodesOfType(result.tree, "paragraph").length).toBeGreaterThan(0);
      // Plain text has no emphasis, code or HTML: any of these means escaping failed.
      for (const type of ["emphasis", "strong", "delete", "inlineCode", "code", "html", "linkReference", "image"] as const)
        expect(nodesOfType(result.tree, type), type).toEqual([]);
      // Headings are whole lines of the input, never fragments of a paragraph.
      const trimmedLines = new Set(inputLines.map((line) => line.replace(/\s+/g, " ").trim()));
      for (const heading of nodesOfType(result.tree, "heading")) {
        expect(heading.depth).toBe(2);
        expect(trimmedLines, toString(heading)).toContain(toString(heading));
      }
    });

    it("keeps every word in order, apart from navigation and front matter", () => {
      const expected = inputLines
        .filter((line) => !isNavigation(line) && !movedToFrontMatter(line, metadataWords))
        .flatMap(words);
      const actual = words(result.content);
      const common = lcsLength(expected, actual);
      expect(firstMissing(expected, actual), "first input words missing from the draft").toBeUndefined();
      expect(common).toBe(expected.length); // nothing lost…
      expect(common).toBe(actual.length); // …and nothing invented
    });

    it("pairs every footnote reference with a definition", () => {
      const references = new Set(nodesOfType(result.tree, "footnoteReference").map((node) => node.identifier));
      const definitions = new Set(nodesOfType(result.tree, "footnoteDefinition").map((node) => node.identifier));
      expect([...references].sort()).toEqual([...definitions].sort());
      // A note line "[n] …" whose marker also appears in the text must have become a footnote.
      for (const line of inputLines) {
        const number = /^\[(\d+)\]\s/.exec(line.trim())?.[1];
        // The title line moves to front matter, taking its marker with it.
        const markerInText =
          number && inputLines.some((other) => other !== line && other.includes(`[${number}]`) && !movedToFrontMatter(other, metadataWords));
        if (markerInText) expect(definitions, `note [${number}]`).toContain(number);
      }
    });

    it("leaves no navigation behind and reports what it removed", () => {
      const removed = inputLines.filter((line) => isNavigation(line));
      for (const line of result.content.split("\n")) expect(isNavigation(line), line).toBe(false);
      expect(result.notes.filter((note) => note.startsWith("Removed navigation")).length).toBe(removed.length);
    });

    it("explains its guesses in notes, one line each", () => {
      expect(result.notes.length).toBeGreaterThan(0);
      for (const note of result.notes) expect(note).not.toContain("\n");
      const headings = nodesOfType(result.tree, "heading").length;
      expect(result.notes.filter((note) => note.startsWith("Heading guessed")).length).toBe(headings);
    });
  });
});

// ---------------------------------------------------------------------------
// Focused tests for each heuristic

const long = (start: string) =>
  `${start} and the sentence goes on for a good while so that it reads like the prose of a real paragraph, not a heading.`;

describe("paragraphs", () => {
  it("splits on blank lines", () => {
    const result = draft(`${long("One")}\n\n${long("Two")}\n`);
    expect(blockTypes(result.tree)).toEqual(["paragraph", "paragraph"]);
  });

  it("takes each line as a paragraph when there are no blank lines between long lines", () => {
    const result = draft([long("One"), long("Two"), long("Three")].join("\n"));
    expect(blockTypes(result.tree)).toEqual(["paragraph", "paragraph", "paragraph"]);
    expect(result.notes.join("\n")).toMatch(/each taken as a paragraph/);
  });

  it("joins hard-wrapped lines within a blank-line block", () => {
    const text = [
      "The workers of the city met in the great hall on a cold",
      "morning in January, and after long debate they voted to",
      "strike until their demands were met in full by the owners.",
      "",
      "The owners refused, and the strike went on for weeks.",
    ].join("\n");
    const result = draft(text);
    expect(blockTypes(result.tree)).toEqual(["paragraph", "paragraph"]);
    expect(toString(result.tree.children[0]!)).toBe(
      "The workers of the city met in the great hall on a cold morning in January, and after long debate they voted to strike until their demands were met in full by the owners.",
    );
    expect(result.notes.join("\n")).toMatch(/Joined hard-wrapped lines into 1 paragraph/);
  });

  it("keeps a hyphen broken across lines and says so", () => {
    const text = "The committee met in a spirit of co-\noperation that nobody had expected of them at all.\n";
    const result = draft(text);
    expect(toString(result.tree)).toContain("co-operation");
    expect(result.notes.join("\n")).toMatch(/hyphenated across lines/);
  });

  it("breaks a wrapped block after a deliberately short line", () => {
    const text = ["Introduction", "The workers of the city met in the great hall on a cold", "morning in January and voted to strike."].join("\n");
    const result = draft(`${long("Opening")}\n\n${text}`);
    expect(blockTypes(result.tree)).toEqual(["paragraph", "heading", "paragraph"]);
  });
});

describe("headings", () => {
  const around = (line: string) => `${long("Before")}\n\n${line}\n\n${long("After")}`;
  const headingOf = (line: string) => nodesOfType(draft(around(line)).tree, "heading").map((node) => toString(node));

  it("makes short title-case lines headings", () => {
    expect(headingOf("Lessons of October")).toEqual(["Lessons of October"]);
    expect(headingOf("Back to Lenin!")).toEqual(["Back to Lenin!"]);
  });

  it("makes short sentence-case lines without closing punctuation headings", () => {
    expect(headingOf("Scooping water out of a sinking ship")).toEqual(["Scooping water out of a sinking ship"]);
    expect(headingOf("Nationalism or internationalism?")).toEqual(["Nationalism or internationalism?"]);
  });

  it("does not make headings of short sentences, questions in pairs, citations or long lines", () => {
    expect(headingOf("The strike was over.")).toEqual([]);
    expect(headingOf("What then is it that the Opposition wants? What is its role?")).toEqual([]);
    expect(headingOf("(Black Against Empire: The History and Politics, p. 180)")).toEqual([]);
    expect(headingOf("and then they left")).toEqual([]);
    expect(headingOf("This line has far too many words in it to be any sort of heading at all really")).toEqual([]);
  });

  it("does not end a text with a heading", () => {
    const result = draft(`${long("Before")}\n\nThe End Of It`);
    expect(nodesOfType(result.tree, "heading")).toEqual([]);
  });

  it("reports each guessed heading", () => {
    const result = draft(around("Lessons of October"));
    expect(result.notes).toContain('Heading guessed on line 3 (title-case line): "Lessons of October".');
  });
});

describe("title, metadata and front matter", () => {
  it("takes the first title-like line as the title and removes it from the body", () => {
    const result = draft(`On the Mass Organisations\n\n${long("Body")}`);
    expect(result.data.title).toBe("On the Mass Organisations");
    expect(result.data.titleEditorial).toBeUndefined();
    expect(result.content).not.toContain("On the Mass Organisations");
    expect(result.slug).toBe("on-the-mass-organisations");
  });

  it("derives an editorial title from the file name when the text opens with prose", () => {
    const result = draft(long("Prose"), "000_mutual-aid_and_the-party.txt");
    expect(result.data).toMatchObject({ title: "Mutual Aid and the Party", titleEditorial: true, original: "000-mutual-aid-and-the-party.txt" });
    expect(result.frontMatter.success).toBe(true);
    expect(result.notes.join("\n")).toMatch(/No title found/);
  });

  it("reads the Marxists Internet Archive header", () => {
    const text = [
      "V. I.   Lenin",
      "",
      "Organisation of the Masses[2]",
      "",
      "Published: Ekho, No. 11, July 4, 1906. Published according to the Ekho text.",
      "Source: Lenin Collected Works, Progress Publishers, 1965, Moscow, Volume 11, pages 90-93.",
      "Transcription\\Markup: R. Cymbala",
      "Public Domain: Lenin Internet Archive (2004). You may freely copy this work.",
      "",
      long("Body[1]"),
      "",
      "[1] See present edition.",
      "",
      "[2] A note on the title.",
    ].join("\n");
    const result = draft(text, "organisation.txt");
    expect(result.frontMatter.success).toBe(true);
    expect(result.data).toEqual({
      title: "Organisation of the Masses",
      author: "V. I. Lenin",
      published: "Ekho, No. 11, July 4, 1906. Published according to the Ekho text.",
      source: "Lenin Collected Works, Progress Publishers, 1965, Moscow, Volume 11, pages 90-93.",
      licence: "Public Domain: Lenin Internet Archive (2004). You may freely copy this work.",
      credits: ["Transcription\\Markup: R. Cymbala"],
      original: "organisation.txt",
    });
    expect(result.content).not.toMatch(/Published:|Source:|Transcription|Public Domain/);
    // The title's note has nowhere to attach, so it stays as text.
    expect(result.content).toContain("\\[2] A note on the title.");
    expect(result.notes.join("\n")).toMatch(/Note \[2\] on line 14 belongs to the title/);
  });

  it("reads a byline and written/translated credits, and guesses nothing else", () => {
    const text = ["By Kevin Henry", "Written: 1906", "Translated: Bernard Isaacs", long("Body")].join("\n");
    const result = draft(text, "need.txt");
    expect(result.data).toEqual({
      title: "Need",
      titleEditorial: true,
      author: "Kevin Henry",
      credits: ["Written: 1906", "Translated: Bernard Isaacs"],
      original: "need.txt",
    });
  });

  it("splits 'Title by Author Year' on the first line", () => {
    const result = draft(`The Workers Opposition by Alexandra Kollontai 1921\n${long("Body")}`);
    expect(result.data).toMatchObject({ title: "The Workers Opposition", author: "Alexandra Kollontai", year: 1921 });
    expect(result.frontMatter.success).toBe(true);
  });

  it("moves image credits between paragraphs to credits, not to source or licence", () => {
    const text = [
      "Source: N.O. Bonzo, Public domain, via Wikimedia Commons",
      "",
      long("Body"),
      "",
      "Source: Communist Revolution",
      "",
      long("More"),
      "",
      "Source: Communist Revolution",
      "",
      long("End"),
    ].join("\n");
    const result = draft(text);
    expect(result.data.source).toBeUndefined();
    expect(result.data.licence).toBeUndefined();
    expect(result.data.credits).toEqual(["Source: N.O. Bonzo, Public domain, via Wikimedia Commons", "Source: Communist Revolution"]);
    expect(result.content).not.toContain("Source:");
  });

  it("writes YAML that survives awkward characters", () => {
    const result = draft(`"Quoted": A Title — with # and: colons\n\n${long("Body")}`);
    expect(result.frontMatter.success).toBe(true);
    expect(result.data.title).toBe('"Quoted": A Title — with # and: colons');
  });
});

describe("navigation", () => {
  it("removes archive navigation bars and reports each line", () => {
    const text = [long("Body"), "", "Works Index   |   Volume 11 | Collected Works   |   L.I.A. Index", "< backward   forward >", "Lenin Internet Archive"].join("\n");
    const result = draft(text);
    expect(blockTypes(result.tree)).toEqual(["paragraph"]);
    expect(result.notes.filter((note) => note.startsWith("Removed navigation line")).length).toBe(3);
  });

  it("keeps prose that merely mentions the archive", () => {
    const result = draft(`${long("Body")}\n\nPlease credit the Lenin Internet Archive, which kept these texts for years.`);
    expect(result.content).toContain("Lenin Internet Archive");
  });
});

describe("footnotes", () => {
  it("turns [n] markers with a trailing note into GFM footnotes", () => {
    const result = draft(`${long("A claim[1] and another[2]")}\n\n[1] First note.\n[2] Second note.`);
    expect(result.content).toContain("[^1]");
    expect(result.content).toContain("[^2]: Second note.");
    expect(nodesOfType(result.tree, "footnoteReference").map((node) => node.identifier)).toEqual(["1", "2"]);
    expect(nodesOfType(result.tree, "footnoteDefinition").map((node) => node.identifier)).toEqual(["1", "2"]);
  });

  it("reads numbered notes after a Notes heading, with continuation paragraphs, and drops the heading", () => {
    const text = `${long("A claim[1]")}\n\nNotes\n\n1. First note.\n\nIt goes on.\n\n2. Second note.`;
    const result = draft(text);
    const definitions = nodesOfType(result.tree, "footnoteDefinition");
    expect(definitions.map((node) => node.identifier)).toEqual(["1"]);
    expect(toString(definitions[0]!)).toBe("First note.It goes on.");
    // Note 2 has no marker, so it stays text and the heading stays with it.
    expect(result.content).toContain("## Notes");
    expect(result.content).toContain("2\\. Second note.");
  });

  it("leaves markers without notes, and notes without markers, as literal text", () => {
    const result = draft(`${long("A claim[3]")}\n\n[1] A note nobody points to.`);
    expect(nodesOfType(result.tree, "footnoteReference")).toEqual([]);
    expect(nodesOfType(result.tree, "footnoteDefinition")).toEqual([]);
    expect(toString(result.tree)).toContain("A claim[3]");
    expect(toString(result.tree)).toContain("[1] A note nobody points to.");
    expect(result.notes.join("\n")).toMatch(/Marker \[3\] on line 1 has no matching note/);
  });

  it("does not treat a closing numbered list as notes without markers", () => {
    const result = draft(`${long("Intro")}\n\n1. First point of the programme.\n2. Second point of the programme.`);
    expect(blockTypes(result.tree)).toEqual(["paragraph", "list"]);
  });
});

describe("lists and quotes", () => {
  it("turns a run of (1), (2) lines into an ordered list", () => {
    const result = draft(`${long("Two facts:")}\n(1) The first fact is this one.\n(2) The second fact is that one.\n${long("After")}`);
    expect(blockTypes(result.tree)).toEqual(["paragraph", "list", "paragraph"]);
    const [list] = nodesOfType(result.tree, "list");
    expect(list?.ordered).toBe(true);
    expect(list?.children.map((item) => toString(item))).toEqual(["The first fact is this one.", "The second fact is that one."]);
  });

  it("keeps lettered items and a lone numbered line as paragraphs", () => {
    const result = draft(`(a) in the first place;\n(b) in the second place;\n\n1906. That was the year it all began again.`);
    expect(blockTypes(result.tree)).toEqual(["paragraph", "paragraph", "paragraph"]);
    expect(toString(result.tree.children[2]!)).toBe("1906. That was the year it all began again.");
  });

  it("makes a standalone quotation a block quote", () => {
    const quote = "“Without a guiding organisation, the energy of the masses would dissipate like steam not enclosed in a piston box”.";
    const result = draft(`${long("As Trotsky put it")}\n\n${quote}\n\n${long("After")}`);
    expect(blockTypes(result.tree)).toEqual(["paragraph", "blockquote", "paragraph"]);
    expect(toString(result.tree.children[1]!)).toBe(quote);
  });

  it("does not block-quote a paragraph that only starts and ends with quotes", () => {
    const text = "“We demand work,” said the speaker to the crowd in the square, “and we shall have it before the winter comes.”";
    expect(blockTypes(draft(`${long("Before")}\n\n${text}`).tree)).toEqual(["paragraph", "paragraph"]);
  });
});

describe("escaping", () => {
  const cases = [
    "Prices rose by 5*3 and the _real_ wage fell by *half*.",
    "# This line is not meant as a heading, it is a hashtag in the prose.",
    "> This line is not meant as a quotation, it merely starts with an arrow.",
    "1. This line is not meant as a list, it just starts with a number.",
    "- This line is not a bullet, just a dash at the start of a sentence.",
    "Use `backticks` and <b>tags</b> and ~tildes~ and a \\ backslash and &amp; freely.",
    "A [bracketed aside] and a [link](http://example.com) stay literal here.",
  ];
  it.each(cases)("renders %j literally", (line) => {
    const result = draft(`${long("Before")}\n\n${line}\n\n${long("After")}`);
    expect(blockTypes(result.tree)).toEqual(["paragraph", "paragraph", "paragraph"]);
    expect(toString(result.tree.children[1]!)).toBe(line);
    for (const type of ["emphasis", "inlineCode", "html", "delete"] as const) expect(nodesOfType(result.tree, type)).toEqual([]);
    // A bare URL may become a GFM autolink, which still shows the URL as written.
    for (const link of nodesOfType(result.tree, "link")) expect(toString(link)).toBe(link.url);
  });

  it("escapes headings that contain #", () => {
    const result = draft(`${long("Before")}\n\nThe Case of C#\n\n${long("After")}`);
    expect(nodesOfType(result.tree, "heading").map((node) => toString(node))).toEqual(["The Case of C#"]);
  });
});

describe("slug", () => {
  it("is kebab case, ASCII, without apostrophes", () => {
    expect(slugify("The Workers’ Opposition: Émigré Notes")).toBe("the-workers-opposition-emigre-notes");
  });

  it("is cut at a word boundary at most 60 characters", () => {
    const slug = slugify("Organisation of the Masses and Choice of the Moment for Struggle in Petersburg");
    expect(slug).toBe("organisation-of-the-masses-and-choice-of-the-moment-for");
    expect(slug.length).toBeLessThanOrEqual(60);
  });

  it("is never empty", () => {
    expect(slugify("!!!")).toBe("untitled");
  });

  it("comes from the title", () => {
    expect(draft(`Back to Lenin!\n\n${long("Body")}`).slug).toBe("back-to-lenin");
  });
});

// ---------------------------------------------------------------------------
// The command line

describe("scripts/import.ts", () => {
  const temp = fs.mkdtempSync(path.join(os.tmpdir(), "import-text-test-"));
  afterAll(() => fs.rmSync(temp, { recursive: true, force: true }));
  const write = (name: string, content: string | Buffer) => {
    const file = path.join(temp, name);
    fs.writeFileSync(file, content);
    return file;
  };
  // Every run writes into the temp folder: never into content/texts or content/sources.
  const run = (...args: string[]) => {
    const result = spawnSync("npx", ["tsx", "scripts/import.ts", ...args], { cwd: ROOT, encoding: "utf8" });
    return { status: result.status, stdout: result.stdout, stderr: result.stderr.replace(/^npm warn .*\n/gm, "") };
  };
  const out = (name: string) => ["--out", path.join(temp, name), "--sources-dir", path.join(temp, "sources")];
  const expectCleanError = (result: ReturnType<typeof run>, message: RegExp) => {
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).not.toMatch(/^\s+at /m); // no stack trace
  };

  it("prints usage when the argument is missing", { timeout: 30_000 }, () => {
    const result = run();
    expectCleanError(result, /^import: missing input file\nusage: npm run import -- <file\.txt>/);
  });

  it("refuses a file that does not exist, or a directory", { timeout: 30_000 }, () => {
    expectCleanError(run(path.join(temp, "nope.txt"), ...out("a.md")), /^import: cannot read .*nope\.txt: no such file\n$/);
    expectCleanError(run(temp, ...out("a.md")), /^import: cannot read .*: it is a directory\n$/);
  });

  it("refuses an empty file", { timeout: 30_000 }, () => {
    expectCleanError(run(write("empty.txt", " \n\n"), ...out("a.md")), /^import: .*empty\.txt is empty\n$/);
  });

  it("refuses binary and non-UTF-8 input", { timeout: 30_000 }, () => {
    expectCleanError(run(write("image.txt", Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x00, 0x1a])), ...out("a.md")), /looks like a binary file/);
    expectCleanError(run(write("latin1.txt", Buffer.from("caf\xe9 cr\xe8me\n", "latin1")), ...out("a.md")), /is not valid UTF-8 text/);
    expect(fs.existsSync(path.join(temp, "a.md"))).toBe(false);
  });

  it("writes the draft and a copy of the source, then refuses to overwrite without --force", { timeout: 60_000 }, () => {
    const input = write("Lessons.txt", `Lessons of October\n\n${long("Body")}\n`);
    const first = run(input, ...out("draft.md"));
    expect(first.stderr).toBe("");
    expect(first.status).toBe(0);
    expect(first.stdout).toContain("Title from line 1");
    expect(first.stdout).toContain(`Wrote ${path.join(temp, "draft.md")}`);
    const written = parseDraft(fs.readFileSync(path.join(temp, "draft.md"), "utf8"));
    expect(written.frontMatter.success).toBe(true);
    expect(written.data.original).toBe("lessons.txt");
    expect(fs.readFileSync(path.join(temp, "sources", "lessons.txt"), "utf8")).toBe(fs.readFileSync(input, "utf8"));

    expectCleanError(run(input, ...out("draft.md")), /draft\.md already exists; use --force/);
    expect(run(input, ...out("draft.md"), "--force").status).toBe(0);
  });

  it("rejects unknown options", { timeout: 30_000 }, () => {
    expectCleanError(run("--bogus"), /^import: unknown option --bogus\nusage:/);
  });
});
