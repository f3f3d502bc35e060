import "server-only";
import { compress, type Coding } from "@/lib/compress";
import { db, sqlQuery } from "@/lib/db";
import { notFound } from "@/lib/errors";
import { Prisma } from "@/lib/generated/prisma/client";
import { checkId } from "@/lib/groups/groups";
import { readableInSql, sharedOnly } from "@/lib/library/scope";
import type { AnnotationView } from "./view";
import { isoSql } from "./visibility-sql";
import { peekLockedSql } from "@/lib/readings/peek";

// The notes list — a text's threads this member may see, each with how many replies they
// can read, and the group's event number as of the same moment — is the app's busiest
// read: every reader page asks for it, often with a thousand notes, and in a meeting
// while notes arrive many times a second. Reading and rendering a thousand rows per
// request costs tens of milliseconds whoever does it, so each instance keeps, per text of
// a group, every thread's note already rendered as JSON (by Postgres, in the shape
// `toView` gives) with the facts that decide who sees it, and the authors of its replies.
// Each request asks the database for its few facts (membership, the group's event number,
// the text's version, whether its week is closed to them); when the log has moved on, only
// the threads its new events name are read again — in one statement with the events, so in
// one snapshot — and the answer is put together from the parts this member may see.
// The rules are those of seenBy/visibleTo/replyVisibleTo and peekLocked;
// lib/annotations/list.int.test.ts holds the two to the same answers, field for field.

export type AnnotationList = {
  text: { slug: string; versionId: string };
  annotations: AnnotationView[];
  /** "Post before you peek" keeps the group's notes closed to this member for now. */
  locked: boolean;
  /** The group's event log as of these notes: a live stream continues from here. */
  seq: number;
};

type Target = "passage" | "text";
type Item = {
  id: string;
  authorId: string;
  shared: boolean;
  hidden: boolean;
  deleted: boolean;
  createdAt: string;
  /**
   * The note as toView renders it, as UTF-8 without its closing brace (replyCount, which
   * depends on the reader, goes there); and as a placeholder (deleted, kept for its replies).
   * Bytes, not strings: a list is put together by copying them, with no string to build,
   * measure and encode again for every request.
   */
  view: Buffer;
  placeholder: Buffer;
};
type Reply = { authorId: string; hidden: boolean };
/** A list rendered for every member (or every facilitator) with nothing of their own that others cannot see. */
type SharedList = {
  seq: number;
  at: number;
  /** Who had notes or replies of their own that others cannot see, when it was rendered: not them. */
  special: ReadonlySet<string>;
  raw: Buffer;
  coded: Map<Coding, Promise<Buffer>>;
};
type Entry = {
  seq: number;
  versionId: string;
  /** When any account last changed (names appear in the rendered notes). */
  names: string;
  items: Map<string, Item>;
  /** Thread ids in the list's order: oldest first. */
  order: string[];
  /** The replies (not deleted) of each thread, by id. */
  replies: Map<string, Map<string, Reply>>;
  /** The read under way, which later requests wait for rather than repeat. */
  updating: Promise<void> | null;
  usedAt: number;
  /** Authors of a private or hidden note or a hidden reply: their list differs from the others'. */
  special: ReadonlySet<string>;
  /** The last list rendered for members and for facilitators in general (see annotationListBody). */
  shared: Map<"member" | "facilitator", SharedList>;
};

const MAX_ENTRIES = 64;
const cache = new Map<string, Entry>();

const iso = (column: string) => isoSql(Prisma.raw(column));

// One row per thread start (and its rendering) or per reply, and the group's event number
// and the newest account change, all read by one statement: one snapshot.
type Row = {
  type: "item" | "reply" | "touched" | "state";
  id: string | null;
  authorId: string | null;
  threadId: string | null;
  shared: boolean | null;
  hidden: boolean | null;
  deleted: boolean | null;
  createdAt: string | null;
  view: string | null;
  placeholder: string | null;
  seq: number | null;
  names: string | null;
};

