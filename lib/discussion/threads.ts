import "server-only";
import { db, sqlQuery } from "@/lib/db";
import { AppError, notFound } from "@/lib/errors";
import { Prisma } from "@/lib/generated/prisma/client";
import { asFacilitator, asMember, checkId } from "@/lib/groups/groups";
import { readableIn } from "@/lib/library/scope";
import { annotationView, replyVisibleTo, startThread, toView, visibleTo } from "@/lib/annotations/annotations";
import { annotationIdSchema } from "@/lib/annotations/schemas";
import type { AnnotationView, ReactionKind } from "@/lib/annotations/view";
import { mailPending } from "./digest";
import { audience, follow, notifyAnswered, notifyNewItem, recordMentions } from "./notify";
import { lockedTexts, openTo, peekLocked, peekLockedSql } from "@/lib/readings/peek";
import { annotationEvent, eventSql, INBOX_CHANNEL } from "@/lib/realtime/events";
import { noteViewSql } from "@/lib/annotations/list";
import { replyReadableSql, seesSql } from "@/lib/annotations/visibility-sql";
import { MAX_TITLE_LENGTH, type DiscussionInput, type ReplyInput } from "./schemas";

// Threads: replies (to notes and to replies), titled discussions of a text as a
// whole, a question's answer and state, facilitators' pins, reactions and follows.
// As in lib/annotations, every query is scoped by the acting person's membership and
// by what they may see; what they may not see is NOT_FOUND. A reply takes its
// thread's visibility, so nobody can reply into, or read, a thread they cannot see.

const NOTE = "That note";
const THREAD = "That thread";

function checkNoteId(id: string, what = NOTE): string {
  if (!annotationIdSchema.safeParse(id).success) throw notFound(what);
  return id;
}

