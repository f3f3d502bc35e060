// Plain text → draft Markdown text with front matter, for a person to review.
//
// The inputs are texts copied out of web pages and archives: paragraphs may be
// separated by blank lines or sit one per line, headings are just short lines,
// metadata ("Published:", "Source:", bylines) is mixed in with the prose, and
// site navigation bars come along for the ride. Every rule here is a guess, so
// each guess that changes structure is reported in `notes` for the reviewer.
//
// Pure: no file system access. scripts/import.ts does the reading and writing.
import matter from "gray-matter";
import { frontMatterSchema, type FrontMatter } from "./front-matter";

export interface ImportOptions {
  /** The input's file name; used for `original` and as a fallback title. */
  fileName?: string;
}

export interface ImportDraft {
  slug: string;
  /** Front matter plus Markdown body, ready to write to content/texts/<slug>.md. */
  markdown: string;
  /** What a reviewer should check, one line each. */
  notes: string[];
}

export function draftFromPlainText(text: string, options: ImportOptions = {}): ImportDraft {
  const notes: string[] = [];
  const lines = removeNavigation(toSourceLines(text), notes);
  const units = splitIntoUnits(lines, notes);

  const metadata: Metadata = { credits: [] };
  const bodyStart = extractHeader(units, metadata, notes);
  const body = extractBodyMetadata(units.slice(bodyStart), metadata, notes);

  const frontMatter = buildFrontMatter(metadata, options.fileName, notes);
  const slug = slugify(frontMatter.title);

  const { main, noteSection } = splitOffNotes(body);
  const footnotes = pairFootnotes(main, noteSection, metadata.titleMarkers ?? [], notes);
  const blocks = [...classifyUnits(main, notes), ...noteBlocks(noteSection, footnotes)];
  if (blocks.length === 0) notes.push("No body text was found: the draft has front matter only.");
  noteLostLinks(main, notes);
  noteGluedLinkText(units, notes);

  const markdown = matter.stringify(renderBlocks(blocks, footnotes.paired), frontMatter);
  return { slug, markdown, notes };
}

// ---------------------------------------------------------------------------
// Lines

interface SourceLine {
  /** Whitespace-normalised and trimmed; "" for a blank line. */
  text: string;
  /** 1-based line number in the input, for notes. */
  line: number;
  /** Started with whitespace: in hard-wrapped text that marks a new paragraph. */
  indented: boolean;
}

function toSourceLines(text: string): SourceLine[] {
  return text
    .replace(/^\uFEFF/, "")
    .split(/\r\n|\r|\n/)
    .map((raw, index) => ({ text: cleanWhitespace(raw), line: index + 1, indented: /^[ \t\u00A0]/.test(raw) }));
}

function cleanWhitespace(raw: string): string {
  return (
    raw
      .replace(/[\u200B\uFEFF]/g, "")
      // Runs of spaces (web copies often have "V. I.   Lenin") and tabs become
      // one space; a lone no-break space between words is kept.
      .replace(/[ \t\f\v\u00A0\u2000-\u200A\u202F\u3000]{2,}|[\t\f\v]/g, " ")
      .trim()
  );
}

function wordCount(text: string): number {
  return text.split(/\s+/).filter(Boolean).length;
}

/** For notes: the line in double quotes, shortened; not escaped, so it reads as written. */
function quoteLine(text: string, max = 70): string {
  return `"${text.length > max ? `${text.slice(0, max - 1)}…` : text}"`;
}

// ---------------------------------------------------------------------------
// Site navigation

const NAV_WORDS = /\b(?:back(?:ward)?|forward|next|prev(?:ious)?|top|home|index|contents)\b/i;

/** Lines such as "Works Index | Volume 11 | Collected Works | L.I.A. Index". */
function isPipeMenu(text: string): boolean {
  const segments = text.split("|").map((segment) => segment.trim());
  if (segments.length < 2) return false;
  if (segments.length === 2 && !NAV_WORDS.test(text)) return false;
  return segments.every((segment) => wordCount(segment) <= 5 && !/[.!?;:,]$/.test(segment));
}