/**
 * A note as toView renders it (without replyCount), as JSON text made by Postgres: `a` is
 * the "Annotation" row, `u` its author's "User" row. For a placeholder (a deleted note kept
 * for its replies), its place without its words or who wrote them.
 */
export const noteViewSql = (placeholder: boolean) => Prisma.sql`json_build_object(
    'id', a.id,
    'kind', a.kind,
    'color', ${placeholder ? Prisma.sql`NULL::text` : Prisma.sql`a.color`},
    'body', ${placeholder ? Prisma.sql`''` : Prisma.sql`a.body`},
    'visibility', a.visibility,
    'author', ${placeholder ? Prisma.sql`json_build_object('id', '', 'name', '')` : Prisma.sql`json_build_object('id', u.id, 'name', u.name)`},
    'createdAt', ${iso('a."createdAt"')},
    'editedAt', ${iso('a."editedAt"')},
    'revision', a.revision,
    'hidden', a."hiddenAt" IS NOT NULL,
    'anchorState', a."anchorState",
    'versionId', a."versionId",
    'position', CASE
      WHEN a."anchorState" <> 'orphan' AND a."startBlockId" IS NOT NULL AND a."endBlockId" IS NOT NULL
        AND a."startOffset" IS NOT NULL AND a."endOffset" IS NOT NULL
      THEN json_build_object('startBlockId', a."startBlockId", 'startOffset', a."startOffset", 'endBlockId', a."endBlockId", 'endOffset', a."endOffset")
    END,
    'quote', json_build_object('exact', a.exact, 'prefix', a.prefix, 'suffix', a.suffix),
    'target', a.target,
    'title', ${placeholder ? Prisma.sql`NULL::text` : Prisma.sql`a.title`},
    'promptId', a."promptId",
    'parentId', a."parentId",
    'threadId', a."threadId",
    'deleted', ${placeholder ? Prisma.sql`true` : Prisma.sql`false`},
    'answerId', a."answerId",
    'resolved', a."resolvedAt" IS NOT NULL,
    'pinned', a."pinnedAt" IS NOT NULL,
    'forMeeting', a."forMeetingAt" IS NOT NULL,
    'tags', ${placeholder ? Prisma.sql`'[]'::json` : Prisma.sql`to_json(COALESCE(a.tags, '{}'))`},
    'fieldTags', ${placeholder ? Prisma.sql`'[]'::json` : Prisma.sql`to_json(COALESCE(a."fieldTags", '{}'))`},
    'mentions', ${
      placeholder
        ? Prisma.sql`'[]'::json`
        : Prisma.sql`COALESCE((
            SELECT json_agg(json_build_object('id', mu.id, 'name', mu.name) ORDER BY mn."userId")
            FROM "Mention" mn JOIN "User" mu ON mu.id = mn."userId" WHERE mn."annotationId" = a.id
          ), '[]'::json)`
    },
    'reactions', ${
      placeholder
        ? Prisma.sql`'[]'::json`
        : Prisma.sql`COALESCE((
            SELECT json_agg(json_build_object('kind', k.kind, 'people', k.people) ORDER BY k.kind)
            FROM (
              SELECT rx.kind, json_agg(json_build_object('id', ru.id, 'name', ru.name) ORDER BY rx."createdAt") AS people
              FROM "Reaction" rx JOIN "User" ru ON ru.id = rx."userId" WHERE rx."annotationId" = a.id GROUP BY rx.kind
            ) k
          ), '[]'::json)`
    },
    'imported', ${
      placeholder
        ? Prisma.sql`NULL::json`
        : Prisma.sql`CASE WHEN a."importedFrom" IS NOT NULL THEN json_build_object(
            'source', a."importedFrom", 'authorName', a."importedAuthorName", 'createdAt', ${iso('a."importedCreatedAt"')}) END`
    }
  )::text`;

