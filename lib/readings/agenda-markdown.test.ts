// The meeting agenda as Markdown: its sections, its order, and that people's words stay
// words (parsed back with the same remark the app uses, so "structure" means what a
// Markdown renderer would make of it).
import { describe, expect, it } from "vitest";
import type { Nodes, Root } from "mdast";
import remarkGfm from "remark-gfm";
import remarkParse from "remark-parse";
import { unified } from "unified";
import { buildAgenda, inline, type AgendaFacts } from "./agenda-markdown";

const EMPTY: AgendaFacts = {
  title: "Organisation of the Masses",
  weekOf: "7 December 2026",
  due: "Tuesday 8 December, 19:00",
  timeZone: "Europe/Berlin",
  range: "the whole text",
  openQuestions: [],
  passages: [],
  prompts: [],
  unanswered: [],
};

const FULL: AgendaFacts = {
  ...EMPTY,
  range: "from ¶2 “The masses learn” to ¶5 “Every strike”",
  openQuestions: [
    { body: "Why does he say spontaneity?", author: "Ada", where: "¶2 “The masses learn”", same: 3, replies: 2 },
    { body: "Who is 'the party' here?", author: "Ben", where: "¶4 “A party”", same: 1, replies: 1 },
    { body: "What year is this?", author: "Cy", where: "the text as a whole", same: 0, replies: 0 },
  ],
  passages: [
    { where: "¶3 “Every strike”", quote: "Every strike is a school of war.", notes: 4, replies: 1 },
    { where: "¶5 “The end”", quote: "", notes: 1, replies: 0 },
  ],
  prompts: [
    { body: "What is a mass organisation?", where: "¶2 “The masses learn”", answers: [{ author: "Ada", body: "A union, at least." }] },
    { body: "Compare with last week.", where: null, answers: [] },
  ],
  unanswered: [{ author: "Dee", where: "¶3 “Every strike”", body: "I liked this." }],
};

const parse = (markdown: string) => unified().use(remarkParse).use(remarkGfm).parse(markdown) as Root;

function nodes(tree: Nodes, type: string): Nodes[] {
  const found: Nodes[] = tree.type === type ? [tree] : [];
  if ("children" in tree) for (const child of tree.children) found.push(...nodes(child as Nodes, type));
  return found;
}

const textOf = (node: Nodes): string => ("value" in node ? node.value : "children" in node ? node.children.map((c) => textOf(c as Nodes)).join("") : "");

const headings = (markdown: string) => nodes(parse(markdown), "heading").map((h) => [(h as { depth: number }).depth, textOf(h)]);

