import { z } from "zod";
import type { TextPosition, TextQuote } from "@/lib/anchoring/types";
import { bodySchema, HIGHLIGHT_COLORS, MAX_QUOTE_LENGTH } from "@/lib/annotations/schemas";
import { bodyTags, isTag, MAX_FIELD_TAGS, normaliseTag } from "@/lib/annotations/tags";
import { MAX_TITLE_LENGTH } from "@/lib/discussion/schemas";
import { hasControlCharacters } from "@/lib/auth/schemas";

// Reading an import file (docs/import.md) into plain notes, before anything touches the
// database: Study Circle's own W3C Web Annotation JSON-LD (lib/annotations/jsonld.ts) or a
// Hypothesis API export. The file as a whole must be one of the two shapes, or it is
// refused; within it, each annotation is checked alone, and one that cannot be imported
// is reported with the reason rather than failing the rest.

/** Notes (and replies) one file may hold. */
export const MAX_IMPORT_NOTES = 2000;
/** Pages of an AnnotationCollection followed within the file. */
const MAX_PAGES = 100;

export type ImportSource = "study-circle" | "hypothesis";

export type ImportNote = {
  /** The annotation's id in the file (matched against replies' parents), or its position. */
  ref: string;
  /** For a reply: the ref of what it answers. */
  parentRef: string | null;
  kind: "highlight" | "comment" | "question" | "reply";
  target: "passage" | "text";
  /** The text the file says the note is on (Study Circle exports), by slug. */
  textSlug: string | null;
  /** For a note on words: the quote it was made on. */
  quote: TextQuote | null;
  /** Where the file says the words were, in this app's blocks: a hint only. */
  hint: TextPosition | null;
  body: string;
  fieldTags: string[];
  title: string | null;
  color: string | null;
  visibility: "group" | "private";
  /** A deleted note the file keeps for its replies. */
  deleted: boolean;
  authorName: string | null;
  createdAt: Date | null;
};

export type Refusal = { reason: string; note?: string };

export type ParsedImport = { source: ImportSource; notes: ImportNote[]; refused: Refusal[] };

/** The whole file is not something this app can import: the message says why. */
export class ImportFileError extends Error {
  constructor(
    message: string,
    readonly tooLarge = false,
  ) {
    super(message);
    this.name = "ImportFileError";
  }
}

const NOT_AN_EXPORT =
  "That file is not a Study Circle export (W3C Web Annotations: an AnnotationCollection, an AnnotationPage or a list of Annotations) nor a Hypothesis export (a list of annotations, or {rows: […]}).";

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);
const asArray = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined || v === null ? [] : [v]);
const str = (v: unknown, max = 2000): string | null => (typeof v === "string" && v.length <= max ? v : null);

/** A short way to name a note in the report: the start of its words or quote. */
function describeNote(note: { body?: string | null; exact?: string | null; ref?: string }): string | undefined {
  const words = (note.body?.trim() || note.exact?.trim() || "").replace(/\s+/g, " ");
  if (words) return words.length > 60 ? `${words.slice(0, 57)}…` : words;
  return undefined;
}

const dateOf = (v: unknown): Date | null => {
  const s = str(v, 64);
  if (!s) return null;
  const d = new Date(s);
  return Number.isNaN(d.getTime()) ? null : d;
};

/** Author names are shown as attribution: one line, of a sensible length. */
const nameOf = (v: unknown): string | null => {
  const s = str(v, 1000)?.replace(/\s+/g, " ").trim();
  if (!s || hasControlCharacters(s)) return null;
  return s.slice(0, 120);
};

/** Tags from another tool ("Political Economy") made into this app's tags (political-economy); ones that cannot be are left out. */
export function importTags(tags: unknown[], already: readonly string[] = []): string[] {
  const out = new Set<string>();
  for (const tag of tags) {
    if (typeof tag !== "string" || tag.length > 200) continue;
    const t = normaliseTag(tag).replace(/\s+/g, "-");
    if (isTag(t) && !already.includes(t)) out.add(t);
    if (out.size >= MAX_FIELD_TAGS) break;
  }
  return [...out];
}

const quoteSchema = z.object({
  exact: z.string().min(1).max(MAX_QUOTE_LENGTH),
  prefix: z.string().max(MAX_QUOTE_LENGTH).optional(),
  suffix: z.string().max(MAX_QUOTE_LENGTH).optional(),
});

