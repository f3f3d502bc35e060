import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ContentError, parseText, plainTextOf, type ParsedText } from "./blocks";

const TEXTS = path.join(import.meta.dirname, "..", "..", "content", "texts");
const files = fs.readdirSync(TEXTS).filter((f) => f.endsWith(".md"));

const front = (extra = "") => `---\ntitle: A text\noriginal: a-text.txt\n${extra}---\n`;
const parse = (body: string, extra = "") => parseText(front(extra) + body, "content/texts/a-text.md");

describe("the five curated texts", () => {
  it("are all there", () => {
    expect(files).toHaveLength(5);
  });

  describe.each(files)("%s", (file) => {
    const source = fs.readFileSync(path.join(TEXTS, file), "utf8");
    const parsed: ParsedText = parseText(source, `content/texts/${file}`);

    it("parses into blocks with unique, well-formed ids", () => {
      expect(parsed.blocks.length).toBeGreaterThan(5);
      const ids = parsed.blocks.map((b) => b.id);
      expect(new Set(ids).size).toBe(ids.length);
      for (const id of ids) expect(id).toMatch(/^(h|p|fn|hr)-[a-z0-9-]+$|^hr$/);
    });

    it("gives the same ids and hash when parsed again", () => {
      const again = parseText(source, `content/texts/${file}`);
      expect(again.blocks.map((b) => b.id)).toEqual(parsed.blocks.map((b) => b.id));
      expect(again.contentHash).toBe(parsed.contentHash);
    });

    it("keeps every paragraph's text, and the block text matches its inline content", () => {
      for (const block of parsed.blocks) expect(block.plainText).toBe(plainTextOf(block.content));
      expect(parsed.wordCount).toBeGreaterThan(500);
    });

    it("links every footnote reference to its note and back", () => {
      const refIds = new Set<string>();
      const refTargets = new Set<string>();
      const walk = (inlines: (typeof parsed.blocks)[number]["content"]) => {
        for (const inline of inlines) {
          if (inline.type === "footnoteRef") {
            refIds.add(inline.refId);
            refTargets.add(inline.label);
          } else if ("children" in inline) walk(inline.children);
        }
      };
      parsed.blocks.forEach((b) => walk(b.content));
      const notes = parsed.blocks.filter((b) => b.kind === "footnote" && b.attrs.backrefs);
      expect(notes.map((n) => n.attrs.label).sort()).toEqual([...refTargets].sort());
      for (const note of notes) for (const back of note.attrs.backrefs ?? []) expect(refIds.has(back)).toBe(true);
    });
  });

  it("finds the structure each text has", () => {
    const byFile = Object.fromEntries(
      files.map((f) => [f.replace(/\.md$/, ""), parseText(fs.readFileSync(path.join(TEXTS, f), "utf8"), f)]),
    );
    const kinds = (slug: string) => new Set(byFile[slug]!.blocks.map((b) => b.kind));
    expect(kinds("organisation-of-the-masses").has("footnote")).toBe(true);
    expect(kinds("the-workers-opposition").has("listItem")).toBe(true);
    expect(kinds("on-the-mass-organisations").has("quote")).toBe(true);
    expect(kinds("on-the-mass-organisations").has("heading")).toBe(true);
    expect(kinds("mutual-aid-and-the-revolutionary-party").has("heading")).toBe(true);
  });
});