/**
 * Rows for the threads named by events after `since` (and those ids, as "touched" rows), or
 * for all of the text's threads when `since` is null.
 */
function readThreads(groupId: string, textId: string, target: Target, since: number | null) {
  const threads =
    since === null
      ? null
      : Prisma.sql`SELECT DISTINCT COALESCE(e."threadId", e."annotationId") FROM "Event" e
          WHERE e."groupId" = ${groupId} AND e.seq > ${since} AND e."textId" = ${textId} AND e."annotationId" IS NOT NULL`;
  const only = (column: Prisma.Sql) => (threads ? Prisma.sql`AND ${column} IN (${threads})` : Prisma.empty);
  return sqlQuery<Row>(Prisma.sql`
    SELECT 'item' AS type, a.id::text, a."authorId", NULL AS "threadId", a.visibility = 'group' AS shared, a."hiddenAt" IS NOT NULL AS hidden,
           a."deletedAt" IS NOT NULL AS deleted, ${iso('a."createdAt"')} AS "createdAt",
           CASE WHEN a."deletedAt" IS NULL THEN ${noteViewSql(false)} END AS view, ${noteViewSql(true)} AS placeholder,
           NULL::int AS seq, NULL AS names
    FROM "Annotation" a JOIN "User" u ON u.id = a."authorId"
    WHERE a."groupId" = ${groupId} AND a."textId" = ${textId} AND a."threadId" IS NULL AND a.target = ${target}::"AnnotationTarget" ${only(Prisma.sql`a.id`)}
    UNION ALL
    SELECT 'reply', r.id::text, r."authorId", r."threadId"::text, NULL, r."hiddenAt" IS NOT NULL, NULL, NULL, NULL, NULL, NULL, NULL
    FROM "Annotation" r
    WHERE r."groupId" = ${groupId} AND r."textId" = ${textId} AND r.kind = 'reply' AND r.target = ${target}::"AnnotationTarget" AND r."deletedAt" IS NULL
      ${only(Prisma.sql`r."threadId"`)}
    ${threads ? Prisma.sql`UNION ALL SELECT 'touched', t.id::text, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL FROM (${threads}) AS t(id)` : Prisma.empty}
    UNION ALL
    SELECT 'state', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
           (SELECT "eventSeq" FROM "Group" WHERE id = ${groupId}), (SELECT max("updatedAt")::text FROM "User")`);
}

/** A JSON object's bytes without its closing brace. */
const openEnded = (json: string) => Buffer.from(json.slice(0, -1), "utf8");

/** `,"replyCount":n}`, made once per count. */
const replyCounts: Buffer[] = [];
const replyCountTail = (n: number) => (replyCounts[n] ??= Buffer.from(`,"replyCount":${n}}`));
const COMMA = Buffer.from(",");

const ORDER = (a: Item, b: Item) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.id < b.id ? -1 : 1);

/** Puts what a read returned into the entry: the threads it names as touched are replaced whole. */
function apply(entry: Entry, rows: Row[]) {
  for (const row of rows)
    if (row.type === "touched") {
      entry.items.delete(row.id!);
      entry.replies.delete(row.id!);
    }
  for (const row of rows) {
    if (row.type === "item")
      entry.items.set(row.id!, {
        id: row.id!,
        authorId: row.authorId!,
        shared: row.shared!,
        hidden: row.hidden!,
        deleted: row.deleted!,
        createdAt: row.createdAt!,
        view: openEnded(row.view ?? "{}"),
        placeholder: openEnded(row.placeholder!),
      });
    else if (row.type === "reply") {
      let replies = entry.replies.get(row.threadId!);
      if (!replies) entry.replies.set(row.threadId!, (replies = new Map()));
      replies.set(row.id!, { authorId: row.authorId!, hidden: row.hidden! });
    }
  }
  entry.order = [...entry.items.values()].sort(ORDER).map((item) => item.id);
  const special = new Set<string>();
  for (const item of entry.items.values()) if (!item.shared || item.hidden) special.add(item.authorId);
  for (const replies of entry.replies.values()) for (const reply of replies.values()) if (reply.hidden) special.add(reply.authorId);
  entry.special = special;
  const state = rows.find((r) => r.type === "state")!;
  entry.seq = Math.max(entry.seq, state.seq ?? 0);
  entry.names = state.names ?? "";
}