function quoteOf(selector: Json): TextQuote | null {
  const parsed = quoteSchema.safeParse(selector);
  if (!parsed.success || !/\S/u.test(parsed.data.exact)) return null;
  // Context beyond what anchoring compares is of no use.
  return { exact: parsed.data.exact, prefix: (parsed.data.prefix ?? "").slice(-64), suffix: (parsed.data.suffix ?? "").slice(0, 64) };
}

/** The body's text: checked like a note written here (length, no control characters). */
function bodyOf(value: string): { ok: true; body: string } | { ok: false; reason: string } {
  const parsed = bodySchema.safeParse(value);
  if (!parsed.success) return { ok: false, reason: parsed.error.issues[0]?.message ?? "Its text could not be read." };
  return { ok: true, body: parsed.data };
}

// ── The file as a whole ─────────────────────────────────────────────────────────────

/** Which kind of export a parsed JSON value is, and its annotations (not yet checked one by one). */
export function parseImport(data: unknown): ParsedImport {
  if (Array.isArray(data)) {
    if (data.length === 0) throw new ImportFileError("That file holds no notes.");
    if (data.every(isObject) && data.some(looksHypothesis)) return fromHypothesis(data);
    if (data.every(isObject) && data.some((a) => a.type === "Annotation")) return fromWebAnnotations(data, []);
    throw new ImportFileError(NOT_AN_EXPORT);
  }
  if (!isObject(data)) throw new ImportFileError(NOT_AN_EXPORT);
  if (Array.isArray(data.rows) && (data.rows.length === 0 || data.rows.every(isObject))) {
    if (data.rows.length === 0) throw new ImportFileError("That file holds no notes.");
    return fromHypothesis(data.rows as Json[]);
  }
  const refused: Refusal[] = [];
  const items: unknown[] = [];
  const types = asArray(data.type);
  if (types.includes("AnnotationCollection")) {
    if (typeof data.first === "string")
      throw new ImportFileError("That file only links to its notes (its first page is at another address): export the notes themselves.");
    if (!isObject(data.first)) throw new ImportFileError("That AnnotationCollection has no first page of notes.");
    collectPages(data.first, items, refused);
  } else if (types.includes("AnnotationPage")) {
    collectPages(data, items, refused);
  } else if (types.includes("Annotation")) {
    items.push(data);
  } else throw new ImportFileError(NOT_AN_EXPORT);
  if (items.length === 0 && refused.length === 0) throw new ImportFileError("That file holds no notes.");
  if (!items.every(isObject)) throw new ImportFileError("Every item of an AnnotationPage must be an Annotation (an object).");
  return fromWebAnnotations(items as Json[], refused);
}

/** An AnnotationPage's items and those of the pages after it that the file holds. */
function collectPages(page: Json, items: unknown[], refused: Refusal[]) {
  let current: unknown = page;
  for (let n = 0; current !== undefined && current !== null; n++) {
    if (typeof current === "string") {
      refused.push({ reason: `The file links to a further page of notes (${current.slice(0, 200)}) without holding it: only the notes in the file are imported.` });
      return;
    }
    if (!isObject(current) || !asArray(current.type).includes("AnnotationPage") || !Array.isArray(current.items))
      throw new ImportFileError("An AnnotationPage in that file has no list of items.");
    if (n >= MAX_PAGES) throw new ImportFileError(`That file has more than ${MAX_PAGES} pages of notes.`);
    items.push(...current.items);
    if (items.length > MAX_IMPORT_NOTES) throw tooMany(items.length);
    current = current.next;
  }
}

const tooMany = (n: number) =>
  new ImportFileError(`That file holds ${n.toLocaleString("en")} notes or more: import at most ${MAX_IMPORT_NOTES.toLocaleString("en")} at a time.`, true);

const looksHypothesis = (a: Json) => typeof a.user === "string" && (Array.isArray(a.target) || typeof a.uri === "string") && a.type !== "Annotation";

// ── Study Circle's JSON-LD ──────────────────────────────────────────────────────────

const MOTIVATIONS = { highlighting: "highlight", commenting: "comment", questioning: "question", replying: "reply" } as const;

