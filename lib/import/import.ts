import "server-only";
import { randomUUID } from "node:crypto";
import { db, sqlQuery } from "@/lib/db";
import { AppError, notFound } from "@/lib/errors";
import { Prisma } from "@/lib/generated/prisma/client";
import { asFacilitator, checkId } from "@/lib/groups/groups";
import { readableInSql } from "@/lib/library/scope";
import { reanchorAll } from "@/lib/anchoring/reanchor";
import type { Selector } from "@/lib/anchoring/types";
import { versionBlocks } from "@/lib/annotations/version-blocks";
import { recordEvent } from "@/lib/realtime/events";
import { ImportFileError, parseImport, type ImportNote, type ImportSource, type Refusal } from "./parse";

// Importing a file of notes into a group (docs/import.md): facilitators only; every note
// is placed on the group's current version of one text by the anchoring engine (its quote,
// with the file's block and offsets as a hint), or kept for the orphan review ("Unplaced
// notes") when its words are not found; replies are rebuilt into their threads. One
// transaction: the import lands whole or changes nothing.

export { MAX_IMPORT_BYTES } from "./limits";

export type ImportReport = {
  source: ImportSource;
  text: { slug: string; title: string };
  /** Notes placed on their words, and discussions of the text as a whole. */
  placed: number;
  /** Notes kept with their quote for the orphan review: their words were not found. */
  orphaned: number;
  /** Replies rebuilt into the threads of imported notes. */
  replies: number;
  refused: Refusal[];
};

/** The group as its facilitator sees it; anyone else gets the group's 404 (facilitator-only, like adding texts). */
async function facilitatedGroup(userId: string, groupId: string) {
  const group = await db.group.findFirst({ where: { id: checkId(groupId), ...asFacilitator(userId) }, select: { id: true } });
  if (!group) throw notFound("That group");
  return group;
}

/** Checked before the file is read: nothing is read for someone who may not import here. */
export const assertMayImport = facilitatedGroup;

/** The file's bytes as JSON, or a 400 that says so. */
export function readImportJson(bytes: Uint8Array): unknown {
  if (bytes.byteLength === 0) throw new AppError("BAD_REQUEST", "That file is empty.", { fieldErrors: { file: ["That file is empty."] } });
  try {
    return JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes).replace(/^\uFEFF/, ""));
  } catch {
    const message = "That file is not JSON: choose a Study Circle export (.jsonld / .json) or a Hypothesis export (.json).";
    throw new AppError("BAD_REQUEST", message, { fieldErrors: { file: [message] } });
  }
}

type Planned = ImportNote & { id: string; threadId: string | null; parentId: string | null; selector: Selector | null; orphan: boolean; depth: number };

/**
 * Imports the notes of a parsed file into a group, on the text `textSlug` (required for a
 * Hypothesis export, whose notes name no text of this app's; otherwise the text the file names).
 */