function isNavigationLine(text: string): boolean {
  if (text === "") return false;
  if (isPipeMenu(text)) return true;
  const short = wordCount(text) <= 8 && !/[.!?;:,]$/.test(text);
  // "< backward   forward >"
  if (short && /^[<«‹←]/.test(text) && /[>»›→]$/.test(text) && NAV_WORDS.test(text)) return true;
  // A bare archive banner ("Lenin Internet Archive") or index link.
  if (short && /\bInternet Archive\b|\bWorks Index\b/i.test(text)) return true;
  return false;
}

/** Blanks out navigation lines (so they also separate paragraphs) and reports each. */
function removeNavigation(lines: SourceLine[], notes: string[]): SourceLine[] {
  return lines.map((line) => {
    if (!isNavigationLine(line.text)) return line;
    notes.push(`Removed navigation line ${line.line}: ${quoteLine(line.text)}`);
    return { ...line, text: "" };
  });
}

// ---------------------------------------------------------------------------
// Paragraph units

/** One paragraph-sized piece of the input, before deciding what it is. */
interface Unit {
  text: string;
  first: number;
  last: number;
}

// No sensible hard wrap is wider than this; longer lines are whole paragraphs.
const MAX_WRAPPED_LINE = 100;

const LIST_ITEM = /^(?:\((\d{1,3})\)|(\d{1,3})([.)]))\s+(\S.*)$/;
const NOTE_MARKER_START = /^\[(\d{1,3})\]\s*(\S.*)$/;
const LETTERED_ITEM = /^\([a-z]\)\s/;

function splitIntoBlocks(lines: SourceLine[]): SourceLine[][] {
  const blocks: SourceLine[][] = [];
  let current: SourceLine[] = [];
  for (const line of lines) {
    if (line.text === "") {
      if (current.length > 0) blocks.push(current);
      current = [];
    } else current.push(line);
  }
  if (current.length > 0) blocks.push(current);
  return blocks;
}

function splitIntoUnits(lines: SourceLine[], notes: string[]): Unit[] {
  const blocks = splitIntoBlocks(lines);
  const units: Unit[] = [];
  const joined: Unit[] = [];
  let linePerParagraph = 0;
  for (const block of blocks) {
    if (block.length === 1 || !looksHardWrapped(block)) {
      // A block of long lines has one paragraph per line (many web copies
      // have no blank lines between paragraphs at all).
      if (block.length > 1) linePerParagraph += block.length;
      units.push(...block.map((line) => ({ text: line.text, first: line.line, last: line.line })));
      continue;
    }
    for (const unit of joinWrappedLines(block, notes)) {
      units.push(unit);
      if (unit.last > unit.first) joined.push(unit);
    }
  }
  if (linePerParagraph > 0)
    notes.push(`No blank lines between paragraphs in places: ${linePerParagraph} lines were each taken as a paragraph.`);
  if (joined.length > 0) {
    const examples = joined.slice(0, 3).map((unit) => `${unit.first}–${unit.last}`);
    notes.push(
      `Joined hard-wrapped lines into ${joined.length} paragraph(s) (lines ${examples.join(", ")}${joined.length > 3 ? ", …" : ""}); check the paragraph breaks.`,
    );
  }
  return units;
}

function looksHardWrapped(block: SourceLine[]): boolean {
  return block.slice(0, -1).every((line) => line.text.length <= MAX_WRAPPED_LINE);
}

/** Lines that begin something of their own even inside a wrapped block. */
function startsNewUnit(line: SourceLine, previous: SourceLine | undefined): boolean {
  if (LIST_ITEM.test(line.text) || NOTE_MARKER_START.test(line.text) || LETTERED_ITEM.test(line.text)) return true;
  if (metadataLabel(line.text) || byline(line.text)) return true;
  return line.indented && previous !== undefined && !previous.indented;
}