/** The facts of this request: the reader's role, the group's event number, the text's version, whether the week is closed to them. */
async function facts(userId: string, groupId: string, slug: string) {
  const [row] = await sqlQuery<{ role: string; seq: number; textId: string; versionId: string; locked: boolean; names: string | null }>(Prisma.sql`
    SELECT m.role, g."eventSeq" AS seq, t.id AS "textId", t."currentVersionId" AS "versionId",
           ${peekLockedSql("m", Prisma.sql`t.id`)} AS locked, (SELECT max("updatedAt")::text FROM "User") AS names
    FROM "Membership" m JOIN "Group" g ON g.id = m."groupId" JOIN "Text" t ON t.slug = ${slug} AND t."currentVersionId" IS NOT NULL AND ${readableInSql("t", Prisma.sql`m."groupId"`, userId)}
    WHERE m."groupId" = ${groupId} AND m."userId" = ${userId}`);
  if (row) return row;
  // Which 404: a text that does not exist (or is another group's) says so; otherwise the group is not theirs.
  const text = await db.text.findFirst({ where: { slug, currentVersionId: { not: null }, ...sharedOnly }, select: { id: true } });
  throw notFound(text ? "That group" : "That text");
}

async function entryFor(groupId: string, target: Target, want: { seq: number; textId: string; versionId: string; names: string | null }) {
  const key = `${groupId}:${want.textId}:${target}`;
  let entry = cache.get(key);
  if (entry && (entry.versionId !== want.versionId || entry.names !== (want.names ?? ""))) {
    cache.delete(key);
    entry = undefined;
  }
  if (!entry) {
    entry = {
      seq: -1,
      versionId: want.versionId,
      names: want.names ?? "",
      items: new Map(),
      order: [],
      replies: new Map(),
      updating: null,
      usedAt: Date.now(),
      special: new Set(),
      shared: new Map(),
    };
    cache.set(key, entry);
    if (cache.size > MAX_ENTRIES) cache.delete([...cache.entries()].sort((a, b) => a[1].usedAt - b[1].usedAt)[0]![0]);
  }
  // Up to the request's event number: wait for the read under way, or start one. A read's
  // snapshot is newer than the request's facts, so one read is enough.
  const current = entry;
  for (let round = 0; current.seq < want.seq && round < 3; round++) {
    current.updating ??= readThreads(groupId, want.textId, target, current.seq < 0 ? null : current.seq)
      .then((rows) => apply(current, rows))
      .finally(() => {
        current.updating = null;
      });
    try {
      await current.updating;
    } catch (error) {
      // A first read that failed leaves nothing behind; the next request starts again.
      if (current.seq < 0 && cache.get(key) === current) cache.delete(key);
      throw error;
    }
  }
  current.usedAt = Date.now();
  return current;
}

/** The notes list as JSON (UTF-8), ready to send. NOT_FOUND for a text that does not exist or a group the user is not in. */
export async function listAnnotationsJson(userId: string, groupId: string, slug: string, target: Target = "passage"): Promise<Buffer<ArrayBuffer>> {
  checkId(groupId);
  const reader = await facts(userId, groupId, slug);
  return render(await entryFor(groupId, target, reader), reader, userId, slug);
}