describe("parseText", () => {
  it("turns headings, paragraphs, quotes, lists and footnotes into blocks", () => {
    const parsed = parse(
      [
        "## First part",
        "",
        "A paragraph with *emphasis* and a note.[^1]",
        "",
        "> Quoted once.",
        ">",
        "> Quoted twice.",
        "",
        "3. third",
        "4. fourth",
        "",
        "    more of the fourth",
        "",
        "---",
        "",
        "[^1]: The note.",
      ].join("\n"),
    );
    expect(parsed.blocks.map((b) => b.kind)).toEqual([
      "heading",
      "paragraph",
      "quote",
      "quote",
      "listItem",
      "listItem",
      "listItem",
      "rule",
      "footnote",
    ]);
    const [heading, para, q1, q2, li3, li4, li4more] = parsed.blocks;
    expect(heading).toMatchObject({ id: "h-first-part", level: 2 });
    expect(para!.plainText).toBe("A paragraph with emphasis and a note.");
    expect(q1!.attrs.group).toBe(q2!.attrs.group);
    expect(li3!.attrs).toMatchObject({ ordered: true, number: 3 });
    expect(li4!.attrs).toMatchObject({ number: 4 });
    expect(li4more!.attrs).toMatchObject({ continuation: true });
    expect(li4more!.attrs.number).toBeUndefined();
    expect(parsed.blocks.at(-1)).toMatchObject({ id: "fn-1", attrs: { label: "1", backrefs: ["fnref-1"] } });
  });

  it("keeps ids of unchanged paragraphs when others are inserted around them", () => {
    const before = parse("First.\n\nSecond.\n\nThird.");
    const after = parse("New opening.\n\nFirst.\n\nSecond.\n\nAn insertion.\n\nThird.");
    const ids = new Set(after.blocks.map((b) => b.id));
    for (const block of before.blocks) expect(ids.has(block.id)).toBe(true);
  });

  it("gives repeated paragraphs and headings distinct ids", () => {
    const parsed = parse("## Same\n\nAgain.\n\n## Same\n\nAgain.");
    expect(parsed.blocks.map((b) => b.id)).toEqual(["h-same", expect.stringMatching(/^p-/), "h-same-1", expect.stringMatching(/-2$/)]);
  });

  it("renders raw HTML and unsafe links as plain text", () => {
    const parsed = parse('Hello <script>alert(1)</script> and [a link](javascript:alert(1)) and [ok](https://example.org).');
    const inlines = parsed.blocks[0]!.content;
    expect(inlines.some((i) => i.type === "link" && i.url === "https://example.org")).toBe(true);
    expect(inlines.some((i) => i.type === "link" && i.url.startsWith("javascript"))).toBe(false);
    expect(parsed.blocks[0]!.plainText).toContain("<script>alert(1)</script>");
  });

  it("leaves footnote labels out of the block's text", () => {
    const parsed = parse("Word.[^a] More.\n\n[^a]: Note.");
    expect(parsed.blocks[0]!.plainText).toBe("Word. More.");
  });

  describe("rejects a malformed file with a message naming it", () => {
    const cases: [string, string, RegExp][] = [
      ["no front matter", "Just text.", /has no front matter/],
      ["bad YAML", "---\ntitle: [unclosed\noriginal: a.txt\n---\nText.", /front matter is not valid YAML/],
      ["missing title", "---\noriginal: a-text.txt\n---\nText.", /front matter: title/],
      ["unknown key", front("colour: red\n") + "Text.", /front matter: .*colour|Unrecognized key/i],
      ["year as text", front('year: "nineteen"\n') + "Text.", /front matter: year/],
      ["empty body", front() + "\n\n", /has no text after its front matter/],
      ["dangling reference", front() + "Text.[^9]", /\[\^9\] has no note/],
      ["unused note", front() + "Text.\n\n[^4]: Lonely.", /\[\^4\] is never referred to/],
    ];
    it.each(cases)("%s", (_name, source, message) => {
      let caught: unknown;
      try {
        parseText(source, "content/texts/a-text.md");
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(ContentError);
      expect((caught as ContentError).message).toMatch(/^content\/texts\/a-text\.md: /);
      expect((caught as ContentError).message).toMatch(message);
    });
  });

  it("rejects a file name that is not a slug", () => {
    expect(() => parseText(front() + "Text.", "content/texts/Bad Name.md")).toThrow(/kebab-case slug/);
  });
});
