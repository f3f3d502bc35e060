import "server-only";
import { sqlQuery } from "@/lib/db";
import { AppError, notFound } from "@/lib/errors";
import { Prisma } from "@/lib/generated/prisma/client";
import { checkId } from "@/lib/groups/groups";
import { isoSql, seesSql } from "@/lib/annotations/visibility-sql";
import { bodyTags, normaliseTag } from "@/lib/annotations/tags";
import { threadUrl } from "@/lib/discussion/format";
import { readableInSql } from "@/lib/library/scope";
import { peekLockedSql } from "@/lib/readings/peek";
import { searchParamsObject, type SearchInput } from "./schemas";
import { MARK_END, MARK_START, readHeadline } from "./snippet";
import type { SearchPage, SearchResult, TagCount } from "./view";

// Search over a group's texts (the shared library and its own) and the notes and replies
// one member may see, in one statement per page. Postgres does the work: each Block and
// Annotation row carries a generated tsvector (the "study_search" configuration: accents
// folded, English stems) with a GIN index; the query is websearch_to_tsquery's (quoted
// phrases, -exclusions, "or"); rows are ranked by ts_rank and paged by keyset (score, then
// a key), and only the page's rows get a ts_headline snippet.
//
// Who sees what is decided inside the statement, never by filtering afterwards: the
// reader's Membership row (none: nothing), the texts readable in the group
// (`readableInSql`), the rules of who may see a note (`seesSql`, for the note and its
// thread, as the live stream's audience uses them) and "post before you peek"
// (`peekLockedSql`, asked once per text). lib/search/search.int.test.ts holds the results
// to getAnnotation's answers for every kind of note and every kind of person.

const CONFIG = Prisma.sql`'study_search'::regconfig`;
// Marked with control characters: a paragraph as up to two short fragments around its
// matches; a note (short, and read from its start) as one stretch, whole when it is short.
const HEADLINE = `StartSel=${MARK_START}, StopSel=${MARK_END}, MaxWords=28, MinWords=10, ShortWord=3, MaxFragments=2, FragmentDelimiter=" … "`;
const NOTE_HEADLINE = `StartSel=${MARK_START}, StopSel=${MARK_END}, MaxWords=40, MinWords=20, ShortWord=3`;
/**
 * With words, the newest this many matching notes are ranked: enough for any word worth
 * searching for, and a word in most of a big group's notes costs no more than a rare one.
 * The answer says when the cap was reached (`capped`), so the page can suggest more words.
 */
export const CANDIDATES = 1_000;
/**
 * Whether the words are common enough that walking the newest notes finds CANDIDATES of them
 * sooner than reading every note that carries them: the walk reads about CANDIDATES ÷ share
 * notes, the index share × all of them, and the two meet at √(CANDIDATES × all). Both figures
 * are Postgres's own estimates from its statistics (EXPLAIN, no rows read): cheap, and right
 * for the common words this is about.
 */
async function commonWords(words: string): Promise<boolean> {
  const estimate = async (q: string) => {
    const [plan] = await sqlQuery<{ "QUERY PLAN": [{ Plan: { "Plan Rows": number } }] }>(
      Prisma.sql`EXPLAIN (FORMAT JSON) SELECT 1 FROM "Annotation" WHERE "searchVector" @@ websearch_to_tsquery(${CONFIG}, ${q})`,
      { planEachTime: true },
    );
    return plan?.["QUERY PLAN"][0].Plan["Plan Rows"] ?? 0;
  };
  const [all] = await sqlQuery<{ n: number }>(Prisma.sql`SELECT GREATEST(reltuples, 1)::float8 AS n FROM pg_class WHERE oid = '"Annotation"'::regclass`);
  const notes = all?.n ?? 1;
  const matches = await estimate(words);
  // A phrase is checked note by note after the index has found every note with all its
  // words: that many, not the phrase's own few, is what the index path reads.
  const read = words.includes('"') ? await estimate(words.replaceAll('"', " ")) : matches;
  // The walk reads about CANDIDATES ÷ (matches ÷ notes) notes; the index path `read` of them.
  return matches > 0 && (CANDIDATES * notes) / matches < read;
}
/** Without a query (filters only), a note's snippet is its opening. */
const OPENING = 240;