/** Replies to a note or to a reply. Idempotent on the client's id, like notes. */
export async function createReply(userId: string, groupId: string, parentId: string, input: ReplyInput) {
  checkId(groupId);
  checkNoteId(parentId);
  const existing = await db.annotation.findFirst({
    where: { id: input.id },
    select: { authorId: true, groupId: true, parentId: true, deletedAt: true },
  });
  if (existing) {
    if (existing.authorId !== userId || existing.groupId !== groupId || existing.parentId !== parentId || existing.deletedAt)
      throw new AppError("CONFLICT", "That reply id is already in use; the page will make a new one.");
    return { reply: (await getReplyView(userId, groupId, input.id)), created: false };
  }
  // The note answered, as this member may see it (not on a text still closed to them by
  // "post before you peek"), with its thread's facts: one statement.
  const [parent] = await sqlQuery<{
    id: string;
    kind: string;
    authorId: string;
    textId: string;
    versionId: string;
    hidden: boolean;
    threadId: string | null;
    target: string;
    visibility: "group" | "private";
    threadAuthorId: string | null;
    threadVisibility: "group" | "private" | null;
    threadHidden: boolean | null;
  }>(Prisma.sql`
    SELECT p.id::text, p.kind::text, p."authorId", p."textId", p."versionId", p."hiddenAt" IS NOT NULL AS hidden, p."threadId"::text,
           p.target::text, p.visibility::text, th."authorId" AS "threadAuthorId", th.visibility::text AS "threadVisibility",
           th."hiddenAt" IS NOT NULL AS "threadHidden"
    FROM "Membership" m
    JOIN "Annotation" p ON p.id = ${parentId}::uuid AND p."groupId" = m."groupId"
    LEFT JOIN "Annotation" th ON th.id = p."threadId"
    WHERE m."groupId" = ${groupId} AND m."userId" = ${userId} AND p."deletedAt" IS NULL
      AND ${seesSql("p", "m")} AND (p."threadId" IS NULL OR ${seesSql("th", "m")})
      AND (p."authorId" = m."userId" OR th."authorId" = m."userId" OR NOT ${peekLockedSql("m", Prisma.sql`p."textId"`)})`);
  if (!parent) throw notFound(NOTE);
  if (parent.kind === "highlight")
    throw new AppError("CONFLICT", "A highlight has no conversation: comment on the passage to start one.");
  if (parent.hidden || parent.threadHidden)
    throw new AppError("CONFLICT", "A facilitator has hidden this note from the group, so it can’t be replied to. Show it again first.");
  const threadId = parent.threadId ?? parent.id;
  // The thread's facts come with the parent: the parent is the thread's first note, or a reply in it.
  const thread = parent.threadId
    ? { id: parent.threadId, groupId, authorId: parent.threadAuthorId!, visibility: parent.threadVisibility!, hiddenAt: null }
    : { id: parent.id, groupId, authorId: parent.authorId, visibility: parent.visibility, hiddenAt: null };
  const target = parent.target as "passage" | "text";
  try {
    if (input.body.includes("@")) {
      await createNamingReply(userId, groupId, input, { ...parent, target }, thread);
      return { reply: await getReplyView(userId, groupId, input.id), created: true };
    }
    // Otherwise one statement, one transaction: the reply; its writer following the thread;
    // the thread's followers and the author of what it answers told (those who are members
    // now and may see the thread, never the writer); their inboxes announced; the group's event.
    const now = new Date().toISOString();
    const [row] = await sqlQuery<{ view: string; told: string[] | null }>(Prisma.sql`
      WITH reply AS (
        INSERT INTO "Annotation" (id, "groupId", "textId", "versionId", "authorId", kind, body, visibility, target, "parentId", "threadId",
                                  exact, "anchorState", "createdAt", "updatedAt")
        VALUES (${input.id}::uuid, ${groupId}, ${parent.textId}, ${parent.versionId}, ${userId}, 'reply', ${input.body}, ${thread.visibility}::"Visibility",
                ${target}::"AnnotationTarget", ${parent.id}::uuid, ${threadId}::uuid, '', 'exact', ${now}::timestamp, ${now}::timestamp)
        RETURNING *
      ), followed AS (
        INSERT INTO "ThreadFollow" ("threadId", "userId", following, "updatedAt") SELECT "threadId", ${userId}, true, ${now}::timestamp FROM reply
        ON CONFLICT DO NOTHING
      ), told AS (
        SELECT m."userId" FROM "Membership" m
        WHERE m."groupId" = ${groupId} AND m."userId" <> ${userId} AND EXISTS (SELECT 1 FROM reply)
          AND m."userId" IN (SELECT f."userId" FROM "ThreadFollow" f WHERE f."threadId" = ${threadId}::uuid AND f.following UNION SELECT ${parent.authorId})
          AND ${thread.visibility === "private" ? Prisma.sql`m."userId" = ${thread.authorId}` : Prisma.sql`TRUE`}
      ), notified AS (
        INSERT INTO "Notification" (id, "userId", "groupId", kind, "actorId", "threadId", "annotationId", "createdAt")
        SELECT gen_random_uuid()::text, "userId", ${groupId}, 'reply', ${userId}, ${threadId}::uuid, ${input.id}::uuid, ${now}::timestamp FROM told
        ON CONFLICT DO NOTHING
        RETURNING "userId"
      ), announced AS (
        SELECT count(pg_notify(${INBOX_CHANNEL}, "userId")) AS n FROM notified
      ), ${eventSql(
        {
          groupId,
          kind: "annotation.created",
          actorId: userId,
          textId: parent.textId,
          annotationId: input.id,
          threadId,
          onlyUserId: thread.visibility === "private" ? thread.authorId : null,
        },
        Prisma.sql`EXISTS (SELECT 1 FROM reply)`,
      )}
      SELECT ${noteViewSql(false)} AS view, (SELECT array_agg("userId") FROM notified) AS told
      FROM reply a JOIN "User" u ON u.id = a."authorId" CROSS JOIN event CROSS JOIN announced`);
    const told = row!.told ?? [];
    if (told.length) await mailPending("immediately", { userIds: told });
    return { reply: { ...(JSON.parse(row!.view) as Omit<AnnotationView, "replyCount">), replyCount: 0 }, created: true };
  } catch (error) {
    const unique = (error as { code?: string }).code === "23505" || (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002");
    if (unique) return { reply: await getReplyView(userId, groupId, input.id), created: false };
    throw error;
  }
}

/** A reply whose body names someone: its mentions and their notifications are written with it. */
async function createNamingReply(
  userId: string,
  groupId: string,
  input: ReplyInput,
  parent: { id: string; textId: string; versionId: string; authorId: string; target: "passage" | "text" },
  thread: { id: string; groupId: string; authorId: string; visibility: "group" | "private"; hiddenAt: null },
) {
  const { told } = await db.$transaction(async (tx) => {
    await tx.annotation.create({
      data: {
        id: input.id,
        groupId,
        textId: parent.textId,
        versionId: parent.versionId,
        authorId: userId,
        kind: "reply",
        body: input.body,
        visibility: thread.visibility,
        target: parent.target,
        parentId: parent.id,
        threadId: thread.id,
        exact: "",
        anchorState: "exact",
      },
    });
    await follow(tx, thread.id, userId);
    const mentioned = await recordMentions(tx, { id: input.id, groupId, body: input.body }, { isNew: true });
    const told = await notifyNewItem(tx, { itemId: input.id, actorId: userId, thread, mentioned, parentAuthorId: parent.authorId });
    // Last: the event takes the group's lock, held until the commit (lib/realtime/events.ts).
    await annotationEvent(tx, input.id, "annotation.created", userId, {
      groupId,
      textId: parent.textId,
      threadId: thread.id,
      onlyUserId: thread.visibility === "private" ? thread.authorId : null,
    });
    return { told };
  });
  await mailPending("immediately", { userIds: told });
}

async function getReplyView(userId: string, groupId: string, id: string): Promise<AnnotationView> {
  const locked = await lockedTexts(userId, groupId);
  const row = await db.annotation.findFirst({ where: { id, groupId, group: asMember(userId), AND: [visibleTo(userId), openTo(userId, locked)] }, select: annotationView });
  if (!row) throw notFound(NOTE);
  return toView(row);
}

/** Starts a titled discussion of a text as a whole, in the group's general discussion of it. */
export async function createDiscussion(userId: string, groupId: string, input: DiscussionInput) {
  checkId(groupId);
  const existing = await db.annotation.findUnique({ where: { id: input.id }, select: { authorId: true, groupId: true, deletedAt: true, target: true } });
  if (existing) {
    if (existing.authorId !== userId || existing.groupId !== groupId || existing.deletedAt || existing.target !== "text")
      throw new AppError("CONFLICT", "That discussion id is already in use; the page will make a new one.");
    return { discussion: (await getThread(userId, groupId, input.id)).thread, created: false };
  }
  const group = await db.group.findFirst({ where: { id: groupId, ...asMember(userId) }, select: { id: true } });
  if (!group) throw notFound("That group");
  const text = await db.text.findFirst({ where: { slug: input.text, ...readableIn(groupId, userId) }, select: { id: true, currentVersionId: true } });
  if (!text?.currentVersionId) throw notFound("That text");
  let title = input.title;
  if (input.promptId) {
    const prompt = await db.prompt.findFirst({
      where: { id: input.promptId, reading: { groupId: group.id, textId: text.id, deletedAt: null, group: asMember(userId) } },
      select: { body: true },
    });
    if (!prompt) throw new AppError("BAD_REQUEST", "That prompt is not one of this text’s weeks.", { fieldErrors: { promptId: ["That prompt is not one of this text’s weeks."] } });
    title ??= prompt.body.length > MAX_TITLE_LENGTH ? `${prompt.body.slice(0, MAX_TITLE_LENGTH - 1)}…` : prompt.body;
  }
  const told = await db.$transaction(async (tx) => {
    await tx.annotation.create({
      data: {
        id: input.id,
        groupId,
        textId: text.id,
        versionId: text.currentVersionId!,
        authorId: userId,
        kind: input.kind,
        body: input.body,
        title,
        promptId: input.promptId ?? null,
        target: "text",
        exact: "",
      },
    });
    const told = await startThread(tx, { id: input.id, groupId, authorId: userId, body: input.body, visibility: "group" });
    await annotationEvent(tx, input.id, "annotation.created", userId, { groupId, textId: text.id, threadId: null, onlyUserId: null });
    return told;
  });
  await mailPending("immediately", { userIds: told });
  return { discussion: (await getThread(userId, groupId, input.id)).thread, created: true };
}

/**
 * A whole thread: its first note and every reply this person may read, oldest first,
 * each with its parent. A deleted or hidden reply that others replied to stays as a
 * placeholder so the conversation under it keeps its place.
 */
export async function getThread(userId: string, groupId: string, threadId: string) {
  checkId(groupId);
  checkNoteId(threadId, THREAD);
  // One statement: the thread's start if this member may see it, with the reader's facts
  // (role, following, whether "post before you peek" still closes the text to them) and
  // every reply in it, each rendered as the note view it may be shown as. Nothing comes
  // back unless the reader is a member and the start is theirs to see.
  const rows = await sqlQuery<ThreadRow>(Prisma.sql`
    WITH m AS (SELECT * FROM "Membership" WHERE "groupId" = ${groupId} AND "userId" = ${userId}),
    root AS (
      SELECT a.* FROM "Annotation" a JOIN m ON true
      WHERE a.id = ${threadId}::uuid AND a."groupId" = ${groupId} AND a."threadId" IS NULL AND a.kind <> 'highlight' AND ${seesSql("a", "m")}
    )
    SELECT 'root' AS type, a.id::text, NULL AS "parentId", a."authorId", a."deletedAt" IS NULL AS readable,
           CASE WHEN a."deletedAt" IS NULL THEN ${noteViewSql(false)} ELSE ${noteViewSql(true)} END AS view,
           m.role::text AS role,
           COALESCE((SELECT f.following FROM "ThreadFollow" f WHERE f."threadId" = a.id AND f."userId" = m."userId"), false) AS following,
           ${peekLockedSql("m", Prisma.sql`a."textId"`)} AS locked,
           t.slug, COALESCE(v.title, t.slug) AS title, NULL::timestamp AS "createdAt"
    FROM root a JOIN m ON true JOIN "User" u ON u.id = a."authorId" JOIN "Text" t ON t.id = a."textId"
    LEFT JOIN "TextVersion" v ON v.id = t."currentVersionId"
    UNION ALL
    SELECT 'reply', a.id::text, a."parentId"::text, a."authorId", ${replyReadableSql("a", "m")},
           CASE WHEN ${replyReadableSql("a", "m")} THEN ${noteViewSql(false)} ELSE ${noteViewSql(true)} END,
           NULL, NULL, NULL, NULL, NULL, a."createdAt"
    FROM "Annotation" a JOIN m ON true JOIN "User" u ON u.id = a."authorId"
    WHERE a."threadId" = ${threadId}::uuid AND a."groupId" = ${groupId} AND EXISTS (SELECT 1 FROM root)
    ORDER BY "createdAt" ASC NULLS FIRST, id ASC`);
  const root = rows[0];
  if (!root || root.type !== "root") throw notFound(THREAD);
  const replyRows = rows.slice(1);
  // A deleted start stays as a placeholder only while a reply the reader may read is under it.
  if (!root.readable && !replyRows.some((r) => r.readable)) throw notFound(THREAD);
  if (root.authorId !== userId && root.locked)
    throw new AppError("NOT_FOUND", "Post your own note on this text first: the group’s notes open once you have.");
  // Keep what may be read, and any unreadable reply with something readable under it.
  const children = new Map<string, ThreadRow[]>();
  for (const r of replyRows) {
    const list = children.get(r.parentId!) ?? [];
    list.push(r);
    children.set(r.parentId!, list);
  }
  const keep = new Map<string, boolean>();
  const kept = (r: ThreadRow): boolean => {
    const known = keep.get(r.id);
    if (known !== undefined) return known;
    const result = r.readable || (children.get(r.id) ?? []).some(kept);
    keep.set(r.id, result);
    return result;
  };
  const replies = replyRows.filter(kept).map((r) => ({ ...(JSON.parse(r.view) as Omit<AnnotationView, "replyCount">), replyCount: 0 }));
  return {
    thread: { ...(JSON.parse(root.view) as Omit<AnnotationView, "replyCount">), replyCount: replies.filter((r) => !r.deleted).length },
    replies,
    text: { slug: root.slug!, title: root.title! },
    following: root.following!,
    facilitator: root.role === "facilitator",
  };
}
type ThreadRow = {
  type: "root" | "reply";
  id: string;
  parentId: string | null;
  authorId: string;
  readable: boolean;
  view: string;
  role: string | null;
  following: boolean | null;
  locked: boolean | null;
  slug: string | null;
  title: string | null;
};
export type ThreadData = Awaited<ReturnType<typeof getThread>>;

/**
 * Every reply on a text that this person may read, oldest first: with the threads from
 * listAnnotations, the whole conversation for an export.
 */
export async function listTextReplies(userId: string, groupId: string, slug: string): Promise<AnnotationView[]> {
  checkId(groupId);
  const text = await db.text.findFirst({ where: { slug, ...readableIn(groupId, userId) }, select: { id: true } });
  if (!text) throw notFound("That text");
  const locked = await peekLocked(userId, groupId, text.id);
  const group = await db.group.findFirst({
    where: { id: groupId, ...asMember(userId) },
    select: {
      annotations: {
        where: { textId: text.id, kind: "reply", AND: [visibleTo(userId), replyVisibleTo(userId), ...(locked ? [{ thread: { authorId: userId } }] : [])] },
        orderBy: [{ createdAt: "asc" }, { id: "asc" }],
        select: annotationView,
      },
    },
  });
  if (!group) throw notFound("That group");
  return group.annotations.map((row) => toView(row));
}

/** The thread's first note, when this person may see it and act on it as `who` says. */
async function threadFor(
  tx: Prisma.TransactionClient,
  userId: string,
  groupId: string,
  threadId: string,
  who: "author or facilitator" | "facilitator",
  questionOnly: boolean,
) {
  const row = await tx.annotation.findFirst({
    where: {
      id: checkNoteId(threadId, THREAD),
      groupId: checkId(groupId),
      group: asMember(userId),
      threadId: null,
      kind: questionOnly ? "question" : { in: ["comment", "question"] },
      AND: [visibleTo(userId), who === "facilitator" ? { group: asFacilitator(userId) } : { OR: [{ authorId: userId }, { group: asFacilitator(userId) }] }],
    },
    select: { id: true, groupId: true, authorId: true, visibility: true, hiddenAt: true, answerId: true },
  });
  if (!row) throw notFound(questionOnly ? "That question" : THREAD);
  return row;
}

/** Marks a reply as the question's answer (its author or a facilitator), or unmarks it with null. */
export async function setAnswer(userId: string, groupId: string, threadId: string, answerId: string | null) {
  const told = await db.$transaction(async (tx) => {
    const question = await threadFor(tx, userId, groupId, threadId, "author or facilitator", true);
    if (answerId !== null) {
      const reply = await tx.annotation.findFirst({
        where: { id: checkNoteId(answerId, "That reply"), threadId: question.id, groupId, ...visibleTo(userId) },
        select: { id: true },
      });
      if (!reply) throw notFound("That reply");
    }
    await tx.annotation.update({ where: { id: question.id }, data: { answerId } });
    await annotationEvent(tx, question.id, "thread.updated", userId);
    return answerId ? notifyAnswered(tx, { thread: question, actorId: userId, itemId: answerId }) : [];
  });
  await mailPending("immediately", { userIds: told });
  return getThread(userId, groupId, threadId);
}

/** Resolves a question without marking an answer, or opens it again (clearing any answer). */
export async function setResolved(userId: string, groupId: string, threadId: string, resolved: boolean) {
  await db.$transaction(async (tx) => {
    const question = await threadFor(tx, userId, groupId, threadId, "author or facilitator", true);
    await tx.annotation.update({
      where: { id: question.id },
      data: resolved ? { resolvedAt: new Date(), resolvedById: userId } : { resolvedAt: null, resolvedById: null, answerId: null },
    });
    await annotationEvent(tx, question.id, "thread.updated", userId);
  });
  return getThread(userId, groupId, threadId);
}

/** Facilitators pin a thread to the top of the group's lists. */
export async function setPinned(userId: string, groupId: string, threadId: string, pinned: boolean) {
  await db.$transaction(async (tx) => {
    const thread = await threadFor(tx, userId, groupId, threadId, "facilitator", false);
    await tx.annotation.update({ where: { id: thread.id }, data: { pinnedAt: pinned ? new Date() : null } });
    await annotationEvent(tx, thread.id, "thread.updated", userId);
  });
  return getThread(userId, groupId, threadId);
}

/** Facilitators mark a thread to talk about at the next meeting. */
export async function setForMeeting(userId: string, groupId: string, threadId: string, forMeeting: boolean) {
  await db.$transaction(async (tx) => {
    const thread = await threadFor(tx, userId, groupId, threadId, "facilitator", false);
    await tx.annotation.update({ where: { id: thread.id }, data: { forMeetingAt: forMeeting ? new Date() : null } });
    await annotationEvent(tx, thread.id, "thread.updated", userId);
  });
  return getThread(userId, groupId, threadId);
}

/**
 * Turns one of this person's reactions to a note or reply on or off. Setting what is
 * already set changes nothing, so repeated requests are harmless.
 */
export async function setReaction(userId: string, groupId: string, annotationId: string, kind: ReactionKind, on: boolean) {
  checkNoteId(annotationId);
  const locked = await lockedTexts(userId, checkId(groupId));
  const note = await db.annotation.findFirst({
    where: {
      id: annotationId,
      groupId,
      group: asMember(userId),
      kind: { not: "highlight" },
      AND: [visibleTo(userId), openTo(userId, locked)],
    },
    select: { id: true },
  });
  if (!note) throw notFound(NOTE);
  await db.$transaction(async (tx) => {
    const { count } = on
      ? await tx.reaction.createMany({ data: [{ annotationId: note.id, userId, kind }], skipDuplicates: true })
      : await tx.reaction.deleteMany({ where: { annotationId: note.id, userId, kind } });
    // Only a real change is news: repeating a request records nothing.
    if (count > 0) await annotationEvent(tx, note.id, "reaction", userId);
  });
  const row = await db.annotation.findUniqueOrThrow({ where: { id: note.id }, select: annotationView });
  return toView(row).reactions;
}

/** Follows or unfollows a thread this person may see: followers hear of every reply. */
export async function setFollow(userId: string, groupId: string, threadId: string, following: boolean) {
  checkNoteId(threadId, THREAD);
  const locked = await lockedTexts(userId, checkId(groupId));
  const thread = await db.annotation.findFirst({
    where: { id: threadId, groupId, group: asMember(userId), threadId: null, kind: { not: "highlight" }, AND: [visibleTo(userId), openTo(userId, locked)] },
    select: { id: true, groupId: true, authorId: true, visibility: true, hiddenAt: true },
  });
  if (!thread) throw notFound(THREAD);
  // Private threads have one reader: following one changes nothing anyone sees.
  if (!(await audience(db, thread, [userId])).length) throw notFound(THREAD);
  await follow(db, thread.id, userId, following);
  return { following };
}
