// Each converter on real files (fixtures/, made by LibreOffice, pandoc, a browser's
// saved page and old editors' encodings; see fixtures/README.md), read through the
// same entry point as an upload. The expected prose is the library's own source of the
// two texts, so a paragraph that comes out whole is compared with what was put in.
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseText } from "../blocks";
import { convertUpload } from "./index";

const FIXTURES = path.join(import.meta.dirname, "fixtures");

async function upload(name: string) {
  const bytes = new Uint8Array(readFileSync(path.join(FIXTURES, name)));
  expect(bytes.byteLength).toBeLessThan(60 * 1024);
  return convertUpload({ bytes, fileName: name });
}

/** A paragraph of the library's source (one a line), its spacing tidied as the fixtures' is. */
function source(file: string, start: string): string {
  const line = readFileSync(path.join(import.meta.dirname, "../../../content/sources", file), "utf8")
    .split(/\r?\n/)
    .find((l) => l.startsWith(start));
  if (!line) throw new Error(`no paragraph of ${file} starts with "${start}"`);
  return line.replace(/\s{2,}/g, " ").trim();
}
const lenin = (start: string) => source("organisation-of-the-masses.txt", start);
const kollontai = (start: string) => source("the-workers-opposition.txt", start);

/** The blocks a reader sees, as [kind, first words]: the Markdown must also pass the library's parser. */
function outline(markdown: string): [string, string][] {
  const { blocks } = parseText(`---\ntitle: Test\noriginal: test.txt\n---\n\n${markdown}`, "test.md");
  return blocks.map((b) => [b.kind, b.plainText.split(/\s+/).slice(0, 4).join(" ")]);
}