export async function importNotes(userId: string, groupId: string, data: unknown, textSlug: string | null): Promise<ImportReport> {
  const group = await facilitatedGroup(userId, groupId);
  let parsed;
  try {
    parsed = parseImport(data);
  } catch (error) {
    if (error instanceof ImportFileError)
      throw new AppError(error.tooLarge ? "TOO_LARGE" : "BAD_REQUEST", error.message, { fieldErrors: { file: [error.message] } });
    throw error;
  }
  const refused: Refusal[] = [...parsed.refused];

  // Which text: the one asked for, else the one the file's notes name.
  let slug = textSlug;
  const named = [...new Set(parsed.notes.map((n) => n.textSlug).filter((s): s is string => s !== null))];
  if (slug && named.length > 1) {
    // A file with notes on several texts: those on the chosen one (by its slug in the file), the others left for their own import.
    if (!named.includes(slug))
      throw new AppError("BAD_REQUEST", `That file has notes on ${named.length} texts, none of them this one: choose one of the texts it names.`, {
        fieldErrors: { text: ["Choose one of the texts the file names."] },
      });
    parsed.notes = parsed.notes.filter((n) => {
      if (n.textSlug === null || n.textSlug === slug) return true;
      refused.push({ reason: `It is on another text (${n.textSlug}): import the file again choosing that text.`, note: brief(n) });
      return false;
    });
  }
  if (!slug) {
    if (parsed.source === "hypothesis")
      throw new AppError("BAD_REQUEST", "Say which text these Hypothesis notes are on: a Hypothesis export names a web page, not a text of this group.", {
        fieldErrors: { text: ["Choose the text these notes are on."] },
      });
    if (named.length > 1)
      throw new AppError("BAD_REQUEST", `That file has notes on ${named.length} texts: import it one text at a time, choosing the text.`, {
        fieldErrors: { text: ["Choose the text to import notes for."] },
      });
    if (named.length === 0)
      throw new AppError("BAD_REQUEST", "That file does not say which text its notes are on: choose the text.", { fieldErrors: { text: ["Choose the text."] } });
    slug = named[0]!;
  }
  if (slug.length > 120) throw notFound("That text");
  const [text] = await sqlQuery<{ id: string; title: string; versionId: string | null }>(Prisma.sql`
    SELECT t.id, v.title, t."currentVersionId" AS "versionId" FROM "Text" t JOIN "TextVersion" v ON v.id = t."currentVersionId"
    WHERE t.slug = ${slug} AND ${readableInSql("t", group.id, userId)}`);
  if (!text?.versionId) throw new AppError("NOT_FOUND", `This group has no text “${slug.slice(0, 120)}”: choose one of the group's texts.`);
  const versionId = text.versionId;

  // Threads: every reply's parent must be in the file and imported; replies to a highlight
  // have no conversation to join.
  const byRef = new Map<string, ImportNote>();
  for (const note of parsed.notes) if (!byRef.has(note.ref)) byRef.set(note.ref, note);
  const planned = new Map<string, Planned>();
  const byId = new Map<string, Planned>();
  const refusedRefs = new Set<string>();
  const plan = (note: ImportNote, seen: Set<string>): Planned | null => {
    const done = planned.get(note.ref);
    if (done) return done;
    if (refusedRefs.has(note.ref)) return null;
    const refuse = (reason: string) => {
      // Once each: a note found in a circle is not refused again as it unwinds.
      if (refusedRefs.has(note.ref)) return null;
      refusedRefs.add(note.ref);
      refused.push({ reason, note: brief(note) });
      return null;
    };
    if (note.kind !== "reply") {
      const p: Planned = { ...note, id: randomUUID(), threadId: null, parentId: null, selector: null, orphan: false, depth: 0 };
      planned.set(note.ref, p);
      byId.set(p.id, p);
      return p;
    }
    if (seen.has(note.ref)) return refuse("Its replies answer each other in a circle: there is no note they start from.");
    const parentNote = note.parentRef ? byRef.get(note.parentRef) : undefined;
    if (!parentNote || parentNote === note) return refuse("It answers a note that is not in the file.");
    seen.add(note.ref);
    const parent = plan(parentNote, seen);
    if (!parent) return refuse("It answers a note that was not imported.");
    if (parent.kind === "highlight" && parent.depth === 0) return refuse("It answers a highlight, which has no conversation.");
    const root = parent.threadId ? byId.get(parent.threadId)! : parent;
    const p: Planned = {
      ...note,
      id: randomUUID(),
      threadId: root.id,
      parentId: parent.id,
      target: root.target,
      visibility: root.visibility,
      selector: null,
      orphan: false,
      depth: parent.depth + 1,
    };
    planned.set(note.ref, p);
    byId.set(p.id, p);
    return p;
  };
  for (const note of parsed.notes) {
    if (byRef.get(note.ref) !== note) {
      refused.push({ reason: "Another annotation in the file has the same id.", note: brief(note) });
      continue;
    }
    plan(note, new Set());
  }

  // Places: the anchoring engine, on the group's version, with the file's place as a hint.
  const onWords = [...planned.values()].filter((p) => p.depth === 0 && p.target === "passage");
  const blocks = await versionBlocks(versionId);
  const placed = reanchorAll(
    onWords.map((p) => ({
      startBlockId: p.hint?.startBlockId ?? "",
      startOffset: p.hint?.startOffset ?? 0,
      endBlockId: p.hint?.endBlockId ?? "",
      endOffset: p.hint?.endOffset ?? 0,
      ...p.quote!,
    })),
    blocks,
    blocks,
  );
  onWords.forEach((p, i) => {
    const result = placed[i]!;
    if (result.state === "orphan") p.orphan = true;
    else p.selector = result.selector;
  });

  // Written in the order they were first written (the file's dates, else its order), so
  // replies keep their order in a thread; each is dated now, a millisecond apart.
  const all = [...planned.values()];
  const order = all
    .map((p, i) => ({ p, i }))
    .sort((a, b) => (a.p.createdAt?.getTime() ?? 0) - (b.p.createdAt?.getTime() ?? 0) || a.i - b.i)
    .map(({ p }) => p);
  const start = Date.now() - order.length;
  const dated = new Map(order.map((p, i) => [p.id, new Date(start + i)]));
  // Written parents before their replies.
  const rows = [...order].sort((a, b) => a.depth - b.depth).map((p): Prisma.AnnotationCreateManyInput => {
    const now = dated.get(p.id)!;
    return {
      id: p.id,
      groupId: group.id,
      textId: text.id,
      versionId,
      authorId: userId,
      kind: p.kind,
      color: p.kind === "highlight" ? (p.color ?? "yellow") : null,
      body: p.body,
      visibility: p.visibility,
      fieldTags: p.kind === "reply" ? [] : p.fieldTags,
      target: p.target,
      title: p.depth === 0 && p.target === "text" ? p.title : null,
      parentId: p.parentId,
      threadId: p.threadId,
      startBlockId: p.selector?.startBlockId ?? null,
      startOffset: p.selector?.startOffset ?? null,
      endBlockId: p.selector?.endBlockId ?? null,
      endOffset: p.selector?.endOffset ?? null,
      exact: p.selector?.exact ?? p.quote?.exact ?? "",
      prefix: p.selector?.prefix ?? p.quote?.prefix ?? "",
      suffix: p.selector?.suffix ?? p.quote?.suffix ?? "",
      anchorState: p.orphan ? "orphan" : "exact",
      deletedAt: p.deleted ? now : null,
      createdAt: now,
      updatedAt: now,
      importedFrom: parsed.source,
      importedAuthorName: p.authorName,
      importedCreatedAt: p.createdAt,
    };
  });

  if (rows.length) {
    await db.$transaction(
      async (tx) => {
        for (let i = 0; i < rows.length; i += 500) await tx.annotation.createMany({ data: rows.slice(i, i + 500) });
        // One event per thread: readers' margins and the notes list read the thread again.
        // Last, since an event holds the group's lock until the commit (lib/realtime/events.ts).
        for (const p of order)
          if (p.depth === 0)
            await recordEvent(tx, {
              groupId: group.id,
              kind: "annotation.created",
              actorId: userId,
              textId: text.id,
              annotationId: p.id,
              threadId: null,
              onlyUserId: p.visibility === "private" ? userId : null,
            });
      },
      { timeout: 60_000 },
    );
  }
  const roots = all.filter((p) => p.depth === 0);
  return {
    source: parsed.source,
    text: { slug, title: text.title },
    placed: roots.filter((p) => !p.orphan).length,
    orphaned: roots.filter((p) => p.orphan).length,
    replies: all.length - roots.length,
    refused,
  };
}

function brief(note: ImportNote): string | undefined {
  const words = (note.body.trim() || note.quote?.exact.trim() || "").replace(/\s+/g, " ");
  if (!words) return undefined;
  return words.length > 60 ? `${words.slice(0, 57)}…` : words;
}