function render(entry: Entry, reader: Awaited<ReturnType<typeof facts>>, userId: string, slug: string): Buffer<ArrayBuffer> {
  const facilitator = reader.role === "facilitator";
  const parts: Buffer[] = [Buffer.from(`{"text":${JSON.stringify({ slug, versionId: reader.versionId })},"annotations":[`)];
  let first = true;
  for (const id of entry.order) {
    const item = entry.items.get(id)!;
    const mine = item.authorId === userId;
    if (reader.locked && !mine) continue;
    if (!mine && !(item.shared && (!item.hidden || facilitator))) continue;
    let replies = 0;
    for (const reply of entry.replies.get(id)?.values() ?? []) if (reply.authorId === userId || !reply.hidden || facilitator) replies += 1;
    // A deleted note stays, as a placeholder, while it has replies this member can read.
    if (item.deleted && replies === 0) continue;
    if (!first) parts.push(COMMA);
    first = false;
    parts.push(item.deleted ? item.placeholder : item.view, replyCountTail(replies));
  }
  parts.push(Buffer.from(`],"locked":${reader.locked},"seq":${entry.seq}}`));
  return Buffer.concat(parts);
}

/** How long a list rendered for members in general serves others before it is rendered again. */
export const SHARED_LIST_MS = 1000;

/**
 * The notes list for the reader's page, in the coding asked for (null: as it is). Most
 * members of a group see the same list — everyone's shared notes, none of their own that
 * others cannot see — so that list is rendered and compressed once and, for up to
 * SHARED_LIST_MS and while the group's log has not moved on, sent to every such member (and one for facilitators, who also see hidden
 * notes). It carries the event number it was rendered at, from which the page's live stream
 * continues, so a member who gets it a moment late misses nothing: the stream brings what
 * came after. Never older than one's own last change, though: whoever wrote, edited or
 * deleted since it was rendered gets a fresh one, and sees what they did. Who the member is, their role and whether the week is closed to them are
 * asked on every request; anyone with a private or hidden note or a hidden reply of their
 * own in the text, or whom the week keeps from others' notes, gets a list of their own.
 */
export async function annotationListBody(userId: string, groupId: string, slug: string, coding: Coding | null): Promise<Buffer> {
  checkId(groupId);
  const reader = await facts(userId, groupId, slug);
  const role = reader.role === "facilitator" ? "facilitator" : "member";
  const fresh = (entry: Entry) => entry.versionId === reader.versionId && entry.names === (reader.names ?? "");
  const standing = cache.get(`${groupId}:${reader.textId}:passage`);
  const kept = standing && fresh(standing) && !reader.locked && !standing.special.has(userId) ? standing.shared.get(role) : undefined;
  // Only as new as the group's log: every member sees every change the moment it is made.
  if (kept && !kept.special.has(userId) && kept.seq >= reader.seq && Date.now() - kept.at <= SHARED_LIST_MS) return coded(kept, coding);

  const entry = await entryFor(groupId, "passage", reader);
  const raw = render(entry, reader, userId, slug);
  if (reader.locked || entry.special.has(userId) || !fresh(entry)) return coding ? compress(raw, coding) : raw;
  const list: SharedList = { seq: entry.seq, at: Date.now(), special: entry.special, raw, coded: new Map() };
  const current = entry.shared.get(role);
  if (!current || current.seq <= list.seq) entry.shared.set(role, list);
  return coded(list, coding);
}

function coded(list: SharedList, coding: Coding | null): Promise<Buffer> | Buffer {
  if (!coding) return list.raw;
  let body = list.coded.get(coding);
  if (!body) {
    body = compress(list.raw, coding);
    list.coded.set(coding, body);
    body.catch(() => list.coded.delete(coding));
  }
  return body;
}

/**
 * A text's threads that this member may see — the notes on its words, or with target
 * "text" its general discussion — oldest first, each with how many replies this member
 * can read. A deleted note that still has replies comes as a placeholder.
 */
export async function listAnnotations(userId: string, groupId: string, slug: string, target: Target = "passage"): Promise<AnnotationList> {
  return JSON.parse((await listAnnotationsJson(userId, groupId, slug, target)).toString("utf8")) as AnnotationList;
}
