import "server-only";
import { dedicatedConnection, sqlQuery } from "@/lib/db";
import { AppError, notFound } from "@/lib/errors";
import { Prisma } from "@/lib/generated/prisma/client";
import { checkId } from "@/lib/groups/groups";
import { readableInSql } from "@/lib/library/scope";
import { isoSql, replyReadableSql, seesSql } from "@/lib/annotations/visibility-sql";
import { peekLockedSql } from "@/lib/readings/peek";
import { PAGE_SIZE, formatWriter, type ExportFormat, type ExportMeta, type ExportRow } from "./formats";

// Exports: a text's notes, a group's (facilitators), or one's own (in a group, or across
// every group one is in), as W3C JSON-LD, a Markdown digest or CSV. What a person could
// read in the app and nothing else: the rules are decided inside the one statement the
// export is read from — their membership row, the texts readable in the group
// (readableInSql), who sees a note and its thread (seesSql), which replies they may read
// (replyReadableSql), "post before you peek" (peekLockedSql, once per text), deleted notes
// left out — the same helpers the notes list, search and the live stream use.
//
// Rows come in reading order — group, text, the passage a thread starts on (its paragraph's
// position, then its offset), the thread, then its replies oldest first — from one statement
// read through a cursor, BATCH rows at a time, each batch written out before the next is
// fetched: a pull stream, so a slow reader holds the reading back and memory stays flat
// whatever the size. One statement in one read-only REPEATABLE READ transaction: the export
// is one consistent snapshot, and costs one sort however long it is (keyset batches over
// this reading order, which no index serves, would sort everything again for every batch).
// The cursor holds a connection of the pool while the download runs: at most
// MAX_CONCURRENT exports per instance at once, and a transaction left idle (a reader that
// stopped reading) is ended by the database after IDLE_SECONDS.

export const BATCH = 1000;
/** Exports streaming at once on one instance (each holds a connection); more wait their turn briefly, then are told to retry. */
export const MAX_CONCURRENT = 3;
const IDLE_SECONDS = 60;
/** Sorts after every paragraph: notes that lost their place, then discussions of the whole text. */
const ORPHAN = 2147483646;
const WHOLE_TEXT = 2147483647;

export type ExportScope =
  /** One group: a text (`text`), or the whole group (facilitators), or only one's own notes (`mine`). */
  | { kind: "group"; userId: string; groupId: string; text?: string; mine: boolean }
  /** Everything this person wrote, in every group they are in. */
  | { kind: "me"; userId: string };

