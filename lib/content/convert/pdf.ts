// A PDF's text layer → plain text for the importer's heuristics.
//
// pdf.js (Mozilla's; the PDF reader in Firefox) extracts the text items of each page
// with their positions. Lines are rebuilt from the items' baselines, a paragraph ends
// where the gap to the next line is clearly wider than the page's usual line spacing,
// words hyphenated across lines are joined, and lines that are only a page number are
// dropped. A PDF with no text layer (a scan) is refused with what to do instead: there
// is no reliable text to read in it without OCR.
import { UPLOAD_LIMITS, UploadError } from "./limits";

type TextItem = { str: string; transform: number[]; hasEOL: boolean; height: number };
type Line = { text: string; y: number; height: number };

export async function pdfToPlainText(bytes: Uint8Array, limits = UPLOAD_LIMITS): Promise<{ text: string; notes: string[]; title?: string; author?: string }> {
  const pdfjs = await import("pdfjs-dist/legacy/build/pdf.mjs");
  let doc;
  try {
    doc = await pdfjs.getDocument({ data: new Uint8Array(bytes), isEvalSupported: false, disableFontFace: true, useSystemFonts: false, stopAtErrors: false, verbosity: 0 }).promise;
  } catch (error) {
    if (error instanceof Error && /password/i.test(error.name + error.message)) throw new UploadError("unreadable", "This PDF is protected by a password; remove the protection and upload it again.");
    throw new UploadError("unreadable", "This PDF is damaged or could not be read; save it again and retry.");
  }
  try {
    const notes: string[] = [];
    if (doc.numPages > limits.pdfPages) throw new UploadError("too-large", `This PDF has ${doc.numPages.toLocaleString("en")} pages; the limit is ${limits.pdfPages.toLocaleString("en")}.`);
    const pages: Line[][] = [];
    let dropped = 0;
    let characters = 0;
    for (let n = 1; n <= doc.numPages; n++) {
      const page = await doc.getPage(n);
      const content = await page.getTextContent();
      const lines = toLines(content.items.flatMap((i) => ("str" in i ? [i as TextItem] : [])));
      page.cleanup();
      const kept = lines.filter((line) => !/^\s*(?:\d{1,4}|[ivxlc]{1,6})\s*$/.test(line.text)); // arabic or lower-case roman: "II" may be a chapter
      dropped += lines.length - kept.length;
      characters += kept.reduce((sum, line) => sum + line.text.length, 0);
      if (characters > limits.characters) throw new UploadError("too-large", `This PDF holds more than ${limits.characters.toLocaleString("en")} characters of text, the limit for one text.`);
      pages.push(kept);
    }
    // The line spacing is read over the whole document: one page may hold too few lines to tell.
    const usual = lineSpacing(pages);
    const paragraphs: string[] = [];
    let continues = false;
    for (const lines of pages) {
      const own = toParagraphs(lines, usual);
      // A paragraph cut by the page break (no closing punctuation) continues on the next page.
      if (continues && own.length) paragraphs[paragraphs.length - 1] = join(paragraphs[paragraphs.length - 1]!, own.shift()!);
      paragraphs.push(...own);
      continues = paragraphs.length > 0 && !/[.!?:;"”’)\]]$/.test(paragraphs[paragraphs.length - 1]!);
    }
    const text = paragraphs.join("\n\n");
    const words = text.split(/\s+/).filter(Boolean).length;
    if (words < Math.max(20, doc.numPages * 5))
      throw new UploadError("unreadable", "This PDF has no text layer (its pages are images, as in a scan), so there is no text to read. Run it through OCR first, or paste the text instead.");
    if (dropped) notes.push(`${dropped} line${dropped === 1 ? "" : "s"} that held only a page number ${dropped === 1 ? "was" : "were"} left out.`);
    const info = ((await doc.getMetadata().catch(() => null))?.info ?? {}) as { Title?: unknown; Author?: unknown };
    const str = (v: unknown) => (typeof v === "string" && v.trim() ? v.trim() : undefined);
    return { text, notes, title: str(info.Title), author: str(info.Author) };
  } finally {
    await doc.destroy();
  }
}

function toLines(items: TextItem[]): Line[] {
  const lines: Line[] = [];
  let current: Line | null = null;
  for (const item of items) {
    const y = item.transform[5] ?? 0;
    const height = Math.abs(item.height || item.transform[3] || 0);
    if (current && Math.abs(current.y - y) > Math.max(2, height / 2)) {
      lines.push(current);
      current = null;
    }
    if (!current) current = { text: "", y, height };
    current.text += item.str;
    current.height = Math.max(current.height, height);
    if (item.hasEOL) {
      lines.push(current);
      current = null;
    }
  }
  if (current) lines.push(current);
  return lines.map((l) => ({ ...l, text: l.text.replace(/\s+/g, " ").trim() })).filter((l) => l.text);
}

function lineSpacing(pages: Line[][]): number {
  const gaps = pages.flatMap((lines) => lines.slice(1).map((l, i) => lines[i]!.y - l.y).filter((g) => g > 0));
  // Most gaps are between lines of one paragraph: the lower fifth of them is the line spacing.
  return lowerFifth(gaps) || (pages.flat()[0]?.height ?? 10) * 1.2;
}

function toParagraphs(lines: Line[], usual: number): string[] {
  if (!lines.length) return [];
  const paragraphs: string[] = [];
  let current = lines[0]!.text;
  for (let i = 1; i < lines.length; i++) {
    const gap = lines[i - 1]!.y - lines[i]!.y;
    if (gap > usual * 1.5 || gap < 0) {
      paragraphs.push(current);
      current = lines[i]!.text;
    } else current = join(current, lines[i]!.text);
  }
  paragraphs.push(current);
  return paragraphs;
}

/** Joins two lines of one paragraph: a word hyphenated at the line end is made whole. */
function join(before: string, after: string): string {
  if (/[a-z]-$/.test(before) && /^[a-z]/.test(after)) return before.slice(0, -1) + after;
  return `${before} ${after}`;
}

function lowerFifth(values: number[]): number {
  if (!values.length) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 5)]!;
}