/** Markdown paragraphs (blocks separated by a blank line) that are prose, not headings, lists, quotes or notes. */
function paragraphs(markdown: string): string[] {
  return markdown.trim().split(/\n{2,}/).filter((p) => !/^(?:#|>|\d+\.\s|-\s|\[\^)/.test(p));
}

const TITLE = "Organisation of the Masses and Choice of the Moment for Struggle";
const TITLE_NOTE = lenin("[2] ").replace(/^\[2\]\s*/, "");
const P7 = lenin("Now it is this peculiar political situation");
const QUESTIONS = [
  "Why does Lenin call the Soviet a *fighting* organisation rather than an organisation in general?",
  "What difference does he see in 1906 between peasant actions and workers’ actions?",
  "What does the St. Petersburg Committee want done before Soviets are formed again?",
];
/** The handout's blocks after its title, the same in every format it was written in. */
const HANDOUT: [string, string][] = [
  ["paragraph", "V. I. Lenin. First"],
  ["quote", "Today, the vanguard must"],
  ["heading", "The article"],
  ["paragraph", "In this issue we"],
  ["paragraph", "Under these circumstances, Comrade"],
  ["paragraph", "We cannot agree with"],
  ["heading", "A special type of"],
  ["paragraph", "But the Soviet of"],
  ["paragraph", "Now it is this"],
  ["heading", "Conclusion"],
  ["paragraph", "To conclude. Speaking generally,"],
  ["heading", "Questions for discussion"],
  ["listItem", "Why does Lenin call"],
  ["listItem", "What difference does he"],
  ["listItem", "What does the St."],
];

function expectHandout(markdown: string, levels: { article: string; section: string }, noteLabel: string) {
  expect(markdown).toContain("V. I. Lenin. First published in *Ekho*, No. 11, July 4, 1906.");
  expect(markdown).toContain("> Today, the vanguard must concentrate attention not on immediate action, but on consolidating and extending the closest contacts with the rearguard and with all the other units.");
  expect(markdown).toContain(`\n${levels.article} The article\n`);
  expect(markdown).toContain(`\n${levels.section} A special type of organisation\n`);
  expect(markdown).toContain(`\n${levels.section} Conclusion\n`);
  expect(markdown).toContain(`\n${levels.article} Questions for discussion\n`);
  QUESTIONS.forEach((q, i) => expect(markdown).toMatch(new RegExp(`^${i + 1}\\.\\s+${q.replace(/[.*?]/g, "\\$&")}$`, "m")));
  // The paragraphs arrive whole, the note's marker where the text had it.
  for (const start of ["In this issue we publish", "Under these circumstances", "We cannot agree", "But the Soviet of Workers’ Deputies was", "To conclude."])
    expect(paragraphs(markdown)).toContain(lenin(start));
  expect(paragraphs(markdown)).toContain(P7.replace("[1]", `[^${noteLabel}]`));
  expect(markdown).toContain(`\n[^${noteLabel}]: See present edition, Vol. 10, p. 515—Ed.`);
}

describe("Word documents written by LibreOffice Writer", () => {
  it("reads the title, headings, quotation, numbered list, italics and footnotes, numbered as the reader sees them", async () => {
    const result = await upload("organisation-of-the-masses.libreoffice.docx");
    expect(result.format).toBe("docx");
    expect(result.metadata).toEqual({ title: TITLE, author: "V. I. Lenin" });
    // LibreOffice's "Quotations" and "Text Body" styles are known: nothing to report.
    expect(result.notes).toEqual([]);
    const md = result.markdown;
    expect(md.startsWith(`# ${TITLE}[^1]\n`)).toBe(true);
    expectHandout(md, { article: "#", section: "##" }, "2");
    expect(md).toContain(`\n[^1]: ${TITLE_NOTE}`);
    expect(outline(md)).toEqual([["heading", "Organisation of the Masses"], ...HANDOUT, ["footnote", "In June 1906 the"], ["footnote", "See present edition, Vol."]]);
  });
});

describe("Word documents written by pandoc", () => {
  it("reads pandoc's block text as a quotation and numbers its footnote 1, not by its id", async () => {
    const result = await upload("organisation-of-the-masses.pandoc.docx");
    expect(result.metadata).toEqual({ title: TITLE, author: "V. I. Lenin" });
    expect(result.notes).toEqual([]);
    const md = result.markdown;
    expect(md.startsWith(`# ${TITLE}\n\nV. I. Lenin\n\n`)).toBe(true);
    // pandoc's typography ties an abbreviation to the number after it with a no-break space.
    expect(md).toContain("No.\u00a011, July 4, 1906.");
    expectHandout(md.replace(/\u00a0/g, " "), { article: "##", section: "###" }, "1");
    expect(md).not.toMatch(/\[\^20\]/);
    expect(outline(md)).toEqual([["heading", "Organisation of the Masses"], ["paragraph", "V. I. Lenin"], ...HANDOUT, ["footnote", "See present edition, Vol."]]);
  });
});

describe("Markdown", () => {
  it("keeps a member's Markdown as written, its front matter as metadata", async () => {
    const result = await upload("organisation-of-the-masses.md");
    expect(result.format).toBe("markdown");
    expect(result.metadata).toEqual({ title: TITLE, author: "V. I. Lenin", year: 1906 });
    const written = readFileSync(path.join(FIXTURES, "organisation-of-the-masses.md"), "utf8");
    expect(result.markdown).toBe(written.slice(written.indexOf("\n---\n") + 5).trimStart());
    expectHandout(result.markdown, { article: "##", section: "###" }, "1");
    expect(outline(result.markdown)).toEqual([...HANDOUT, ["footnote", "See present edition, Vol."]]);
  });
});

describe("a web page saved from a browser", () => {
  it("keeps the article and its footnote, and leaves out the site's menus, banners, advertisements, scripts and comments", async () => {
    const result = await upload("organisation-of-the-masses.html");
    expect(result.format).toBe("html");
    // The page's title less the site's name.
    expect(result.metadata.title).toBe(TITLE);
    const md = result.markdown;
    expect(md.startsWith(`# ${TITLE}\n\nV. I. Lenin.`)).toBe(true);
    expectHandout(md, { article: "##", section: "###" }, "1");
    for (const chrome of ["Skip to content", "cookies", "Reading Room", "Home", "Donate", "Search", "Advertisement", "20% off", "Sponsored", "booklets", "Share this", "Facebook", "Leave a Reply", "Posted in", "Tagged", "Recent texts", "Previous:", "Privacy", "©", "gtag", "dataLayer", "schema.org", "↩", "http"])
      expect(md).not.toContain(chrome);
    expect(outline(md)).toEqual([["heading", "Organisation of the Masses"], ...HANDOUT, ["footnote", "See present edition, Vol."]]);
  });
});

describe("EPUB books written by pandoc", () => {
  it("reads the chapters in order, without the title page, with their lists, italics, quotation and footnotes", async () => {
    const result = await upload("the-workers-opposition.epub");
    expect(result.format).toBe("epub");
    expect(result.metadata).toEqual({ title: "The Workers’ Opposition", author: "Alexandra Kollontai", year: 1921 });
    expect(result.notes).toEqual([]);
    const md = result.markdown;
    // The title page (title, author, date, rights) is the metadata's, not the text's.
    expect(md.startsWith("# The Roots of the Opposition\n\nBefore making clear")).toBe(true);
    expect(md).not.toContain("Public domain");
    expect(md.match(/^# .*$/gm)).toEqual(["# The Roots of the Opposition", "# How the Opposition Took Shape", "# Three Causes of the Crisis", "# What the Opposition Wants"]);
    expect(md).toMatch(/^1\.\s+The Workers’ Opposition sprang from the depths/m);
    expect(md).toMatch(/^2\.\s+The Opposition did not originate/m);
    expect(md).toMatch(/^3\.\s+to the working class of Russia has fallen the lot/m);
    expect(md).toContain("the question: *collective* versus *personal* management in industry.");
    expect(md).toContain("\n> ‘Stop, look and think! Where do you lead us?");
    // The notes a chapter links to become footnotes: no "1920.1", no list of notes with "↩︎", no rule above it.
    expect(md).toContain("held in the spring of 1920.[^1] During the summer");
    expect(md).toContain("and Comrade Zinoviev[^2] made many verbal promises");
    expect(md).toContain("\n[^1]: Held in Moscow from 29 March to 5 April 1920.—Ed.");
    expect(md).toContain("\n[^2]: G. Y. Zinoviev, then chairman of the Executive Committee of the Communist International.—Ed.");
    expect(md).not.toMatch(/↩|^---$/m);
    for (const start of ["Before making clear", "This, however, is not true.", "Rejection of a principle", "What does this mean?", "It is quite natural", "The task of the Party"])
      expect(paragraphs(md)).toContain(kollontai(start));
    const kinds = outline(md).map(([kind]) => kind);
    expect(kinds.filter((k) => k === "heading")).toHaveLength(4);
    expect(kinds.filter((k) => k === "footnote")).toHaveLength(2);
    expect(kinds.filter((k) => k === "listItem")).toHaveLength(5);
    expect(kinds.filter((k) => k === "quote")).toHaveLength(1);
  });
});

describe("PDF exported by LibreOffice Writer", () => {
  it("leaves out running heads and page numbers, keeps paragraphs whole across pages and moves the footnotes to the end", async () => {
    const result = await upload("the-workers-opposition.pdf");
    expect(result.format).toBe("pdf");
    expect(result.metadata).toMatchObject({ title: "The Workers’ Opposition", author: "Alexandra Kollontai" });
    expect(result.notes).toEqual(
      expect.arrayContaining([
        "5 lines that held only a page number were left out.",
        "5 running heads (a line repeated at the top or foot of the pages) left out.",
        "2 footnotes from the foot of the pages moved to the end.",
      ]),
    );
    const md = result.markdown;
    // The heads were "Alexandra Kollontai" (left pages) and "The Workers’ Opposition" (right pages); the number at each foot.
    expect(md.match(/Alexandra Kollontai/g)).toEqual(["Alexandra Kollontai"]);
    expect(md).not.toMatch(/^(?:#+ )?The Workers’ Opposition$/m);
    expect(md).not.toMatch(/^\s*\d+\s*$/m);
    // Headings are set larger than the text: each is its own line, not the start of the paragraph after it.
    for (const heading of ["The Roots of the Opposition", "How the Opposition Took Shape", "Three Causes of the Crisis", "What the Opposition Wants"]) expect(md).toContain(`\n## ${heading}\n\n`);
    // Paragraphs broken by a page (with a head, a page number, and once footnotes in between) come out whole.
    expect(paragraphs(md)).toContain(kollontai("For the first time, the two different points of view"));
    expect(paragraphs(md)).toContain(kollontai("The leaders of the Party understood this undercurrent").replace("Comrade Zinoviev", "Comrade Zinoviev[^2]"));
    for (const start of ["Before making clear", "This, however, is not true.", "Rejection of a principle", "What does this mean?", "It is quite natural", "Out of this basic cause", "There are thus three causes", "The task of the Party"])
      expect(paragraphs(md)).toContain(kollontai(start));
    expect(md).toMatch(/^1\. The Workers’ Opposition sprang from the depths/m);
    expect(md).toContain("held in the spring of 1920.[^1] During the summer");
    expect(md).toContain("\n[^1]: Held in Moscow from 29 March to 5 April 1920.—Ed.");
    expect(md).toContain("\n[^2]: G. Y. Zinoviev, then chairman of the Executive Committee of the Communist International.—Ed.");
    const kinds = outline(md).map(([kind]) => kind);
    expect(kinds.filter((k) => k === "footnote")).toHaveLength(2);
    expect(kinds.filter((k) => k === "paragraph").length).toBeGreaterThanOrEqual(16);
  });
});

describe("plain text", () => {
  it("UTF-8, hard-wrapped at 72 columns: lines joined into paragraphs, capitals headings, numbered points a list", async () => {
    const result = await upload("the-workers-opposition.utf8.txt");
    expect(result.format).toBe("text");
    expect(result.metadata).toMatchObject({ title: "THE WORKERS’ OPPOSITION", author: "Alexandra Kollontai" });
    const md = result.markdown;
    expect(md.startsWith("## THE ROOTS OF THE OPPOSITION\n\nBefore making clear")).toBe(true);
    expect(md).toContain("\n## HOW THE OPPOSITION TOOK SHAPE\n");
    expect(md).toMatch(/^1\. The Workers’ Opposition sprang from the depths/m);
    expect(md).toMatch(/^2\. The Opposition did not originate/m);
    for (const start of ["Before making clear", "This, however, is not true.", "Rejection of a principle", "The Ninth Congress of the Russian", "The leaders of the Party understood", "What does this mean?"])
      expect(paragraphs(md)).toContain(kollontai(start));
    expect(md).toContain("the “Workers’ Opposition” and the official point of view");
    expect(outline(md).map(([kind]) => kind)).toEqual(["heading", "paragraph", "listItem", "listItem", "paragraph", "paragraph", "paragraph", "heading", "paragraph", "paragraph", "paragraph"]);
  });

  it("Windows-1252 from an old archive (CRLF): curly quotes, dashes and accented letters read as written, with a note", async () => {
    const bytes = readFileSync(path.join(FIXTURES, "the-workers-opposition.windows-1252.txt"));
    // The file really is Windows-1252: a right single quote is the one byte 0x92, not UTF-8.
    expect(bytes.includes(0x92)).toBe(true);
    expect(bytes.includes(Buffer.from("’"))).toBe(false);
    const result = await upload("the-workers-opposition.windows-1252.txt");
    expect(result.notes[0]).toMatch(/read as Windows-1252/);
    expect(result.metadata).toMatchObject({ title: "The Workers’ Opposition", author: "Alexandra Kollontaï" });
    const md = result.markdown;
    // No byte of 0x80–0x9F may come out as an invisible control character.
    expect(md).not.toMatch(/[\u0080-\u009f\r]/);
    expect(md).toContain("What then is it that the Workers’ Opposition wants?");
    expect(md).toContain("(particularly in its essential part – in the reconstruction of Industries");
    expect(md).toContain("\n‘Stop, look and think! Where do you lead us?");
    for (const start of ["lf we begin to diligently", "It is quite natural", "Out of this basic cause", "There are thus three causes", "The task of the Party"])
      expect(paragraphs(md)).toContain(kollontai(start));
    expect(md.startsWith("## THREE CAUSES OF THE CRISIS\n\nlf we begin")).toBe(true);
    expect(md).toContain("\n## WHAT THE OPPOSITION WANTS\n");
    expect(md).toContain("\n(b) in the face of a never diminishing and ruthless pressure of the Imperialist States and White Guards’,\n");
  });

  it("UTF-16 LE with a byte-order mark, as Notepad saves (CRLF): the archive's header as metadata, its note paired", async () => {
    const bytes = readFileSync(path.join(FIXTURES, "organisation-of-the-masses.utf16le.txt"));
    expect([bytes[0], bytes[1]]).toEqual([0xff, 0xfe]);
    const result = await upload("organisation-of-the-masses.utf16le.txt");
    expect(result.format).toBe("text");
    expect(result.metadata).toMatchObject({ title: TITLE, author: "V. I. Lenin" });
    // The publication line, with the paper's name in Cyrillic, went to the front matter.
    expect(result.notes).toContain('Published from line 5: "Ekho (Эхо), No. 11, July 4, 1906. Published according to the Ekho tex…".');
    expect(result.notes.join("\n")).toMatch(/Removed navigation line \d+: "Works Index/);
    const md = result.markdown;
    expect(md).not.toMatch(/[\r\uFEFF\u0000]/);
    expect(md.startsWith(`${lenin("In this issue we publish")}\n\n`)).toBe(true);
    for (const start of ["Under these circumstances", "We cannot agree", "But the Soviet of Workers’ Deputies was"]) expect(paragraphs(md)).toContain(lenin(start));
    expect(md).toContain("on the “asset” and not on the “liability” side");
    expect(paragraphs(md)).toContain(P7.replace("[1]", "[^1]"));
    expect(md).toContain("\n[^1]: See present edition, Vol. 10, p. 515—Ed.");
    // The note on the title stays as text at the end: the title went to the front matter.
    expect(md.trimEnd().endsWith(`\\[2] ${TITLE_NOTE}`)).toBe(true);
    expect(outline(md).map(([kind]) => kind)).toEqual(["paragraph", "paragraph", "paragraph", "paragraph", "paragraph", "footnote", "paragraph"]);
  });
});