/** The statement that reads an export's rows, in reading order. */
export function exportSql(scope: ExportScope): Prisma.Sql {
  const userId = scope.userId;
  const groupId = scope.kind === "group" ? scope.groupId : null;
  const text = scope.kind === "group" ? scope.text : undefined;
  const mine = scope.kind === "me" || scope.mine;
  // The whole group (no text, not only one's own) is for its facilitators.
  const wholeGroup = scope.kind === "group" && !scope.text && !scope.mine;
  const iso = (column: string) => isoSql(Prisma.raw(column));
  return Prisma.sql`
    WITH me AS MATERIALIZED (
      SELECT m."groupId", m."userId", m.role FROM "Membership" m
      WHERE m."userId" = ${userId} ${groupId ? Prisma.sql`AND m."groupId" = ${groupId}` : Prisma.empty}
        ${wholeGroup ? Prisma.sql`AND m.role = 'facilitator'` : Prisma.empty}
    ), texts AS MATERIALIZED (
      SELECT me."groupId", t.id, t.slug, COALESCE(v.title, t.slug) AS title, ${peekLockedSql("me", Prisma.sql`t.id`)} AS locked
      FROM me JOIN "Text" t ON ${readableInSql("t", Prisma.sql`me."groupId"`, userId)}
      LEFT JOIN "TextVersion" v ON v.id = t."currentVersionId"
      ${text ? Prisma.sql`WHERE t.slug = ${text}` : Prisma.empty}
    )
    SELECT x.id::text AS id, x."parentId"::text AS "parentId", x.k_tid::text AS "threadId",
           x."groupId", x."groupName", x."textSlug", x."textTitle", x.kind, x.body, x.visibility, x.hidden, x."authorName",
           ${iso('x."createdAt"')} AS "createdAt", ${iso('x."editedAt"')} AS "editedAt",
           x."startBlockId", x."startOffset", x."endBlockId", x."endOffset", x.exact, x.prefix, x.suffix, x.target, x.title, x.color, x.tags,
           x."threadQuote", x."threadTarget", x."threadBlockId"
    FROM (
      SELECT a.id, a."parentId", a."groupId", g.name AS "groupName", tx.slug AS "textSlug", tx.title AS "textTitle",
             a.kind::text AS kind, a.body, a.visibility::text AS visibility, a."hiddenAt" IS NOT NULL AS hidden,
             u.name AS "authorName", a."createdAt", a."editedAt",
             CASE WHEN a."anchorState" <> 'orphan' THEN a."startBlockId" END AS "startBlockId", a."startOffset",
             CASE WHEN a."anchorState" <> 'orphan' THEN a."endBlockId" END AS "endBlockId", a."endOffset",
             a.exact, a.prefix, a.suffix, a.target::text AS target, a.title, a.color, COALESCE(a.tags, '{}') AS tags,
             COALESCE(th.exact, a.exact) AS "threadQuote", COALESCE(th.target, a.target)::text AS "threadTarget",
             CASE WHEN COALESCE(th."anchorState", a."anchorState") <> 'orphan' THEN COALESCE(th."startBlockId", a."startBlockId") END AS "threadBlockId",
             a."groupId" AS k_g, tx.slug AS k_slug,
             CASE WHEN COALESCE(th.target, a.target) = 'text' THEN ${WHOLE_TEXT} ELSE COALESCE(b.position, ${ORPHAN}) END AS k_pos,
             COALESCE(th."startOffset", a."startOffset", 0) AS k_off,
             COALESCE(th."createdAt", a."createdAt") AS k_tcreated,
             COALESCE(a."threadId", a.id) AS k_tid,
             (a."threadId" IS NOT NULL)::int AS k_reply,
             a."createdAt" AS k_created
      FROM me
      JOIN "Group" g ON g.id = me."groupId"
      JOIN texts tx ON tx."groupId" = me."groupId"
      JOIN "Annotation" a ON a."groupId" = me."groupId" AND a."textId" = tx.id
      JOIN "User" u ON u.id = a."authorId"
      LEFT JOIN "Annotation" th ON th.id = a."threadId"
      LEFT JOIN "Block" b ON COALESCE(th."anchorState", a."anchorState") <> 'orphan'
        AND b."versionId" = COALESCE(th."versionId", a."versionId") AND b.id = COALESCE(th."startBlockId", a."startBlockId")
      WHERE a."deletedAt" IS NULL
        AND ${seesSql("a", "me")}
        AND (th.id IS NULL OR ${seesSql("th", "me")})
        AND (a."threadId" IS NULL OR ${replyReadableSql("a", "me")})
        AND (NOT tx.locked OR a."authorId" = me."userId" OR th."authorId" = me."userId")
        ${mine ? Prisma.sql`AND a."authorId" = ${userId}` : Prisma.empty}
    ) x
    ORDER BY x.k_g COLLATE "C", x.k_slug COLLATE "C", x.k_pos, x.k_off, x.k_tcreated, x.k_tid, x.k_reply, x.k_created, x.id`;
}

/**
 * What the export is of, checked before anything is sent, so a refusal is a status with a
 * message rather than a broken download: NOT_FOUND for a group the person is not in or a
 * text not readable in it, and for a whole-group export asked by a member (the app answers
 * facilitator-only routes that way). The statement that reads the rows checks it all again.
 */
export async function describeExport(scope: ExportScope): Promise<Omit<ExportMeta, "origin" | "format" | "iri">> {
  if (scope.kind === "me") {
    const [me] = await sqlQuery<{ name: string }>(Prisma.sql`SELECT name FROM "User" WHERE id = ${scope.userId}`);
    if (!me) throw new AppError("UNAUTHENTICATED", "Please sign in.");
    return { title: `Notes by ${me.name}`, groupName: null, textTitle: null, acrossGroups: true };
  }
  checkId(scope.groupId);
  const [row] = await sqlQuery<{ role: string; name: string; textTitle: string | null }>(Prisma.sql`
    SELECT m.role, g.name,
           (SELECT COALESCE(v.title, t.slug) FROM "Text" t LEFT JOIN "TextVersion" v ON v.id = t."currentVersionId"
            WHERE t.slug = ${scope.text ?? ""} AND ${readableInSql("t", Prisma.sql`m."groupId"`, scope.userId)}) AS "textTitle"
    FROM "Membership" m JOIN "Group" g ON g.id = m."groupId"
    WHERE m."groupId" = ${scope.groupId} AND m."userId" = ${scope.userId}`);
  if (!row) throw notFound("That group");
  if (scope.text && row.textTitle === null) throw notFound("That text");
  if (!scope.text && !scope.mine && row.role !== "facilitator")
    throw new AppError("NOT_FOUND", "Only the group’s facilitators export all of its notes: export a text’s notes (text=) or your own (mine=1).");
  const what = scope.mine ? "My notes" : "Notes";
  const title = row.textTitle ? `${what} on ${row.textTitle} — ${row.name}` : `${what} — ${row.name}`;
  return { title, groupName: row.name, textTitle: row.textTitle, acrossGroups: false };
}