/** An annotation's key for matching replies: the note id at the end of its IRI, else the IRI. */
export function refKey(iri: string): string {
  const m = /\/annotations\/([0-9a-f-]{36})(?:[/?#].*)?$/i.exec(iri);
  return m ? m[1]!.toLowerCase() : iri;
}

const TEXT_IRI = /\/texts\/([^/?#]{1,120})\/?$/;
const slugOfSource = (source: unknown): string | null => {
  const s = str(source);
  const m = s ? TEXT_IRI.exec(s) : null;
  if (!m) return null;
  try {
    return decodeURIComponent(m[1]!);
  } catch {
    return null;
  }
};

function fromWebAnnotations(items: Json[], refused: Refusal[]): ParsedImport {
  if (items.length > MAX_IMPORT_NOTES) throw tooMany(items.length);
  const notes: ImportNote[] = [];
  items.forEach((item, i) => {
    const result = webAnnotation(item, i);
    if ("reason" in result) refused.push(result);
    else notes.push(result);
  });
  return { source: "study-circle", notes, refused };
}

function webAnnotation(a: Json, index: number): ImportNote | Refusal {
  const id = str(a.id);
  const ref = id ? refKey(id) : `#${index + 1}`;
  const motivation = asArray(a.motivation).find((m): m is keyof typeof MOTIVATIONS => typeof m === "string" && m in MOTIVATIONS);
  const bodies = asArray(a.body).filter(isObject);
  const tagging = bodies.filter((b) => asArray(b.purpose).includes("tagging"));
  const textual = bodies.find((b) => !asArray(b.purpose).includes("tagging") && typeof b.value === "string");
  const rawBody = typeof textual?.value === "string" ? textual.value : typeof a.bodyValue === "string" ? a.bodyValue : "";
  const deleted = a["sc:deleted"] === true;
  const title = str(a["dc:title"], 10_000);
  const target = a.target;
  const shown = describeNote({ body: rawBody.slice(0, 200) });
  if (!motivation) return { reason: "Its motivation is not highlighting, commenting, questioning or replying.", note: shown };
  const kind = MOTIVATIONS[motivation];
  const body = bodyOf(rawBody);
  if (!body.ok) return { reason: body.reason, note: shown };
  if (kind !== "highlight" && !deleted && !body.body.trim()) return { reason: "It has no text.", note: shown };
  const creator = isObject(a.creator) ? a.creator.name : a.creator;
  const common = {
    ref,
    body: deleted ? "" : body.body,
    // An export lists every tag, #tags in the words too: those stay in the words.
    fieldTags: importTags(tagging.map((b) => b.value), bodyTags(body.body)),
    // Only its writer could read it: it stays private (docs/import.md).
    visibility: (isObject(a.audience) && a.audience.type === "Person" ? "private" : "group") as "group" | "private",
    deleted,
    authorName: deleted ? null : nameOf(creator),
    createdAt: dateOf(a.created),
  };

  if (kind === "reply") {
    const parent = typeof target === "string" ? target : isObject(target) ? str(target.id ?? target.source) : null;
    if (!parent) return { reason: "It is a reply that does not say what it answers.", note: shown };
    return { ...common, kind, parentRef: refKey(parent), target: "passage", textSlug: null, quote: null, hint: null, title: null, color: null, fieldTags: [] };
  }
  if (typeof target === "string") {
    const slug = slugOfSource(target);
    if (!slug) return { reason: "Its target is neither words of a text nor a text as a whole.", note: shown };
    const written = title?.replace(/\s+/g, " ").trim() || body.body.split("\n")[0]!.trim();
    const heading = written && !hasControlCharacters(written) ? written : "Imported discussion";
    return {
      ...common,
      kind: kind === "highlight" ? "comment" : kind,
      parentRef: null,
      target: "text",
      textSlug: slug,
      quote: null,
      hint: null,
      title: heading.length > MAX_TITLE_LENGTH ? `${heading.slice(0, MAX_TITLE_LENGTH - 1)}…` : heading,
      color: null,
    };
  }
  if (!isObject(target)) return { reason: "It has no target.", note: shown };
  const selectors = asArray(target.selector).filter(isObject);
  const quoteSelector = selectors.find((s) => s.type === "TextQuoteSelector");
  const quote = quoteSelector ? quoteOf(quoteSelector) : null;
  if (!quote) return { reason: "It names no quoted words (a TextQuoteSelector) to place it on.", note: shown };
  const styled = str(target.styleClass, 100)?.replace(/^highlight-/, "") ?? null;
  return {
    ...common,
    kind,
    parentRef: null,
    target: "passage",
    textSlug: slugOfSource(target.source),
    quote,
    hint: hintOf(selectors),
    title: null,
    color: kind === "highlight" ? (HIGHLIGHT_COLORS as readonly string[]).includes(styled ?? "") ? styled : "yellow" : null,
  };
}

const blockIdSchema = z.string().min(1).max(80).regex(/^[a-z0-9-]+$/);
const offsetSchema = z.number().int().min(0).max(10_000_000);
const endSchema = z.object({ value: blockIdSchema, refinedBy: z.object({ start: offsetSchema }) });

/** A RangeSelector of block fragments refined by offsets (as this app exports them): where the words were. */
function hintOf(selectors: Json[]): TextPosition | null {
  const range = selectors.find((s) => s.type === "RangeSelector");
  if (!range) return null;
  const start = endSchema.safeParse(range.startSelector);
  const end = endSchema.safeParse(range.endSelector);
  if (!start.success || !end.success) return null;
  return { startBlockId: start.data.value, startOffset: start.data.refinedBy.start, endBlockId: end.data.value, endOffset: end.data.refinedBy.start };
}

// ── Hypothesis ──────────────────────────────────────────────────────────────────────

function fromHypothesis(rows: Json[]): ParsedImport {
  if (rows.length > MAX_IMPORT_NOTES) throw tooMany(rows.length);
  const notes: ImportNote[] = [];
  const refused: Refusal[] = [];
  rows.forEach((row, i) => {
    const result = hypothesisAnnotation(row, i);
    if ("reason" in result) refused.push(result);
    else notes.push(result);
  });
  return { source: "hypothesis", notes, refused };
}

/** "acct:ana@hypothes.is" → "ana". */
const accountName = (user: unknown) => {
  const s = str(user, 300);
  const m = s ? /^acct:([^@]+)@/.exec(s) : null;
  return m ? m[1]! : s;
};

function hypothesisAnnotation(a: Json, index: number): ImportNote | Refusal {
  const id = str(a.id, 200);
  const ref = id ?? `#${index + 1}`;
  const rawText = typeof a.text === "string" ? a.text : "";
  const shown = describeNote({ body: rawText.slice(0, 200) });
  const body = bodyOf(rawText);
  if (!body.ok) return { reason: body.reason, note: shown };
  const references = asArray(a.references).filter((r): r is string => typeof r === "string");
  const read = asArray(isObject(a.permissions) ? a.permissions.read : undefined).filter((r): r is string => typeof r === "string");
  const common = {
    ref,
    body: body.body,
    // "Only me" in Hypothesis: read by the user's own account, no group.
    visibility: (read.length > 0 && read.every((r) => r.startsWith("acct:")) ? "private" : "group") as "group" | "private",
    deleted: false,
    authorName: nameOf(isObject(a.user_info) ? a.user_info.display_name : null) ?? nameOf(accountName(a.user)),
    createdAt: dateOf(a.created),
    textSlug: null,
    hint: null,
    title: null,
  };
  if (references.length > 0) {
    if (!body.body.trim()) return { reason: "It is a reply with no text.", note: shown };
    return { ...common, kind: "reply", parentRef: references.at(-1)!, target: "passage", quote: null, fieldTags: [], color: null };
  }
  const selectors = asArray(a.target).filter(isObject).flatMap((t) => asArray(t.selector).filter(isObject));
  const quoteSelector = selectors.find((s) => s.type === "TextQuoteSelector");
  if (!quoteSelector) return { reason: "It quotes no words of the text (a page note, or no selector), so there is nothing to place it on.", note: shown };
  const quote = quoteOf(quoteSelector);
  if (!quote) return { reason: "Its quoted words could not be read.", note: shown };
  const fieldTags = importTags(asArray(a.tags));
  const kind = body.body.trim() || fieldTags.length ? "comment" : "highlight";
  return { ...common, kind, parentRef: null, target: "passage", quote, fieldTags, color: kind === "highlight" ? "yellow" : null };
}