describe("buildAgenda", () => {
  it("has its sections in the meeting's order, under one title", () => {
    const markdown = buildAgenda(FULL);
    expect(headings(markdown)).toEqual([
      [1, "Meeting agenda: Organisation of the Masses"],
      [2, "Open questions"],
      [2, "Most discussed passages"],
      [2, "Prompts"],
      [3, "1. What is a mass organisation?"],
      [3, "2. Compare with last week."],
      [2, "Comments waiting for a reply"],
    ]);
    expect(markdown).toContain("Week of 7 December 2026 · due Tuesday 8 December, 19:00 (Europe/Berlin) · reading from ¶2 “The masses learn” to ¶5 “Every strike”");
  });

  it("keeps the open questions in the order given, numbered, with counts in words", () => {
    const markdown = buildAgenda(FULL);
    const lines = markdown.split("\n");
    const start = lines.indexOf("## Open questions");
    expect(lines.slice(start + 2, start + 5)).toEqual([
      "1. Why does he say spontaneity? — Ada, on ¶2 “The masses learn” (3 people asked the same, 2 replies)",
      "2. Who is 'the party' here? — Ben, on ¶4 “A party” (1 person asked the same, 1 reply)",
      "3. What year is this? — Cy, on the text as a whole",
    ]);
    // Reversed facts, reversed agenda: the order is the caller's, not re-sorted here.
    const reversed = buildAgenda({ ...FULL, openQuestions: [...FULL.openQuestions].reverse() });
    expect(reversed.indexOf("What year is this?")).toBeLessThan(reversed.indexOf("Why does he say spontaneity?"));
    expect(reversed).toContain("1. What year is this? — Cy");
  });

  it("lists passages with their quote, and each prompt's place and answers", () => {
    const markdown = buildAgenda(FULL);
    expect(markdown).toContain("1. ¶3 “Every strike”: 4 notes, 1 reply\n   > Every strike is a school of war.\n2. ¶5 “The end”: 1 note, 0 replies\n");
    expect(markdown).toContain("### 1. What is a mass organisation?\n\nOn ¶2 “The masses learn”.\n\n- **Ada:** A union, at least.\n");
    expect(markdown).toContain("### 2. Compare with last week.\n\nNo answers yet.\n");
    expect(markdown).not.toContain("On null");
    expect(markdown).toContain("- **Dee** on ¶3 “Every strike”: I liked this.");
  });

  it("says so when a section is empty", () => {
    const markdown = buildAgenda(EMPTY);
    expect(markdown).toContain("## Open questions\n\nNo open questions this week.\n");
    expect(markdown).toContain("## Most discussed passages\n\nNobody has written on the passages yet.\n");
    expect(markdown).toContain("## Prompts\n\nNo prompts were set this week.\n");
    expect(markdown).toContain("## Comments waiting for a reply\n\nEvery comment has a reply.\n");
    expect(nodes(parse(markdown), "list")).toHaveLength(0);
    expect(headings(markdown).map(([, text]) => text)).toEqual([
      "Meeting agenda: Organisation of the Masses",
      "Open questions",
      "Most discussed passages",
      "Prompts",
      "Comments waiting for a reply",
    ]);
  });

  it("keeps people's words from becoming headings, emphasis, links, tables or HTML", () => {
    const evil = "# heading *x* [link](y)";
    const multiline = "first line\n\n## not a heading\n- not a list\n> not a quote\n| a | b |\n|---|---|\n<b>bold</b> `code` _under_ \\";
    const markdown = buildAgenda({
      ...EMPTY,
      title: evil,
      range: evil,
      openQuestions: [{ body: multiline, author: evil, where: evil, same: 0, replies: 0 }],
      passages: [{ where: evil, quote: multiline, notes: 1, replies: 0 }],
      prompts: [{ body: evil, where: evil, answers: [{ author: evil, body: multiline }] }],
      unanswered: [{ author: evil, where: evil, body: multiline }],
    });
    const tree = parse(markdown);
    // Only the agenda's own structure: its five headings and the one prompt's.
    expect(nodes(tree, "heading")).toHaveLength(6);
    for (const type of ["emphasis", "link", "linkReference", "table", "html", "inlineCode", "code", "thematicBreak"])
      expect(nodes(tree, type), `no ${type} made from people's text`).toHaveLength(0);
    // The agenda's own bold names, and nothing bolder.
    expect(nodes(tree, "strong")).toHaveLength(2);
    // The passage's quote is the only quote, and each list holds exactly its items.
    expect(nodes(tree, "blockquote")).toHaveLength(1);
    expect(nodes(tree, "listItem")).toHaveLength(4);
    // And the words themselves survive, as text.
    expect(textOf(nodes(tree, "heading")[0]!)).toBe(`Meeting agenda: ${evil}`);
    expect(textOf(tree)).toContain("# heading *x* [link](y)");
    expect(textOf(tree)).toContain("<b>bold</b> `code` _under_ \\");
  });
});

describe("inline", () => {
  it("escapes Markdown's punctuation and folds whitespace to single spaces", () => {
    expect(inline("  # heading *x* [link](y)  ")).toBe("\\# heading \\*x\\* \\[link\\](y)");
    expect(inline("a\n\n- b\t|c|")).toBe("a - b \\|c\\|");
    expect(inline("<script>`x`_y_\\")).toBe("\\<script\\>\\`x\\`\\_y\\_\\\\");
  });

  it("leaves plain words alone", () => {
    expect(inline("Why does he say “spontaneity”?")).toBe("Why does he say “spontaneity”?");
  });
});