/** A line well short of the wrap width was broken on purpose (paragraph end, heading). */
function endsUnit(line: SourceLine, width: number): boolean {
  if (metadataLabel(line.text) || byline(line.text)) return true;
  if (line.text.length < width * 0.5) return true;
  return /[.!?:]["”’)\]]*$/.test(line.text) && line.text.length < width * 0.75;
}

function joinWrappedLines(block: SourceLine[], notes: string[]): Unit[] {
  const width = Math.max(...block.map((line) => line.text.length));
  const units: Unit[] = [];
  let current: Unit | undefined;
  block.forEach((line, index) => {
    if (current && startsNewUnit(line, block[index - 1])) {
      units.push(current);
      current = undefined;
    }
    if (!current) current = { text: line.text, first: line.line, last: line.line };
    else {
      current.text = joinLine(current.text, line, notes);
      current.last = line.line;
    }
    if (index < block.length - 1 && endsUnit(line, width)) {
      units.push(current);
      current = undefined;
    }
  });
  if (current) units.push(current);
  return units;
}

function joinLine(before: string, line: SourceLine, notes: string[]): string {
  // "organ-" + "isation": keep the hyphen (it may be a real compound such as
  // "well-known") but don't add a space; the reviewer decides.
  if (/\p{L}-$/u.test(before) && /^\p{Ll}/u.test(line.text)) {
    notes.push(`Line ${line.line}: joined a word hyphenated across lines (${quoteLine(before.split(" ").pop() ?? "")}); check the hyphen.`);
    return before + line.text;
  }
  return `${before} ${line.text}`;
}

// ---------------------------------------------------------------------------
// Metadata

interface Metadata {
  title?: string;
  /** Footnote markers that were on the title line ("Struggle[2]"). */
  titleMarkers?: number[];
  author?: string;
  year?: number;
  published?: string;
  source?: string;
  licence?: string;
  credits: string[];
}

type MetadataField = "published" | "source" | "licence" | "credits";

const METADATA_LABELS: Array<{ pattern: RegExp; field: MetadataField }> = [
  { pattern: /^(?:first\s+)?published\s*:/i, field: "published" },
  { pattern: /^source\s*:/i, field: "source" },
  { pattern: /^(?:public\s+domain|copyleft|copyright|licen[cs]e)\b[^:]{0,20}:/i, field: "licence" },
  {
    pattern: /^(?:transcription|transcribed|markup|html|proofread|proofed|translated|translation|translator|written|edited|online version)\b[^:]{0,30}:/i,
    field: "credits",
  },
];

function metadataLabel(text: string): { field: MetadataField; value: string } | undefined {
  // A label line is short; a long paragraph that starts "Source:" is prose.
  if (wordCount(text) > 80) return undefined;
  for (const { pattern, field } of METADATA_LABELS) {
    const match = pattern.exec(text);
    if (!match) continue;
    const value = text.slice(match[0].length).trim();
    if (value === "") return undefined;
    // Published and source keep only the value; licence and credits keep the
    // label, which says what kind of licence or credit it is.
    return { field, value: field === "published" || field === "source" ? value : text };
  }
  return undefined;
}

const NAME_PARTICLES = new Set(["and", "de", "van", "von", "der", "den", "la", "le", "du", "da", "di", "y", "&"]);

/** "Kevin Henry", "V. I. Lenin", "Alan Woods and Ted Grant". */
function looksLikePersonName(text: string): boolean {
  const words = text.split(/\s+/).filter(Boolean);
  if (words.length < 1 || words.length > 8) return false;
  const isNameWord = (word: string) => /^\p{Lu}[\p{L}'’.-]*,?$/u.test(word);
  return words.every((word) => isNameWord(word) || NAME_PARTICLES.has(word)) && words.some(isNameWord);
}

function byline(text: string): string | undefined {
  const match = /^by\s+(.+)$/i.exec(text);
  return match?.[1] && looksLikePersonName(match[1]) ? match[1] : undefined;
}

/** An author line of initials and a surname ("V. I. Lenin"), as archives put above the title. */
function isInitialsName(text: string): boolean {
  return /^(?:\p{Lu}\.\s*){1,3}\p{Lu}[\p{L}'’-]+$/u.test(text);
}

/** "The Workers Opposition by Alexandra Kollontai 1921" → title, author, year. */
function splitTitleByline(text: string): { title: string; author: string; year?: number } | undefined {
  const match = /^(.+?),?\s+by\s+(.+?)(?:,?\s+(\d{4}))?$/i.exec(text);
  if (!match?.[1] || !match[2]) return undefined;
  if (!looksLikePersonName(match[2]) || wordCount(match[2]) < 2) return undefined;
  const year = match[3] ? Number(match[3]) : undefined;
  return { title: match[1], author: match[2], year: year && year >= 1000 && year <= 2100 ? year : undefined };
}

const FOOTNOTE_MARKER = /\[(\d{1,3})\]/g;

function stripFootnoteMarkers(text: string): { text: string; markers: number[] } {
  const markers = [...text.matchAll(FOOTNOTE_MARKER)].map((match) => Number(match[1]));
  return { text: text.replace(FOOTNOTE_MARKER, "").replace(/\s{2,}/g, " ").trim(), markers };
}

function looksLikeTitle(text: string): boolean {
  const core = stripFootnoteMarkers(text).text;
  return core !== "" && wordCount(core) <= 20 && core.length <= 200 && !/[.,;:]$/.test(core) && /^[\p{Lu}\p{N}“"‘']/u.test(core);
}

// Image credits copied along with the prose ("Source: X, Public domain, via
// Wikimedia Commons") are not the text's source.
const IMAGE_CREDIT_HINT = /wikimedia|commons|\bvia\b|photo|image|getty|flickr|©|\.(?:com|org|net)\b/i;

function recordMetadata(
  unit: Unit,
  label: { field: MetadataField; value: string },
  inHeader: boolean,
  metadata: Metadata,
  notes: string[],
): void {
  const where = `line ${unit.first}`;
  const addCredit = (credit: string, why: string) => {
    const duplicate = metadata.credits.includes(credit);
    if (!duplicate) metadata.credits.push(credit);
    notes.push(`Credit from ${where}${why}: ${quoteLine(credit)}${duplicate ? " (duplicate, listed once)" : ""}.`);
  };
  switch (label.field) {
    case "source":
      if (inHeader && !metadata.source && !IMAGE_CREDIT_HINT.test(label.value)) {
        metadata.source = label.value;
        notes.push(`Source from ${where}: ${quoteLine(label.value)}.`);
      } else addCredit(unit.text, " (looks like an image credit; move it to `source` if it is the text's source)");
      return;
    case "published":
    case "licence":
      if (metadata[label.field] === undefined) {
        metadata[label.field] = label.value;
        notes.push(`${label.field === "published" ? "Published" : "Licence"} from ${where}: ${quoteLine(label.value)}.`);
      } else addCredit(unit.text, ` (a second ${label.field} line)`);
      return;
    case "credits":
      if (/^written\b/i.test(unit.text)) addCredit(unit.text, " (date of writing; set `year` if wanted)");
      else addCredit(unit.text, "");
  }
}

/**
 * Reads the opening lines (author, title, metadata) until the first line of
 * prose, and returns the index of that line. The first title-like line is the
 * title; a text that opens with prose has none.
 */
function extractHeader(units: Unit[], metadata: Metadata, notes: string[]): number {
  let index = 0;
  for (; index < units.length; index++) {
    const unit = units[index];
    if (!unit) break;
    const label = metadataLabel(unit.text);
    if (label) {
      recordMetadata(unit, label, true, metadata, notes);
      continue;
    }
    const author = byline(unit.text);
    if (author && !metadata.author) {
      metadata.author = author;
      notes.push(`Author from the byline on line ${unit.first}: ${quoteLine(author)}.`);
      continue;
    }
    if (!metadata.title && !metadata.author && isInitialsName(unit.text) && units[index + 1]) {
      metadata.author = unit.text;
      notes.push(`Author from line ${unit.first} (a name above the title): ${quoteLine(unit.text)}; check it.`);
      continue;
    }
    if (!metadata.title && looksLikeTitle(unit.text)) {
      setTitle(unit, metadata, notes);
      continue;
    }
    break;
  }
  return index;
}

function setTitle(unit: Unit, metadata: Metadata, notes: string[]): void {
  const { text, markers } = stripFootnoteMarkers(unit.text);
  metadata.titleMarkers = markers;
  const split = metadata.author ? undefined : splitTitleByline(text);
  if (split) {
    metadata.title = split.title;
    metadata.author = split.author;
    notes.push(`Title from line ${unit.first}: ${quoteLine(split.title)}; author ${quoteLine(split.author)} split off the same line.`);
    if (split.year !== undefined) {
      metadata.year = split.year;
      notes.push(`Year ${split.year} from the title line; check whether it is the year written or published.`);
    }
    return;
  }
  metadata.title = text;
  notes.push(`Title from line ${unit.first}: ${quoteLine(text)}; check it.`);
}

/** Metadata lines after the header (image credits between paragraphs, mostly). */
function extractBodyMetadata(units: Unit[], metadata: Metadata, notes: string[]): Unit[] {
  return units.filter((unit) => {
    const label = metadataLabel(unit.text);
    if (!label) return true;
    recordMetadata(unit, label, false, metadata, notes);
    return false;
  });
}

// ---------------------------------------------------------------------------
// Footnotes

interface NoteEntry {
  number: number;
  text: string;
  /** The whole paragraph as written, marker included. */
  raw: string;
  line: number;
  /** Further paragraphs of the same note (only after a "Notes" heading). */
  more: string[];
}

interface NoteSection {
  heading?: Unit;
  entries: NoteEntry[];
  /** Paragraphs after a "Notes" heading that precede any numbered note. */
  loose: Unit[];
}

const NOTES_HEADING = /^(?:foot|end)?notes:?$/i;
const NUMBERED_NOTE_START = /^(\d{1,3})[.)]\s+(\S.*)$/;

function noteStart(text: string): { number: number; text: string } | undefined {
  const match = NOTE_MARKER_START.exec(text) ?? NUMBERED_NOTE_START.exec(text);
  return match?.[1] && match[2] ? { number: Number(match[1]), text: match[2] } : undefined;
}

/** Markers in running text; a marker opening a paragraph is a note's own number, not a reference. */
function bodyMarkers(units: Unit[]): Map<number, number> {
  const firstLine = new Map<number, number>();
  for (const unit of units)
    for (const match of unit.text.matchAll(FOOTNOTE_MARKER))
      if (match.index !== 0 && !firstLine.has(Number(match[1]))) firstLine.set(Number(match[1]), unit.first);
  return firstLine;
}

/**
 * The notes section: everything after a "Notes"/"Footnotes" heading, or else the
 * trailing run of paragraphs that start with "[n]" or "n." — the latter only
 * when the text has a matching [n] marker, since "1. …" at the end of a text
 * is more often a list.
 */
function splitOffNotes(units: Unit[]): { main: Unit[]; noteSection: NoteSection } {
  const headingIndex = units.findIndex((unit) => NOTES_HEADING.test(unit.text));
  if (headingIndex >= 0) {
    const noteSection: NoteSection = { heading: units[headingIndex], entries: [], loose: [] };
    for (const unit of units.slice(headingIndex + 1)) {
      const start = noteStart(unit.text);
      const previous = noteSection.entries.at(-1);
      if (start) noteSection.entries.push({ ...start, raw: unit.text, line: unit.first, more: [] });
      else if (previous) previous.more.push(unit.text);
      else noteSection.loose.push(unit);
    }
    return { main: units.slice(0, headingIndex), noteSection };
  }
  let start = units.length;
  while (start > 0 && noteStart(units[start - 1]?.text ?? "")) start--;
  const main = units.slice(0, start);
  const entries = units.slice(start).map((unit) => ({ ...noteStart(unit.text)!, raw: unit.text, line: unit.first, more: [] }));
  const markers = bodyMarkers(main);
  if (entries.length === 0 || !entries.some((entry) => markers.has(entry.number)))
    return { main: units, noteSection: { entries: [], loose: [] } };
  return { main, noteSection: { entries, loose: [] } };
}

interface Footnotes {
  /** Numbers with both a marker in the text and a note: these become [^n]. */
  paired: Set<number>;
}

function pairFootnotes(main: Unit[], noteSection: NoteSection, titleMarkers: number[], notes: string[]): Footnotes {
  const markers = bodyMarkers(main);
  const paired = new Set<number>();
  for (const entry of noteSection.entries) {
    const markerLine = markers.get(entry.number);
    if (markerLine !== undefined && !paired.has(entry.number)) {
      paired.add(entry.number);
      notes.push(`Footnote [${entry.number}]: marker on line ${markerLine} paired with the note on line ${entry.line}.`);
    } else if (paired.has(entry.number)) {
      notes.push(`Note [${entry.number}] on line ${entry.line} repeats an earlier number; left as text.`);
    } else if (titleMarkers.includes(entry.number)) {
      notes.push(
        `Note [${entry.number}] on line ${entry.line} belongs to the title, which moved to front matter; left as a plain paragraph at the end.`,
      );
    } else notes.push(`Note [${entry.number}] on line ${entry.line} has no marker in the text; left as text.`);
  }
  for (const [number, line] of markers)
    if (!paired.has(number)) notes.push(`Marker [${number}] on line ${line} has no matching note; left as text.`);
  if (noteSection.heading) {
    const removable = noteSection.loose.length === 0 && noteSection.entries.every((entry) => paired.has(entry.number));
    if (removable)
      notes.push(`Removed the ${quoteLine(noteSection.heading.text)} heading on line ${noteSection.heading.first}: footnotes are listed at the end by the site.`);
  }
  return { paired };
}

function noteBlocks(noteSection: NoteSection, footnotes: Footnotes): Block[] {
  const blocks: Block[] = [];
  const { heading, entries, loose } = noteSection;
  const allPaired = loose.length === 0 && entries.every((entry) => footnotes.paired.has(entry.number));
  if (heading && !allPaired) blocks.push({ kind: "heading", text: heading.text });
  for (const unit of loose) blocks.push({ kind: "paragraph", text: unit.text });
  const used = new Set<number>();
  for (const entry of entries) {
    if (footnotes.paired.has(entry.number) && !used.has(entry.number)) {
      used.add(entry.number);
      blocks.push({ kind: "footnote", number: entry.number, paragraphs: [entry.text, ...entry.more] });
    } else {
      // Unpaired: keep the note as written, marker and all.
      blocks.push({ kind: "paragraph", text: entry.raw });
      for (const more of entry.more) blocks.push({ kind: "paragraph", text: more });
    }
  }
  return blocks;
}

// ---------------------------------------------------------------------------
// Block structure

type Block =
  | { kind: "heading"; text: string }
  | { kind: "paragraph"; text: string }
  | { kind: "quote"; text: string }
  | { kind: "list"; items: Array<{ number: number; text: string }> }
  | { kind: "footnote"; number: number; paragraphs: string[] };

// Headings in the seeds are mostly sentence case ("Lessons forgotten"), so a
// short standalone line without closing punctuation counts even when it is
// not title case; the note says which kind it was.
const MAX_HEADING_WORDS = 14;
const SMALL_WORDS = new Set(["a", "an", "the", "and", "or", "nor", "but", "of", "for", "in", "on", "to", "by", "at", "with", "as", "from", "vs"]);

function isTitleCase(text: string): boolean {
  const words = text.match(/[\p{L}][\p{L}'’-]*/gu) ?? [];
  const significant = words.filter((word, index) => index === 0 || !SMALL_WORDS.has(word.toLowerCase()));
  const capitalised = significant.filter((word) => /^\p{Lu}/u.test(word));
  return significant.length > 0 && capitalised.length / significant.length >= 0.6;
}

/** A second sentence inside the line ("What then? What is its role?") means prose. */
function hasSentenceBreak(text: string): boolean {
  return /[.!?]["”’)]*\s+["“‘(]?\p{Lu}/u.test(text);
}

function looksLikeHeading(text: string): boolean {
  const core = stripFootnoteMarkers(text).text;
  if (core === "" || wordCount(core) > MAX_HEADING_WORDS || core.length > 120) return false;
  if (!/^[\p{Lu}\p{N}“"‘']/u.test(core)) return false; // not "(a) …", "(Black Against Empire, p. 180)"
  if (LIST_ITEM.test(core)) return false;
  const withoutClosingQuotes = core.replace(/["”’']+$/, "");
  if (/[.,;:]$/.test(withoutClosingQuotes)) return false; // a short sentence, not a heading
  return !hasSentenceBreak(core);
}

/** A paragraph that is one quotation and nothing else: “…” or "…", maybe a final period outside. */
function isStandaloneQuote(text: string): boolean {
  const match = /^([“"])(.*)([”"])[.,;:!?]?$/su.exec(text);
  if (!match?.[1] || match[2] === undefined) return false;
  const [open, inner, close] = [match[1], match[2], match[3]];
  const paired = open === "“" ? close === "”" && !/[“”]/.test(inner) : close === '"' && !inner.includes('"');
  // Short quoted lines are left to the heading test ("“Communism or Mutual Aid?”").
  return paired && wordCount(inner) > MAX_HEADING_WORDS;
}

interface ListRun {
  items: Array<{ number: number; text: string }>;
  first: number;
  last: number;
}

/** Consecutive paragraphs "(1) …", "(2) …" (or "1." / "1)") numbered one after another. */
function orderedListRun(units: Unit[], start: number): ListRun | undefined {
  const items: ListRun["items"] = [];
  let style: string | undefined;
  for (let index = start; index < units.length; index++) {
    const match = LIST_ITEM.exec(units[index]?.text ?? "");
    if (!match?.[4]) break;
    const number = Number(match[1] ?? match[2]);
    const itemStyle = match[1] !== undefined ? "()" : match[3];
    if (style !== undefined && (itemStyle !== style || number !== (items.at(-1)?.number ?? 0) + 1)) break;
    style = itemStyle;
    items.push({ number, text: match[4] });
  }
  if (items.length < 2) return undefined;
  return { items, first: units[start]?.first ?? 0, last: units[start + items.length - 1]?.last ?? 0 };
}

/** "(a) …", "(b) …" runs: Markdown has no lettered lists, so they stay paragraphs. */
function letteredRunLength(units: Unit[], start: number): number {
  let length = 0;
  while (units[start + length]?.text.startsWith(`(${String.fromCharCode(97 + length)}) `)) length++;
  return length;
}

function classifyUnits(units: Unit[], notes: string[]): Block[] {
  const blocks: Block[] = [];
  for (let index = 0; index < units.length; ) {
    const run = orderedListRun(units, index);
    if (run) {
      blocks.push({ kind: "list", items: run.items });
      notes.push(`Ordered list made from lines ${run.first}–${run.last}.`);
      index += run.items.length;
      continue;
    }
    const unit = units[index]!;
    const lettered = letteredRunLength(units, index);
    if (lettered >= 2) notes.push(`Lettered items (a)… on lines ${unit.first}–${units[index + lettered - 1]?.last} left as paragraphs.`);
    if (isStandaloneQuote(unit.text)) {
      blocks.push({ kind: "quote", text: unit.text });
      notes.push(`Block quote guessed on line ${unit.first}: ${quoteLine(unit.text, 50)}.`);
    } else if (index < units.length - 1 && looksLikeHeading(unit.text)) {
      // A heading needs something after it to head.
      blocks.push({ kind: "heading", text: unit.text });
      const kind = isTitleCase(unit.text) ? "title-case line" : "short line without closing punctuation";
      notes.push(`Heading guessed on line ${unit.first} (${kind}): ${quoteLine(unit.text)}.`);
    } else blocks.push({ kind: "paragraph", text: unit.text });
    index += 1;
  }
  return blocks;
}

/** "You can buy the booklet here." — the link behind "here" did not survive the copy. */
function noteLostLinks(units: Unit[], notes: string[]): void {
  for (const unit of units)
    if (/\b(?:click|buy|read|download|available|find|see|order|sign up)\b[^.!?]{0,80}\bhere\b/i.test(unit.text))
      notes.push(`Line ${unit.first} refers to a link ("here") that the plain text lost; add the link or reword.`);
}

/** "as your source.README": the label of a link, run into the sentence before it. */
function noteGluedLinkText(units: Unit[], notes: string[]): void {
  for (const unit of units)
    for (const match of unit.text.matchAll(/\S*\p{Ll}[.,;:]\p{Lu}{2,}\b\S*/gu))
      notes.push(`Line ${unit.first}: ${quoteLine(match[0])} looks like a link label run into the text; remove it if so.`);
}

// ---------------------------------------------------------------------------
// Rendering

/**
 * Backslash-escapes what Markdown would otherwise read as syntax, so that plain
 * prose renders exactly as written. Footnote markers are handled by the caller.
 */
function escapeInline(text: string): string {
  return text
    .replace(/[\\`*_[<~]/g, (character) => `\\${character}`)
    .replace(/&(?=#?\w+;)/g, "\\&"); // "&amp;" would render as "&"
}

/** Escapes what would start a block at the beginning of a line: "# ", "> ", "1. ", "- ". */
function escapeLineStart(text: string): string {
  if (/^[#>+=-]/.test(text)) return `\\${text}`;
  return text.replace(/^(\d{1,9})([.)])(?=\s|$)/, "$1\\$2");
}

function renderInline(text: string, paired: Set<number>): string {
  let out = "";
  let last = 0;
  for (const match of text.matchAll(FOOTNOTE_MARKER)) {
    const number = Number(match[1]);
    out += escapeInline(text.slice(last, match.index));
    out += paired.has(number) && match.index !== 0 ? `[^${number}]` : `\\[${number}]`;
    last = match.index + match[0].length;
  }
  return escapeLineStart(out + escapeInline(text.slice(last)));
}

function renderBlocks(blocks: Block[], paired: Set<number>): string {
  const rendered = blocks.map((block) => {
    switch (block.kind) {
      case "heading":
        // A trailing "#" would be read as the heading's closing sequence.
        return `## ${renderInline(block.text, paired).replace(/(?<!\\)#/g, "\\#")}`;
      case "paragraph":
        return renderInline(block.text, paired);
      case "quote":
        return `> ${renderInline(block.text, paired)}`;
      case "list":
        return block.items.map((item) => `${item.number}. ${renderInline(item.text, paired)}`).join("\n");
      case "footnote": {
        const [first = "", ...more] = block.paragraphs.map((paragraph) => renderInline(paragraph, paired));
        return [`[^${block.number}]: ${first}`, ...more.map((paragraph) => `    ${paragraph}`)].join("\n\n");
      }
    }
  });
  return `${rendered.join("\n\n")}\n`;
}

// ---------------------------------------------------------------------------
// Front matter and slug

const MAX_SLUG = 60;

/** Kebab case, ASCII only, cut at a word boundary at most ~60 characters. */
export function slugify(text: string, max = MAX_SLUG): string {
  const slug = text
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/['’]/g, "")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
  if (slug.length <= max) return slug || "untitled";
  const cut = slug.slice(0, max + 1);
  const boundary = cut.lastIndexOf("-");
  return (boundary > max / 2 ? cut.slice(0, boundary) : slug.slice(0, max)).replace(/-+$/, "");
}

function baseName(fileName: string): string {
  return (fileName.split(/[\\/]/).pop() ?? fileName).replace(/\.[^.]*$/, "");
}

/** "01_mutual-aid-and-the-revolutionary-party.txt" → "Mutual Aid and the Revolutionary Party". */
function titleFromFileName(fileName: string): string {
  const words = baseName(fileName).split(/[\s_-]+/).filter(Boolean);
  // A leading sequence number only orders the files.
  if (words.length > 1 && /^\d+$/.test(words[0]!)) words.shift();
  return words
    .map((word, index) => (/^[a-z]+$/.test(word) && (index === 0 || !SMALL_WORDS.has(word)) ? word[0]!.toUpperCase() + word.slice(1) : word))
    .join(" ");
}

function buildFrontMatter(metadata: Metadata, fileName: string | undefined, notes: string[]): FrontMatter {
  let title = metadata.title;
  let titleEditorial = false;
  if (!title) {
    titleEditorial = true;
    title = (fileName && titleFromFileName(fileName)) || "Untitled";
    notes.push(`No title found in the text; used ${quoteLine(title)} from the file name (titleEditorial: true). Replace it.`);
  }
  const originalBase = fileName ? slugify(baseName(fileName), 100) : slugify(title);
  if (!fileName) notes.push(`No file name given; original set to "${originalBase}.txt".`);

  // No-break spaces would be written as YAML escapes ("Volume\_11").
  const plain = (value: string) => value.replace(/\s+/g, " ").trim();
  // Key order here is the order in the written file.
  const data: Record<string, unknown> = { title: plain(title) };
  if (titleEditorial) data.titleEditorial = true;
  if (metadata.author) data.author = plain(metadata.author);
  if (metadata.year !== undefined) data.year = metadata.year;
  if (metadata.published) data.published = plain(metadata.published);
  if (metadata.source) data.source = plain(metadata.source);
  if (metadata.licence) data.licence = plain(metadata.licence);
  if (metadata.credits.length > 0) data.credits = metadata.credits.map(plain);
  data.original = `${originalBase}.txt`;
  // Throws on a bug here rather than writing a draft the site would reject.
  frontMatterSchema.parse(data);
  return data as FrontMatter;
}
