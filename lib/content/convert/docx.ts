// A Word document (.docx) → HTML → Markdown, with its footnotes and endnotes.
//
// mammoth (maintained; maps Word's paragraph styles to headings, lists and quotes and
// ignores Word's look) does the reading. It opens the zip itself with jszip, which
// trusts the sizes a file declares, so the zip is first read by zip.ts under the
// limits and handed to mammoth repacked, stored without compression.
import mammoth from "mammoth";
import { zipSync } from "fflate";
import { DomUtils, parseDocument } from "htmlparser2";
import type { ZipEntries } from "./zip";
import { htmlToMarkdown } from "./html";
import { extractListedNotes } from "./notes-in-html";
import type { Converted } from "./types";

// Quotations are styled "Quote" by Word, "Quotations" by LibreOffice (shown as "Block
// Quotation" in newer versions) and "Block Text" by pandoc. The body-text styles of
// LibreOffice and pandoc are plain paragraphs: named here so that they are not reported.
const QUOTE_STYLES = ["Quote", "Intense Quote", "Quotations", "Block Quotation", "Block Text"];
const BODY_STYLES = ["Body Text", "Text Body", "First Paragraph", "Author", "Date"];
const STYLE_MAP = [
  ...QUOTE_STYLES.map((name) => `p[style-name='${name}'] => blockquote > p:fresh`),
  "p[style-name='Title'] => h1:fresh",
  "p[style-name='Subtitle'] => h2:fresh",
  ...BODY_STYLES.map((name) => `p[style-name='${name}'] => p:fresh`),
];

export async function convertDocx(entries: ZipEntries): Promise<Converted> {
  const repacked = zipSync(Object.fromEntries([...entries].map(([name, data]) => [name, [new Uint8Array(data), { level: 0 }]])));
  const result = await mammoth.convertToHtml({ buffer: Buffer.from(repacked) }, { styleMap: STYLE_MAP, ignoreEmptyParagraphs: true });
  const notes: string[] = [];
  const unknownStyles = new Set(result.messages.map((m) => /Unrecognised paragraph style: '([^']+)'/.exec(m.message)?.[1]).filter(Boolean));
  if (unknownStyles.size) notes.push(`Paragraph styles read as plain paragraphs: ${[...unknownStyles].slice(0, 8).join(", ")}. Mark headings with # in the source if they should be headings.`);
  // Word numbers its notes by internal ids (LibreOffice's start at 2, pandoc's at 20): they
  // are numbered again as the reader sees them, in the order mammoth lists them.
  let footnote = 0;
  let endnote = 0;
  const { html, notes: footnotes, refs } = extractListedNotes(result.value, /^(?:foot|end)note-\d+$/, (id) => (id.startsWith("end") ? `end-${++endnote}` : String(++footnote)));
  return { markdown: htmlToMarkdown(html, { notes: footnotes, noteRefs: refs }), metadata: coreProperties(entries), notes };
}

/** Title and author from docProps/core.xml, when Word recorded them. */
function coreProperties(entries: ZipEntries): Converted["metadata"] {
  const core = entries.get("docProps/core.xml");
  if (!core) return {};
  const doc = parseDocument(core.toString("utf8"), { xmlMode: true });
  const text = (tag: string) => {
    const el = DomUtils.getElementsByTagName(tag, doc)[0];
    const value = el ? DomUtils.textContent(el).trim() : "";
    return value || undefined;
  };
  return { title: text("dc:title"), author: text("dc:creator") };
}
