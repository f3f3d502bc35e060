import { describe, expect, it } from "vitest";
import { strToU8, zipSync } from "fflate";
import { parseText } from "../blocks";
import { convertPasted, convertUpload, formatOf, UPLOAD_LIMITS, UploadError } from "./index";
import { makeDocx, makeEpub, makePdf, makeScannedPdf } from "./test-fixtures";

const utf8 = (s: string) => new TextEncoder().encode(s);

/** The converters' Markdown must be accepted by the parser every text goes through. */
function parses(markdown: string) {
  return parseText(`---\ntitle: Test\noriginal: test.txt\n---\n\n${markdown}`, "test.md");
}

async function refusal(promise: Promise<unknown>): Promise<UploadError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(UploadError);
  return error as UploadError;
}

describe("what a file is", () => {
  it("reads the format from the bytes, and the name must agree", () => {
    expect(formatOf(utf8("Some words."), "notes.txt")).toBe("text");
    expect(formatOf(utf8("# Heading"), "notes.md")).toBe("markdown");
    expect(formatOf(utf8("<!DOCTYPE html><p>x</p>"), "page.txt")).toBe("html");
    expect(formatOf(makeDocx([{ text: "x" }]), "essay.docx")).toBe("docx");
  });

  it("refuses unknown types and names that lie, with 415 and what to do", async () => {
    expect(() => formatOf(utf8("MZ\u0090"), "setup.exe")).toThrow(/reads .txt, .md, .html, .docx, .epub and .pdf files, not .exe/);
    expect(() => formatOf(utf8("x"), "old.doc")).toThrow(/save it as .docx/);
    expect(() => formatOf(makeDocx([{ text: "x" }]), "book.pdf")).toThrow(/named .pdf but is a zip archive/);
    expect(() => formatOf(utf8("just text"), "book.epub")).toThrow(/named .epub but is plain text/);
    expect(() => formatOf(utf8("%PDF-1.7\n%âãÏÓ\n1 0 obj"), "notes.txt")).toThrow(/named .txt but is a PDF/);
    const error = await refusal(convertUpload({ bytes: utf8("x"), fileName: "run.sh" }));
    expect(error.status).toBe(415);
  });
});

describe("size limits", () => {
  it("refuses a file over the byte limit before reading it (413, naming the limit)", async () => {
    const error = await refusal(convertUpload({ bytes: new Uint8Array(UPLOAD_LIMITS.bytes + 1), fileName: "big.txt" }));
    expect(error.status).toBe(413);
    expect(error.message).toMatch(/limit is 10 MB/);
  });

  it("refuses text over the character limit (413)", async () => {
    const error = await refusal(convertPasted("word ".repeat(400_001), "text"));
    expect(error.status).toBe(413);
    expect(error.message).toMatch(/1,500,000/);
  });

  it("refuses a zip that would inflate past the limit, by what it declares, before inflating it", async () => {
    const zeros = new Uint8Array(UPLOAD_LIMITS.inflatedBytes + 1024 * 1024);
    const bomb = makeDocx([{ text: "x" }], {}, { "word/media/padding.bin": [zeros, { level: 9 }] });
    expect(bomb.byteLength).toBeLessThan(UPLOAD_LIMITS.bytes);
    const error = await refusal(convertUpload({ bytes: bomb, fileName: "bomb.docx" }));
    expect(error.status).toBe(413);
    expect(error.message).toMatch(/unpacks to more than 60 MB/);
  });

  it("refuses a zip whose entry inflates to more than it declares", async () => {
    const real = zipSync({ "word/document.xml": [strToU8("<w:document/>".padEnd(50_000, " ")), { level: 9 }] });
    // Rewrite the declared size (local header at 22, central directory at its offset + 24) to 10 bytes.
    const lying = new Uint8Array(real);
    const view = new DataView(lying.buffer);
    view.setUint32(22, 10, true);
    const eocd = lying.length - 22;
    const central = view.getUint32(eocd + 16, true);
    view.setUint32(central + 24, 10, true);
    const error = await refusal(convertUpload({ bytes: lying, fileName: "lying.docx" }));
    expect(error.status).toBe(422);
  });

  it("refuses a zip with too many entries", async () => {
    const files: Record<string, Uint8Array> = {};
    for (let i = 0; i <= UPLOAD_LIMITS.zipEntries; i++) files[`f${i}`] = strToU8("x");
    const error = await refusal(convertUpload({ bytes: zipSync(files), fileName: "many.epub" }));
    expect(error.status).toBe(413);
  });
});

