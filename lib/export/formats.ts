import { contextWithExtras, toWebAnnotation, type SerializableNote } from "@/lib/annotations/jsonld";
import type { AnnotationKind } from "@/lib/annotations/view";

// The three export formats, written one row at a time (lib/export/export.ts reads the rows
// in reading order and streams what these return). Plain functions of their input: no
// database, no server-only imports, so they are unit-tested directly.

export const EXPORT_FORMATS = ["jsonld", "markdown", "csv"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** A note or reply as the export reads it, with its thread's passage for context. */
export type ExportRow = {
  id: string;
  parentId: string | null;
  threadId: string;
  groupId: string;
  groupName: string;
  textSlug: string;
  textTitle: string;
  kind: AnnotationKind;
  body: string;
  visibility: "group" | "private";
  hidden: boolean;
  authorName: string;
  createdAt: string;
  editedAt: string | null;
  startBlockId: string | null;
  startOffset: number | null;
  endBlockId: string | null;
  endOffset: number | null;
  exact: string;
  prefix: string;
  suffix: string;
  target: "passage" | "text";
  title: string | null;
  color: string | null;
  tags: string[];
  /** The thread's first note's quote, target and paragraph (the row's own, for a first note). */
  threadQuote: string;
  threadTarget: "passage" | "text";
  threadBlockId: string | null;
};

export type ExportMeta = {
  format: ExportFormat;
  origin: string;
  /** The export's own address (its JSON-LD id). */
  iri: string;
  title: string;
  groupName: string | null;
  textTitle: string | null;
  /** Rows from several groups (one's own notes everywhere): the digest heads each group. */
  acrossGroups: boolean;
  /** JSON-LD only: one page of PAGE_SIZE annotations (1-based) instead of the whole collection. */
  page?: number;
};

/** Annotations in a page of a paged JSON-LD export (`page=`). */
export const PAGE_SIZE = 1000;

/** `end(more)`: for a page, whether another page follows. */
export type Writer = { start(): string; item(row: ExportRow): string; end(more?: boolean): string };

export const MIME: Record<ExportFormat, string> = {
  jsonld: 'application/ld+json; profile="http://www.w3.org/ns/anno.jsonld"; charset=utf-8',
  markdown: "text/markdown; charset=utf-8",
  csv: "text/csv; charset=utf-8; header=present",
};
export const EXTENSION: Record<ExportFormat, string> = { jsonld: "jsonld", markdown: "md", csv: "csv" };

export function formatWriter(meta: ExportMeta): Writer {
  if (meta.format === "jsonld") return meta.page ? jsonLdPageWriter(meta, meta.page) : jsonLdWriter(meta);
  if (meta.format === "markdown") return markdownWriter(meta);
  return csvWriter();
}

// ── JSON-LD ──────────────────────────────────────────────────────────────────────

/** The row as the serializer's note (a reply's parent is its target). */
export function noteOf(row: ExportRow): SerializableNote {
  const placed = row.startBlockId !== null && row.endBlockId !== null && row.startOffset !== null && row.endOffset !== null;
  return {
    id: row.id,
    kind: row.kind,
    color: row.color,
    body: row.body,
    visibility: row.visibility,
    author: { id: "", name: row.authorName },
    createdAt: row.createdAt,
    editedAt: row.editedAt,
    position: placed ? { startBlockId: row.startBlockId!, startOffset: row.startOffset!, endBlockId: row.endBlockId!, endOffset: row.endOffset! } : null,
    quote: { exact: row.exact, prefix: row.prefix, suffix: row.suffix },
    target: row.target,
    title: row.title,
    parentId: row.parentId,
    deleted: false,
    tags: row.tags,
  };
}

/**
 * One AnnotationCollection whose first (and only) AnnotationPage embeds every item, written
 * as the rows arrive; `total` comes last, once counted (JSON keys have no order). The model
 * makes a page's `next` an IRI to fetch (5.2), so pages cannot nest in one document, while
 * a page may hold any number of items: a downloaded file is complete without links back to
 * a server that needs a session to follow them.
 */
function jsonLdWriter(meta: ExportMeta): Writer {
  let count = 0;
  return {
    start: () =>
      `{"@context":${JSON.stringify(contextWithExtras(meta.origin))},"id":${JSON.stringify(meta.iri)},"type":"AnnotationCollection","label":${JSON.stringify(meta.title)},` +
      `"first":{"id":${JSON.stringify(`${meta.iri}#page-1`)},"type":"AnnotationPage","startIndex":0,"items":[\n`,
    item(row) {
      const json = JSON.stringify(toWebAnnotation(noteOf(row), { origin: meta.origin, groupId: row.groupId, textSlug: row.textSlug }, false));
      return (count++ ? ",\n" : "") + json;
    },
    end: () => `\n]},"total":${count}}\n`,
  };
}

/** `iri` with `page=n` set. */
export function pageIri(iri: string, n: number): string {
  const url = new URL(iri);
  url.searchParams.set("page", String(n));
  return url.href;
}

/**
 * One page of the collection (`page=n`): an AnnotationPage that is `partOf` the collection,
 * with its `startIndex`, and `next` / `prev` links to the pages beside it.
 */
function jsonLdPageWriter(meta: ExportMeta, n: number): Writer {
  let count = 0;
  return {
    start: () =>
      `{"@context":${JSON.stringify(contextWithExtras(meta.origin))},"id":${JSON.stringify(pageIri(meta.iri, n))},"type":"AnnotationPage",` +
      `"partOf":{"id":${JSON.stringify(meta.iri)},"type":"AnnotationCollection","label":${JSON.stringify(meta.title)}},"startIndex":${(n - 1) * PAGE_SIZE},"items":[\n`,
    item(row) {
      const json = JSON.stringify(toWebAnnotation(noteOf(row), { origin: meta.origin, groupId: row.groupId, textSlug: row.textSlug }, false));
      return (count++ ? ",\n" : "") + json;
    },
    end: (more) =>
      `\n]${more ? `,"next":${JSON.stringify(pageIri(meta.iri, n + 1))}` : ""}${n > 1 ? `,"prev":${JSON.stringify(pageIri(meta.iri, n - 1))}` : ""}}\n`,
  };
}

// ── Markdown ─────────────────────────────────────────────────────────────────────

const KIND_LABEL: Record<AnnotationKind, string> = { highlight: "highlight", comment: "comment", question: "question", reply: "reply" };

const day = (iso: string) => iso.slice(0, 10);
/** Text put on one line (headings, list items' first lines). */
const oneLine = (s: string) => s.replace(/\s+/g, " ").trim();
const indent = (text: string, by: string) =>
  text
    .split("\n")
    .map((line) => (line ? by + line : by.trimEnd()))
    .join("\n");

function markdownWriter(meta: ExportMeta): Writer {
  let group: string | null = null;
  let text: string | null = null;
  let passage: string | null = null;
  let thread: string | null = null;
  /** Depth of each item of the current thread (its replies nest under what they answer). */
  let depths = new Map<string, number>();
  let count = 0;
  const textLevel = meta.acrossGroups ? "###" : "##";
  return {
    start: () => `# ${oneLine(meta.title)}\n\nExported from Study Circle on ${day(new Date().toISOString())}.\n`,
    item(row) {
      count++;
      let out = "";
      if (meta.acrossGroups && row.groupId !== group) {
        group = row.groupId;
        text = null;
        out += `\n## ${oneLine(row.groupName)}\n`;
      }
      if (`${row.groupId}/${row.textSlug}` !== text) {
        text = `${row.groupId}/${row.textSlug}`;
        passage = null;
        out += `\n${textLevel} ${oneLine(row.textTitle)}\n`;
      }
      if (row.threadId !== thread) {
        thread = row.threadId;
        depths = new Map();
        const where = row.threadTarget === "text" ? "text" : `${row.threadBlockId ?? "unplaced"}\u0000${row.threadQuote}`;
        if (where !== passage) {
          passage = where;
          out +=
            row.threadTarget === "text"
              ? `\n**On the text as a whole**\n`
              : `\n${indent(row.threadQuote.trim() || "…", "> ")}\n${row.threadBlockId ? "" : "\n_(This passage is no longer in the text.)_\n"}`;
        }
      }
      const depth = row.parentId ? (depths.get(row.parentId) ?? 0) + 1 : 0;
      depths.set(row.id, depth);
      const pad = "  ".repeat(depth);
      const tags = row.tags.length ? ` · ${row.tags.map((t) => `#${t}`).join(" ")}` : "";
      const flags = [row.visibility === "private" ? "private" : null, row.hidden ? "hidden" : null, row.editedAt ? `edited ${day(row.editedAt)}` : null].filter(Boolean);
      out += `\n${pad}- **${oneLine(row.authorName) || "Someone"}** · ${day(row.createdAt)} · ${KIND_LABEL[row.kind]}${tags}${flags.length ? ` · _${flags.join(", ")}_` : ""}\n`;
      const words = [row.title ? `**${oneLine(row.title)}**` : null, row.body.trim() || null].filter(Boolean).join("\n\n");
      if (words) out += `\n${indent(words, `${pad}  `)}\n`;
      return out;
    },
    end: () => (count ? `\n---\n\n${count} ${count === 1 ? "note" : "notes and replies"}.\n` : `\nNo notes to export.\n`),
  };
}

// ── CSV ──────────────────────────────────────────────────────────────────────────

export const CSV_COLUMNS = ["id", "parent_id", "thread_id", "text", "paragraph", "quote", "kind", "body", "tags", "author", "created", "modified", "visibility"] as const;

/**
 * One CSV field (RFC 4180): quoted when it holds a quote, comma or line break, quotes
 * doubled. A cell a spreadsheet would run as a formula (starting = + - @, or a tab or
 * carriage return that some read past) gets a leading apostrophe first.
 */
export function csvField(value: string | null | undefined): string {
  let s = value ?? "";
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

export const csvLine = (cells: (string | null | undefined)[]) => `${cells.map(csvField).join(",")}\r\n`;

function csvWriter(): Writer {
  return {
    start: () => csvLine([...CSV_COLUMNS]),
    item: (row) =>
      csvLine([
        row.id,
        row.parentId,
        row.threadId,
        row.textSlug,
        row.threadBlockId,
        row.threadQuote,
        row.kind,
        row.title ? `${row.title}\n\n${row.body}` : row.body,
        row.tags.join(" "),
        row.authorName,
        row.createdAt,
        row.editedAt,
        row.hidden ? "hidden" : row.visibility,
      ]),
    end: () => "",
  };
}
