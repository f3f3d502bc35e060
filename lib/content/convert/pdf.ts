// A PDF's text layer → plain text for the importer's heuristics.
//
// pdf.js (Mozilla's; the PDF reader in Firefox) extracts the text items of each page
// with their positions. Lines are rebuilt from the items' baselines, a paragraph ends
// where the gap to the next line is clearly wider than the page's usual line spacing, the
// type size changes (a heading) or an indented block ends (a quotation), words hyphenated across lines are joined, and lines
// that are only a page number are dropped, as are running heads (a line at the top or
// foot of several pages, the same each time). A footnote's number set small and raised
// becomes "[n]", and the notes set small at the foot of a page that start with such a
// number are moved to the end as "[n] …", where the importer pairs them with their
// markers. A PDF with no text layer (a scan) is refused with what to do instead: there
// is no reliable text to read in it without OCR.
import { UPLOAD_LIMITS, UploadError } from "./limits";

type TextItem = { str: string; transform: number[]; hasEOL: boolean; height: number };
type Line = { text: string; y: number; height: number; x: number };

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
    const printed: Line[][] = [];
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
      printed.push(kept);
    }
    const body = bodySize(printed);
    const heads = runningHeads(printed, body);
    const markers = new Set(printed.flat().flatMap((line) => [...line.text.matchAll(/\[(\d{1,3})\]/g)].map((m) => m[1]!)));
    const footnotes: string[] = [];
    let headsDropped = 0;
    const pages = printed.map((lines) => {
      const edges = edgeLines(lines);
      const kept = lines.filter((line) => !(edges.includes(line) && heads.has(headKey(line))));
      headsDropped += lines.length - kept.length;
      const split = splitFootnotes(kept, body, markers);
      footnotes.push(...split.notes);
      return split.text;
    });
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
    const text = [...paragraphs, ...footnotes].join("\n\n");
    const words = text.split(/\s+/).filter(Boolean).length;
    if (words < Math.max(20, doc.numPages * 5))
      throw new UploadError("unreadable", "This PDF has no text layer (its pages are images, as in a scan), so there is no text to read. Run it through OCR first, or paste the text instead.");
    if (dropped) notes.push(`${dropped} line${dropped === 1 ? "" : "s"} that held only a page number ${dropped === 1 ? "was" : "were"} left out.`);
    if (headsDropped) notes.push(`${headsDropped} running head${headsDropped === 1 ? "" : "s"} (a line repeated at the top or foot of the pages) left out.`);
    if (footnotes.length) notes.push(`${footnotes.length} footnote${footnotes.length === 1 ? "" : "s"} from the foot of the pages moved to the end.`);
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
    // Smaller type a little above the baseline (a note's number, and the space after it) is part of the line.
    const raised = current !== null && y > current.y + 1 && y - current.y < current.height * 0.7 && (height < current.height * 0.8 || !item.str.trim());
    if (current && !raised && Math.abs(current.y - y) > Math.max(2, height / 2)) {
      lines.push(current);
      current = null;
    }
    if (!current) current = { text: "", y, height, x: item.transform[4] ?? 0 };
    const mark = item.str.trim();
    current.text += raised && /^[\p{L}\p{N}*†‡]{1,3}$/u.test(mark) ? `[${mark}]` : item.str;
    if (!raised) current.height = Math.max(current.height, height);
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

/** The size of the running text: the line height that most characters are set in. */
function bodySize(pages: Line[][]): number {
  const chars = new Map<number, number>();
  for (const line of pages.flat()) chars.set(Math.round(line.height * 2) / 2, (chars.get(Math.round(line.height * 2) / 2) ?? 0) + line.text.length);
  return [...chars].sort((a, b) => b[1] - a[1])[0]?.[0] ?? 10;
}

/** A head or foot line's identity: its words with the page number ("12 Title", "Page 3 of 40", "– 7 –") left out, and its size. */
function headKey(line: Line): string {
  const words = line.text
    .replace(/\b(?:page|p\.)\s*\d{1,4}(?:\s*(?:of|\/)\s*\d{1,4})?/gi, "page #")
    .replace(/^[\s\-–—]*\d{1,4}(?:[\s\-–—]+|$)|[\s\-–—]+\d{1,4}[\s\-–—]*$/g, "#");
  return `${words}@${Math.round(line.height)}`;
}

/**
 * Running heads and feet: the first or last line of at least two pages (of three or
 * more), the same words each time, set no larger than the text (a chapter's heading at
 * the top of its first page is larger). Books alternate them (the author on the left,
 * the title on the right), so each need not be on every page.
 */
function runningHeads(pages: Line[][], body: number): Set<string> {
  const heads = new Set<string>();
  if (pages.length < 3) return heads;
  const count = new Map<string, number>();
  for (const lines of pages) {
    const edges = new Set(edgeLines(lines).filter((l) => l.height <= body * 1.05).map(headKey));
    for (const key of edges) count.set(key, (count.get(key) ?? 0) + 1);
  }
  for (const [key, n] of count) if (n >= 2) heads.add(key);
  return heads;
}

/** The top and the bottom line of a page, by position: a PDF may draw its heads before or after the text. */
function edgeLines(lines: Line[]): Line[] {
  if (!lines.length) return [];
  const top = lines.reduce((a, b) => (b.y > a.y ? b : a));
  const bottom = lines.reduce((a, b) => (b.y < a.y ? b : a));
  return top === bottom ? [top] : [top, bottom];
}

/**
 * Notes at the foot of a page: the last lines, set smaller than the text, from one that
 * starts with the number of a raised marker ("1 Held in Moscow…") on. Each becomes
 * "[n] …"; a line that starts with no marker's number continues the note before it.
 */
function splitFootnotes(lines: Line[], body: number, markers: Set<string>): { text: Line[]; notes: string[] } {
  let start = lines.length;
  while (start > 0 && lines[start - 1]!.height < body * 0.92) start--;
  const first = lines.slice(start).findIndex((line) => markers.has(/^(\d{1,3})\s/.exec(line.text)?.[1] ?? ""));
  if (first < 0) return { text: lines, notes: [] };
  const notes: string[] = [];
  for (const line of lines.slice(start + first)) {
    const number = /^(\d{1,3})\s+(.*)$/.exec(line.text);
    if (number && markers.has(number[1]!)) notes.push(`[${number[1]}] ${number[2]}`);
    else notes[notes.length - 1] = join(notes[notes.length - 1]!, line.text);
  }
  return { text: lines.slice(0, start + first), notes };
}

function toParagraphs(lines: Line[], usual: number): string[] {
  if (!lines.length) return [];
  const paragraphs: string[] = [];
  let current = lines[0]!.text;
  let start = 0;
  for (let i = 1; i < lines.length; i++) {
    const [before, line] = [lines[i - 1]!, lines[i]!];
    const gap = before.y - line.y;
    const sizes = [before.height, line.height].sort((a, b) => a - b);
    // A change of type size is a heading's start or end, whatever the spacing; a line set
    // further left than the two before it ends an indented block (a quotation, a list item).
    // (One indented line before is a paragraph's indented first line, not a block.)
    const outdent = i - start >= 2 && before.x - line.x > line.height / 2 && Math.abs(before.x - lines[i - 2]!.x) < 1;
    if (gap > usual * 1.5 || gap < 0 || sizes[1]! > sizes[0]! * 1.15 || outdent) {
      paragraphs.push(current);
      current = line.text;
      start = i;
    } else current = join(current, line.text);
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