describe("encodings", () => {
  const words = "Café society and the naïve reader. ".repeat(20);

  it("reads UTF-8 with and without a byte-order mark", async () => {
    const plain = await convertUpload({ bytes: utf8(words), fileName: "a.txt" });
    expect(plain.markdown).toContain("Café society");
    const marked = await convertUpload({ bytes: new Uint8Array([0xef, 0xbb, 0xbf, ...utf8(words)]), fileName: "a.txt" });
    expect(marked.markdown).toContain("Café society");
    expect(marked.markdown).not.toContain("\uFEFF");
  });

  it("reads UTF-16 with a mark, and without one", async () => {
    const le = new Uint8Array(Buffer.from(`\uFEFF${words}`, "utf16le"));
    expect((await convertUpload({ bytes: le, fileName: "a.txt" })).markdown).toContain("naïve reader");
    const bare = new Uint8Array(Buffer.from(words, "utf16le"));
    const result = await convertUpload({ bytes: bare, fileName: "a.txt" });
    expect(result.markdown).toContain("naïve reader");
    expect(result.notes.join(" ")).toMatch(/UTF-16LE/);
  });

  it("reads Latin-1 as Windows-1252 and says so", async () => {
    const latin1 = new Uint8Array(Buffer.from(words, "latin1"));
    const result = await convertUpload({ bytes: latin1, fileName: "a.txt" });
    expect(result.markdown).toContain("Café society");
    expect(result.notes[0]).toMatch(/Windows-1252/);
  });

  it("reads Windows-1252's quotes, dashes and euro sign (0x80–0x9F), which ISO-8859-1 would make control characters", async () => {
    // “Workers’ Opposition” — 1920…1921, €5 ‘ok’
    const text = [0x93, ...utf8("Workers"), 0x92, ...utf8(" Opposition"), 0x94, ...utf8(" "), 0x97, ...utf8(" 1920"), 0x85, ...utf8("1921, "), 0x80, ...utf8("5 "), 0x91, ...utf8("ok"), 0x92, ...utf8(". ")];
    const bytes = new Uint8Array(Array.from({ length: 10 }, () => text).flat());
    const result = await convertUpload({ bytes, fileName: "a.txt" });
    expect(result.markdown).toContain("“Workers’ Opposition” — 1920…1921, €5 ‘ok’.");
    expect(result.markdown).not.toMatch(/[\u0080-\u009f]/);
  });

  it("refuses binary data named .txt with a clear message (422)", async () => {
    const binary = new Uint8Array(4096).map((_, i) => (i * 7919) % 256);
    const error = await refusal(convertUpload({ bytes: binary, fileName: "data.txt" }));
    expect(error.status).toBe(422);
    expect(error.message).toMatch(/could not be read: save it as UTF-8/);
  });
});

describe("HTML", () => {
  const hostile = `<html><head><title>The Page</title><style>p{}</style><script>alert(1)</script></head><body>
    <nav><a href="/">Home</a> | <a href="/next">Next</a></nav>
    <h1 onclick="alert(2)">What is to be done?</h1>
    <p>First <em>paragraph</em> with <a href="javascript:alert(3)">a bad link</a>, <a href="data:text/html,<script>alert(4)</script>">data</a>
    and <a href="https://example.org/ok">a good one</a>.<img src=x onerror="alert(5)"></p>
    <iframe src="https://evil.example"></iframe><object data="x.swf"></object>
    <blockquote><p>A quoted passage.</p></blockquote>
    <ul><li>one</li><li>two</li></ul>
    <svg><script>alert(6)</script></svg><form><input value="x"><button>Send</button></form>
  </body></html>`;

  it("keeps the structure and drops everything that could run or load", async () => {
    const result = await convertUpload({ bytes: utf8(hostile), fileName: "page.html" });
    expect(result.metadata.title).toBe("The Page");
    const md = result.markdown;
    expect(md).toContain("# What is to be done?");
    expect(md).toContain("First *paragraph* with a bad link, data");
    expect(md).toContain("[a good one](https://example.org/ok)");
    expect(md).toContain("> A quoted passage.");
    expect(md).toMatch(/^-\s+one$/m);
    for (const bad of ["alert", "script", "javascript:", "data:", "onclick", "onerror", "iframe", "evil.example", "<", "Home", "Send"]) expect(md).not.toContain(bad);
    const blocks = parses(md).blocks;
    expect(blocks.map((b) => b.kind)).toEqual(["heading", "paragraph", "quote", "listItem", "listItem"]);
  });
});