let running = 0;
const waiting: (() => void)[] = [];

/** A turn to stream an export: at once, or when one ends (up to 10 s); else RATE_LIMITED. */
async function turn(): Promise<() => void> {
  if (running >= MAX_CONCURRENT) {
    const granted = await new Promise<boolean>((resolve) => {
      const go = () => {
        clearTimeout(timer);
        resolve(true);
      };
      const timer = setTimeout(() => {
        waiting.splice(waiting.indexOf(go), 1);
        resolve(false);
      }, 10_000);
      waiting.push(go);
    });
    if (!granted) throw new AppError("RATE_LIMITED", "Several exports are being prepared right now. Please try again in a moment.", { retryAfterSeconds: 5 });
  } else running += 1;
  let done = false;
  return () => {
    if (done) return;
    done = true;
    const next = waiting.shift();
    if (next) next();
    else running -= 1;
  };
}

/**
 * The export as a stream of UTF-8 bytes: one batch is fetched each time the reader wants
 * more (a pull stream), so memory holds one batch whatever the export's size. The cursor is
 * opened before this returns, so a refusal or a fault is an error answer, not a broken file.
 */
export async function exportStream(scope: ExportScope, meta: ExportMeta, options: { batch?: number } = {}): Promise<ReadableStream<Uint8Array>> {
  const batch = options.batch ?? BATCH;
  const release = await turn();
  let client: Awaited<ReturnType<typeof dedicatedConnection>> | null = null;
  const finish = async (error?: unknown) => {
    const c = client;
    client = null;
    if (c) {
      try {
        await c.query(error ? "ROLLBACK" : "COMMIT");
        c.release();
      } catch (failure) {
        c.release(failure as Error);
      }
    }
    release();
  };
  try {
    client = await dedicatedConnection();
    await client.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
    await client.query(`SET LOCAL idle_in_transaction_session_timeout = '${IDLE_SECONDS}s'`);
    // Every row is read: plan for all of them, not for the first few.
    await client.query("SET LOCAL cursor_tuple_fraction = 1");
    const statement = exportSql(scope);
    await client.query({ text: `DECLARE export_rows NO SCROLL CURSOR FOR ${statement.text}`, values: statement.values });
    // One page of a paged JSON-LD export: the rows before it are skipped on the server.
    if (meta.page && meta.page > 1) await client.query(`MOVE FORWARD ${(meta.page - 1) * PAGE_SIZE} IN export_rows`);
  } catch (error) {
    await finish(error);
    throw error;
  }
  const writer = formatWriter(meta);
  const encoder = new TextEncoder();
  let started = false;
  /** Rows still to send: a page's size, or no limit. */
  let left = meta.page ? PAGE_SIZE : Infinity;
  // A reader that neither reads on nor cancels (a connection that hung) gives its turn and
  // its connection back after IDLE_SECONDS, as the database ends the transaction then too.
  let idle: ReturnType<typeof setTimeout> | undefined;
  const watch = (controller: ReadableStreamDefaultController<Uint8Array>) => {
    clearTimeout(idle);
    idle = setTimeout(() => {
      void finish(new Error("idle")).then(() => controller.error(new Error("The export was not read for too long.")));
    }, IDLE_SECONDS * 1000);
    idle.unref?.();
  };
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        clearTimeout(idle);
        try {
          let out = "";
          if (!started) {
            started = true;
            out += writer.start();
          }
          const want = Math.min(batch, left);
          const { rows } = await client!.query<ExportRow>(`FETCH ${want} FROM export_rows`);
          for (const row of rows) out += writer.item(row);
          left -= rows.length;
          const last = rows.length < want || left === 0;
          // A page that is full says whether another follows.
          if (last) out += writer.end(left === 0 && (await client!.query(`FETCH 1 FROM export_rows`)).rows.length > 0);
          if (out) controller.enqueue(encoder.encode(out));
          if (last) {
            await finish();
            controller.close();
          } else watch(controller);
        } catch (error) {
          await finish(error);
          controller.error(error);
        }
      },
      async cancel() {
        clearTimeout(idle);
        await finish(new Error("cancelled"));
      },
    },
    { highWaterMark: 1 },
  );
}

export type { ExportFormat };