type Row = {
  type: "member" | "note" | "reply" | "passage";
  id: string | null;
  textSlug: string | null;
  textTitle: string | null;
  headline: string | null;
  blockId: string | null;
  threadId: string | null;
  kind: SearchResult["kind"];
  threadKind: SearchResult["threadKind"];
  authorId: string | null;
  authorName: string | null;
  createdAt: string | null;
  tags: string[] | null;
  private: boolean | null;
  score: string | null;
  key: string | null;
};

/** A request's query string as searchSchema reads it; a parameter given twice is refused, not guessed at. */
export function queryOf(request: Request): Record<string, string> {
  try {
    return searchParamsObject(new URL(request.url).searchParams);
  } catch (error) {
    if (error instanceof RangeError) throw new AppError("BAD_REQUEST", `Give ${error.message} once.`, { fieldErrors: { [error.message]: ["Give it once."] } });
    throw error;
  }
}

type Cursor = { score: string; key: string };

function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify([cursor.score, cursor.key]), "utf8").toString("base64url");
}

function decodeCursor(cursor: string): Cursor {
  try {
    const [score, key] = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as unknown[];
    if (typeof score === "string" && /^-?\d+(\.\d+)?(e[-+]?\d+)?$/i.test(score) && typeof key === "string" && /^[nrp]:[\w:-]{1,200}$/.test(key))
      return { score, key };
  } catch {
    // Not base64 JSON: the same answer as a malformed one.
  }
  throw new AppError("BAD_REQUEST", "That page of results is not known: search again.", { fieldErrors: { cursor: ["That page of results is not known."] } });
}