describe("web pages", () => {
  it("keeps a page's whole text when its one <article> is not most of it (a teaser beside the text)", async () => {
    const page = `<html><body><h1>The Text</h1><p>${"The first paragraph of the text itself. ".repeat(10)}</p><p>${"The second paragraph. ".repeat(10)}</p><article><h2>Also on this site</h2><p>A teaser.</p></article></body></html>`;
    const result = await convertUpload({ bytes: utf8(page), fileName: "page.html" });
    expect(result.markdown).toContain("# The Text");
    expect(result.markdown).toContain("The second paragraph.");
    expect(result.markdown).toContain("A teaser.");
  });

  it("keeps sections whose ids read like a site's furniture, and a header that holds the page's heading", async () => {
    const page = `<html><body><header><h1>Socialism and War</h1></header><h2 id="socialism-and-war">Socialism and War</h2><p>First.</p><section id="related-questions" class="chapter"><h2>Related questions</h2><p>Second.</p></section><div class="social-share">Share on Facebook</div></body></html>`;
    const result = await convertUpload({ bytes: utf8(page), fileName: "page.html" });
    expect(result.markdown).toBe("# Socialism and War\n\n## Socialism and War\n\nFirst.\n\n## Related questions\n\nSecond.\n");
  });

  it("takes the title less the site's name when the heading is the title's first part, and the whole title otherwise", async () => {
    const titled = async (title: string, h1: string) =>
      (await convertUpload({ bytes: utf8(`<html><head><title>${title}</title></head><body><h1>${h1}</h1><p>Words.</p></body></html>`), fileName: "page.html" })).metadata.title;
    expect(await titled("What Is To Be Done? | Lenin Internet Archive", "What Is To Be Done?")).toBe("What Is To Be Done?");
    expect(await titled("Collected Works Volume 11", "Collected Works")).toBe("Collected Works Volume 11");
    expect(await titled("The Text", "Another Heading")).toBe("The Text");
  });
});

describe("Word documents", () => {
  it("reads headings, quotes and footnotes, and the title and author it records", async () => {
    const docx = makeDocx(
      [
        { style: "Heading1", text: "On Organisation" },
        { text: "The party must be organised.", footnote: "See chapter two." },
        { style: "Quote", text: "A quoted line." },
        { style: "Heading2", text: "Dogmatism" },
        { text: "Freedom of criticism." },
      ],
      { title: "Essays", creator: "A. Writer" },
    );
    const result = await convertUpload({ bytes: docx, fileName: "essays.docx" });
    expect(result.format).toBe("docx");
    expect(result.metadata).toMatchObject({ title: "Essays", author: "A. Writer" });
    expect(result.markdown).toContain("# On Organisation");
    expect(result.markdown).toContain("The party must be organised.[^1]");
    expect(result.markdown).toContain("> A quoted line.");
    expect(result.markdown).toContain("## Dogmatism");
    expect(result.markdown).toMatch(/\[\^1\]: See chapter two\./);
    const kinds = parses(result.markdown).blocks.map((b) => b.kind);
    expect(kinds).toEqual(["heading", "paragraph", "quote", "heading", "paragraph", "footnote"]);
  });

  it("refuses a zip named .docx that is not a Word document", async () => {
    const error = await refusal(convertUpload({ bytes: zipSync({ "a.txt": strToU8("x") }), fileName: "x.docx" }));
    expect(error.status).toBe(415);
  });
});

describe("EPUB books", () => {
  it("reads chapters in spine order, skipping the navigation document and non-linear items", async () => {
    const epub = makeEpub(
      [
        { file: "c1.xhtml", html: "<h1>Chapter One</h1><p>It begins.</p>" },
        { file: "cover.xhtml", html: "<p>Cover text</p>", linear: false },
        { file: "c2.xhtml", html: '<h1>Chapter Two</h1><p>It goes on, <a href="c1.xhtml#x">as before</a>.</p><script>alert(1)</script>' },
      ],
      { title: "A Book", creator: "Alexandra Kollontai", date: "1921-03-01" },
    );
    const result = await convertUpload({ bytes: epub, fileName: "book.epub" });
    expect(result.metadata).toEqual({ title: "A Book", author: "Alexandra Kollontai", year: 1921 });
    expect(result.markdown).toBe("# Chapter One\n\nIt begins.\n\n# Chapter Two\n\nIt goes on, as before.\n");
    expect(parses(result.markdown).blocks).toHaveLength(4);
  });

  it("makes the notes a chapter links to footnotes, numbered afresh in each chapter without clashing", async () => {
    const chapter = (n: number) =>
      `<h1>Chapter ${n}</h1><p>Text${n}<a epub:type="noteref" href="#n1" id="r1">1</a> goes on.</p><aside epub:type="footnote" id="n1"><p>Note of chapter ${n}. <a href="#r1">↩</a></p></aside>`;
    const epub = makeEpub([{ file: "c1.xhtml", html: chapter(1) }, { file: "c2.xhtml", html: chapter(2) }], { title: "Notes" });
    const result = await convertUpload({ bytes: epub, fileName: "notes.epub" });
    expect(result.markdown).toBe("# Chapter 1\n\nText1[^1] goes on.\n\n[^1]: Note of chapter 1.\n\n# Chapter 2\n\nText2[^1-2] goes on.\n\n[^1-2]: Note of chapter 2.\n");
    expect(parses(result.markdown).blocks.filter((b) => b.kind === "footnote")).toHaveLength(2);
  });

  it("refuses a zip named .epub with no package", async () => {
    const error = await refusal(convertUpload({ bytes: zipSync({ "a.txt": strToU8("x") }), fileName: "x.epub" }));
    expect(error.status).toBe(415);
  });
});