/** `#tag` words in the query are tag filters; the rest is the text query. */
export function splitQuery(q: string): { words: string; tags: string[] } {
  const tags = bodyTags(q);
  const words = tags.length ? q.replace(/(^|[\s(\[])#[^\s()[\]]+/gu, "$1").replace(/\s+/gu, " ").trim() : q.trim();
  return { words, tags };
}

/** Whether the filters ask about notes only (so no passage of the text can answer). */
const notesOnly = (input: SearchInput, tags: string[]) =>
  Boolean(input.kind || input.state || input.author || input.mine || input.from || input.to || tags.length);

/**
 * One page of what `userId` may find in the group for this search. Throws NOT_FOUND for
 * someone who is not a member (or a group that does not exist).
 */
export async function searchGroup(userId: string, groupId: string, input: SearchInput): Promise<SearchPage> {
  checkId(groupId);
  const { words, tags: queryTags } = splitQuery(input.q);
  const tags = [...new Set([...queryTags, ...(input.tag ? [normaliseTag(input.tag)] : [])])];
  const cursor = input.cursor ? decodeCursor(input.cursor) : null;
  const hasQuery = words.length > 0;
  const withPassages = hasQuery && !notesOnly(input, tags);
  // Nothing to look for: no words and no filter gives the newest notes, which is what a
  // tag or a person's notes ask for, but a bare empty search answers nothing.
  const anything = hasQuery || notesOnly(input, tags) || Boolean(input.text);
  // A word in very many notes is looked for by walking the group's notes newest first until
  // CANDIDATES match; any other through the index of words (see commonWords).
  // (Not when a filter keeps few of the notes walked — one person's, a tag, a few days — as
  // the walk would then read far more of them: the index finds those.)
  const narrowed = Boolean(input.author || input.mine || input.from || input.to || tags.length);
  const common = hasQuery && !narrowed && (await commonWords(words));

  const query = hasQuery ? Prisma.sql`websearch_to_tsquery(${CONFIG}, ${words})` : Prisma.sql`NULL::tsquery`;
  const noteFilters: Prisma.Sql[] = [];
  // The query itself (not q.query): planned with this call's words, Postgres knows from the
  // index's statistics how many notes carry them, and walks the newest notes for a common word.
  if (hasQuery) noteFilters.push(Prisma.sql`a."searchVector" @@ ${query}`);
  if (tags.length) noteFilters.push(Prisma.sql`a.tags @> ${tags}::text[]`);
  // A reply answers to its thread's kind and state: "questions" finds the answers too.
  if (input.kind) noteFilters.push(Prisma.sql`COALESCE(th.kind, a.kind) = ${input.kind}::"AnnotationKind"`);
  if (input.state === "open")
    noteFilters.push(Prisma.sql`COALESCE(th.kind, a.kind) = 'question' AND COALESCE(th."answerId", a."answerId") IS NULL AND COALESCE(th."resolvedAt", a."resolvedAt") IS NULL`);
  if (input.state === "answered")
    noteFilters.push(Prisma.sql`COALESCE(th.kind, a.kind) = 'question' AND (COALESCE(th."answerId", a."answerId") IS NOT NULL OR COALESCE(th."resolvedAt", a."resolvedAt") IS NOT NULL)`);
  if (input.author) noteFilters.push(Prisma.sql`a."authorId" = ${input.author}`);
  if (input.mine) noteFilters.push(Prisma.sql`a."authorId" = me."userId"`);
  // Dates are days of the group's calendar (its time zone), both ends included.
  const day = Prisma.sql`(a."createdAt" AT TIME ZONE 'UTC' AT TIME ZONE g."timeZone")::date`;
  if (input.from) noteFilters.push(Prisma.sql`${day} >= ${input.from}::date`);
  if (input.to) noteFilters.push(Prisma.sql`${day} <= ${input.to}::date`);
  const and = (conditions: Prisma.Sql[]) => (conditions.length ? Prisma.sql`AND ${Prisma.join(conditions, " AND ")}` : Prisma.empty);

  const noteScore = hasQuery ? Prisma.sql`ts_rank(v."searchVector", q.query, 1)::float8` : Prisma.sql`extract(epoch FROM n."createdAt")::float8`;
  // A paragraph's words weigh as a note's body does (its vector is unweighted: D).
  const passageScore = Prisma.sql`ts_rank('{0.4, 0.2, 0.4, 1.0}', b."searchVector", q.query, 1)::float8`;
  const after = cursor ? Prisma.sql`WHERE (hits.score, hits.key COLLATE "C") < (${cursor.score}::float8, ${cursor.key} COLLATE "C")` : Prisma.empty;
  const strip = (text: Prisma.Sql) => Prisma.sql`translate(${text}, ${MARK_START + MARK_END}, '')`;
  const headline = (text: Prisma.Sql, options = HEADLINE) => Prisma.sql`ts_headline(${CONFIG}, ${strip(text)}, q.query, ${options})`;
  const noteWords = Prisma.sql`concat_ws(' — ', a.title, NULLIF(a.body, ''))`;

  const statement = Prisma.sql`
    WITH me AS MATERIALIZED (
      SELECT m."groupId", m."userId", m.role FROM "Membership" m WHERE m."groupId" = ${groupId} AND m."userId" = ${userId}
    ), q AS MATERIALIZED (
      SELECT ${query} AS query
    ), texts AS MATERIALIZED (
      SELECT t.id, t.slug, t."currentVersionId", t."retiredAt", v.title, ${peekLockedSql("me", Prisma.sql`t.id`)} AS locked
      FROM me JOIN "Text" t ON ${readableInSql("t", Prisma.sql`me."groupId"`, userId)}
      JOIN "TextVersion" v ON v.id = t."currentVersionId"
      ${input.text ? Prisma.sql`WHERE t.slug = ${input.text}` : Prisma.empty}
    ), notes AS (
      -- The notes and replies this member may see that match, newest first: with words, the
      -- newest CANDIDATES are ranked (a word in tens of thousands of notes costs no more than
      -- a rare one); with filters alone, the page after the cursor, straight from the index.
      SELECT CASE WHEN a."threadId" IS NULL THEN 'note' ELSE 'reply' END AS type, a.id, a."textId", a."createdAt",
             CASE WHEN a."threadId" IS NULL THEN 'n:' ELSE 'r:' END || a.id::text AS key
      FROM me CROSS JOIN q
      JOIN "Group" g ON g.id = me."groupId"
      JOIN ${
        common
          ? // OFFSET 0 keeps the walk a subquery of its own: read newest first, and only as far as needed.
            Prisma.sql`(SELECT * FROM "Annotation" w WHERE w."groupId" = ${groupId} ORDER BY w."createdAt" DESC OFFSET 0)`
          : Prisma.sql`"Annotation"`
      } a ON a."groupId" = me."groupId"
      JOIN texts tx ON tx.id = a."textId"
      LEFT JOIN "Annotation" th ON th.id = a."threadId"
      -- The group's id as a value too (it equals me's), so the plan is made knowing it.
      WHERE a."groupId" = ${groupId} AND ${anything ? Prisma.sql`TRUE` : Prisma.sql`FALSE`}
        AND a."deletedAt" IS NULL
        AND ${seesSql("a", "me")}
        AND (th.id IS NULL OR ${seesSql("th", "me")})
        AND (NOT tx.locked OR a."authorId" = me."userId" OR th."authorId" = me."userId")
        ${and(noteFilters)}
        ${!hasQuery && cursor ? Prisma.sql`AND (extract(epoch FROM a."createdAt")::float8, CASE WHEN a."threadId" IS NULL THEN 'n:' ELSE 'r:' END || a.id::text COLLATE "C") < (${cursor.score}::float8, ${cursor.key} COLLATE "C")` : Prisma.empty}
      ${common ? Prisma.empty : Prisma.sql`ORDER BY a."createdAt" DESC, (CASE WHEN a."threadId" IS NULL THEN 'n:' ELSE 'r:' END || a.id::text) COLLATE "C" DESC`}
      LIMIT ${hasQuery ? CANDIDATES : input.limit + 1}
    ), hits AS (
      -- Ranked by reading each candidate's vector again by its id: the newest-first sort above
      -- then moves only narrow rows.
      SELECT n.type, n.id::text AS id, n."textId", ${noteScore} AS score, n.key FROM notes n CROSS JOIN q JOIN "Annotation" v ON v.id = n.id
      ${
        withPassages
          ? Prisma.sql`UNION ALL
      SELECT 'passage', b.id, tx.id, ${passageScore}, 'p:' || b."versionId" || ':' || b.id
      FROM q CROSS JOIN texts tx
      JOIN "Block" b ON b."versionId" = tx."currentVersionId"
      WHERE tx."retiredAt" IS NULL AND b."searchVector" @@ ${query}`
          : Prisma.empty
      }
    ), page AS (
      SELECT hits.* FROM hits ${after} ORDER BY hits.score DESC, hits.key COLLATE "C" DESC LIMIT ${input.limit + 1}
    )
    SELECT 'member' AS type, NULL AS id, NULL AS "textSlug", NULL AS "textTitle", NULL AS headline, NULL AS "blockId", NULL AS "threadId",
           NULL AS kind, NULL AS "threadKind", NULL AS "authorId", NULL AS "authorName", NULL AS "createdAt", NULL::text[] AS tags,
           EXISTS (SELECT 1 FROM texts) AS private, (SELECT count(*) FROM notes)::text AS score, NULL AS key
    FROM me
    UNION ALL
    SELECT page.type, page.id, tx.slug, tx.title,
           CASE
             WHEN page.type = 'passage' THEN ${headline(Prisma.sql`b."plainText"`)}
             WHEN NOT ${hasQuery} THEN left(${strip(Prisma.sql`CASE WHEN a.body = '' AND a.title IS NULL THEN a.exact ELSE ${noteWords} END`)}, ${OPENING})
             WHEN to_tsvector(${CONFIG}, ${noteWords}) @@ q.query THEN ${headline(noteWords, NOTE_HEADLINE)}
             ELSE ${headline(Prisma.sql`a.exact`, NOTE_HEADLINE)}
           END,
           COALESCE(b.id, a."startBlockId"), a."threadId"::text, a.kind::text, th.kind::text, u.id, u.name, ${isoSql(Prisma.sql`a."createdAt"`)},
           a.tags, a.visibility = 'private' OR th.visibility = 'private', page.score::text, page.key
    FROM page CROSS JOIN q
    JOIN texts tx ON tx.id = page."textId"
    -- CASE, not AND: a block's id is no uuid, and AND does not promise to test the type first.
    LEFT JOIN "Annotation" a ON a.id = CASE WHEN page.type <> 'passage' THEN page.id::uuid END
    LEFT JOIN "Annotation" th ON th.id = a."threadId"
    LEFT JOIN "User" u ON u.id = a."authorId"
    LEFT JOIN "Block" b ON page.type = 'passage' AND b."versionId" = tx."currentVersionId" AND b.id = page.id
  `;
  const rows = await sqlQuery<Row>(statement, { planEachTime: true });

  const member = rows.find((r) => r.type === "member");
  if (!member) throw notFound("That group");
  // (The member row's "private" says whether any text matched: a text asked for by name must exist in the group.)
  if (input.text && !member.private) throw notFound("That text");
  const found = rows.filter((r) => r.type !== "member");
  // The statement returns the page's rows in no particular order after the join: sort again.
  found.sort((x, y) => Number(y.score) - Number(x.score) || (x.key! < y.key! ? 1 : x.key! > y.key! ? -1 : 0));
  const more = found.length > input.limit;
  const page = found.slice(0, input.limit);
  const last = page.at(-1);
  return {
    results: page.map((row) => toResult(groupId, row)),
    nextCursor: more && last ? encodeCursor({ score: last.score!, key: last.key! }) : null,
    // (The member row's "score" carries how many notes were candidates.)
    capped: hasQuery && Number(member.score) >= CANDIDATES,
  };
}

function toResult(groupId: string, row: Row): SearchResult {
  const slug = row.textSlug!;
  const { snippet, marks } = readHeadline(row.headline ?? "");
  const href =
    row.type === "passage"
      ? `/groups/${groupId}/texts/${encodeURIComponent(slug)}?at=${encodeURIComponent(row.blockId!)}#${encodeURIComponent(row.blockId!)}`
      : threadUrl(groupId, slug, row.threadId ?? row.id!, row.threadId ? row.id : null);
  return {
    type: row.type as SearchResult["type"],
    id: row.id!,
    textSlug: slug,
    textTitle: row.textTitle ?? slug,
    snippet,
    marks,
    href,
    kind: row.type === "passage" ? null : row.kind,
    threadKind: row.type === "reply" ? row.threadKind : null,
    author: row.authorId ? { id: row.authorId, name: row.authorName ?? "" } : null,
    createdAt: row.createdAt,
    tags: row.tags ?? [],
    private: row.private ?? false,
  };
}

/**
 * The tags of the notes and replies `userId` may see in the group (or on one of its
 * texts), each with how many carry it: most used first. Asked with the same rules, in the
 * same statement, as search.
 */
export async function listTags(userId: string, groupId: string, options: { text?: string } = {}): Promise<TagCount[]> {
  checkId(groupId);
  const rows = await sqlQuery<{ tag: string | null; count: number | null; member: boolean }>(Prisma.sql`
    WITH me AS MATERIALIZED (
      SELECT m."groupId", m."userId", m.role FROM "Membership" m WHERE m."groupId" = ${groupId} AND m."userId" = ${userId}
    ), texts AS MATERIALIZED (
      SELECT t.id, ${peekLockedSql("me", Prisma.sql`t.id`)} AS locked
      FROM me JOIN "Text" t ON ${readableInSql("t", Prisma.sql`me."groupId"`, userId)}
      ${options.text ? Prisma.sql`WHERE t.slug = ${options.text}` : Prisma.empty}
    )
    SELECT NULL AS tag, EXISTS (SELECT 1 FROM texts)::int AS count, true AS member FROM me
    UNION ALL
    (SELECT tag, count(*)::int, false
     FROM me
     JOIN "Annotation" a ON a."groupId" = me."groupId"
     JOIN texts tx ON tx.id = a."textId"
     LEFT JOIN "Annotation" th ON th.id = a."threadId"
     CROSS JOIN LATERAL unnest(a.tags) AS tag
     WHERE a.tags <> '{}' AND a."deletedAt" IS NULL
       AND ${seesSql("a", "me")}
       AND (th.id IS NULL OR ${seesSql("th", "me")})
       AND (NOT tx.locked OR a."authorId" = me."userId" OR th."authorId" = me."userId")
     GROUP BY tag
     ORDER BY count(*) DESC, tag COLLATE "C"
     LIMIT 200)`);
  const member = rows.find((r) => r.member);
  if (!member) throw notFound("That group");
  // (The member row's count says whether any text matched: a text asked for by name must exist in the group.)
  if (options.text && !member.count) throw notFound("That text");
  return rows.filter((r) => !r.member).map((r) => ({ tag: r.tag!, count: r.count! }));
}