describe("PDF", () => {
  it("rebuilds paragraphs from the text layer, joins hyphenated words and drops page numbers", async () => {
    const long = "The organisation of revolutionaries must consist first and foremost of people who make revolutionary activity their profession, and this is a long sentence that wraps.";
    const pdf = await makePdf([["What Is To Be Done", long, "A second paragraph about the econo-"], ["mists and their circle, continued over the page.", "Third."]], { title: "WITBD", author: "V. I. Lenin" });
    const result = await convertUpload({ bytes: pdf, fileName: "witbd.pdf" });
    expect(result.format).toBe("pdf");
    expect(result.metadata).toMatchObject({ title: "WITBD", author: "V. I. Lenin" });
    expect(result.markdown).toContain(long);
    expect(result.markdown).toContain("A second paragraph about the economists and their circle, continued over the page.\n\nThird.");
    expect(result.markdown).not.toMatch(/^\s*[12]\s*$/m);
    expect(result.notes.join(" ")).toMatch(/2 lines that held only a page number were left out/);
    parses(result.markdown);
  });

  it("leaves out running heads and \"Page n of N\" feet repeated on the pages, and keeps a paragraph whole across them", async () => {
    const words = (n: number) => `Paragraph ${n} of the pamphlet, which is long enough to be set on two or three lines of the page as prose is.`;
    const pdf = await makePdf(
      [[words(1), words(2), "A paragraph cut by the page"], ["break, and finished here.", words(3)], [words(4)], [words(5)]],
      {},
      { head: (n) => (n % 2 ? "WHAT IS TO BE DONE?" : `${n} V. I. LENIN`), foot: (n, count) => `Page ${n} of ${count}` },
    );
    const result = await convertUpload({ bytes: pdf, fileName: "pamphlet.pdf" });
    expect(result.markdown).not.toMatch(/WHAT IS TO BE DONE|LENIN|Page \d/);
    expect(result.markdown).toContain(`${words(2)}\n\nA paragraph cut by the page break, and finished here.\n\n${words(3)}\n\n${words(4)}\n\n${words(5)}\n`);
    // A head on the left pages and another on the right, and a foot on each of the four.
    expect(result.notes.join(" ")).toMatch(/8 running heads/);
  });

  it("explains a PDF without a text layer (422)", async () => {
    const error = await refusal(convertUpload({ bytes: await makeScannedPdf(3), fileName: "scan.pdf" }));
    expect(error.status).toBe(422);
    expect(error.message).toMatch(/no text layer.*OCR/);
  });

  it("refuses a damaged PDF (422)", async () => {
    const error = await refusal(convertUpload({ bytes: utf8("%PDF-1.7\nthis is not really a pdf"), fileName: "bad.pdf" }));
    expect(error.status).toBe(422);
  });
});

describe("plain text and Markdown", () => {
  it("plain text goes through the importer's heuristics, with its notes", async () => {
    const text = "What Is To Be Done?\n\nBy V. I. Lenin\n\nThe first paragraph of the work, long enough to be a paragraph of prose.\n\nThe second paragraph follows it here.";
    const result = await convertUpload({ bytes: utf8(text), fileName: "witbd.txt" });
    expect(result.metadata.title).toBe("What Is To Be Done?");
    expect(result.markdown).toContain("The first paragraph of the work");
    parses(result.markdown);
  });

  it("Markdown keeps its front matter as metadata", async () => {
    const result = await convertUpload({ bytes: utf8("---\ntitle: Mine\nauthor: Me\nyear: 1999\n---\n\n# One\n\nText.\n"), fileName: "mine.md" });
    expect(result.metadata).toEqual({ title: "Mine", author: "Me", year: 1999 });
    expect(result.markdown).toBe("# One\n\nText.\n");
  });
});
