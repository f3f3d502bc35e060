import "server-only";
import { db, sqlQuery } from "@/lib/db";
import { AppError, notFound } from "@/lib/errors";
import { Prisma } from "@/lib/generated/prisma/client";
import { asFacilitator, asMember, checkId } from "@/lib/groups/groups";
import { readableInSql } from "@/lib/library/scope";
import { AnchorError, checkSelector } from "@/lib/anchoring/describe";
import { reanchor } from "@/lib/anchoring/reanchor";
import type { Selector } from "@/lib/anchoring/types";
import {
  annotationIdSchema,
  type AnchorInput,
  type CreateAnnotationInput,
  type editAnnotationSchema,
} from "./schemas";
import { versionBlocks } from "./version-blocks";
import { noteViewSql } from "./list";
import type { AnnotationView, ReactionKind } from "./view";
import { follow, notifyNewItem, recordMentions, threadInfo } from "@/lib/discussion/notify";
import { mailPending } from "@/lib/discussion/digest";
import { annotationEvent, eventSql } from "@/lib/realtime/events";
import { lockedTexts, openTo } from "@/lib/readings/peek";

export type { AnnotationView } from "./view";
import type { z } from "zod";

// Every function takes the acting user's id and scopes its query by their membership
// of the group, like lib/groups. On top of that, a note is visible to a member when
// it is not deleted and is either theirs, or for the group and not hidden — except
// that facilitators also see hidden notes (marked), so they can show them again.
// A note someone may not see is NOT_FOUND, exactly like one that does not exist.

const NOTE = "That note";

export const annotationView = {
  id: true,
  kind: true,
  color: true,
  body: true,
  visibility: true,
  versionId: true,
  startBlockId: true,
  startOffset: true,
  endBlockId: true,
  endOffset: true,
  exact: true,
  prefix: true,
  suffix: true,
  anchorState: true,
  revision: true,
  hiddenAt: true,
  createdAt: true,
  editedAt: true,
  deletedAt: true,
  target: true,
  title: true,
  promptId: true,
  parentId: true,
  threadId: true,
  answerId: true,
  resolvedAt: true,
  pinnedAt: true,
  forMeetingAt: true,
  tags: true,
  fieldTags: true,
  importedFrom: true,
  importedAuthorName: true,
  importedCreatedAt: true,
  author: { select: { id: true, name: true } },
  mentions: { select: { user: { select: { id: true, name: true } } } },
  reactions: { select: { kind: true, user: { select: { id: true, name: true } } }, orderBy: { createdAt: "asc" } },
} satisfies Prisma.AnnotationSelect;

type AnnotationRow = Prisma.AnnotationGetPayload<{ select: typeof annotationView }>;

const REACTION_ORDER: ReactionKind[] = ["agree", "same", "insightful", "heart", "laugh", "thinking"];

/**
 * A note as its reader may see it. One that was deleted (or hidden from this reader)
 * but has replies is kept as a placeholder: its place in the thread, not its words.
 */
export function toView(row: AnnotationRow, options: { replyCount?: number; placeholder?: boolean } = {}): AnnotationView {
  const placeholder = options.placeholder ?? row.deletedAt !== null;
  const placed =
    row.anchorState !== "orphan" &&
    row.startBlockId !== null &&
    row.endBlockId !== null &&
    row.startOffset !== null &&
    row.endOffset !== null;
  return {
    id: row.id,
    kind: row.kind,
    color: row.color,
    body: row.body,
    visibility: row.visibility,
    author: row.author,
    createdAt: row.createdAt.toISOString(),
    editedAt: row.editedAt?.toISOString() ?? null,
    revision: row.revision,
    hidden: row.hiddenAt !== null,
    anchorState: row.anchorState,
    versionId: row.versionId,
    position: placed
      ? { startBlockId: row.startBlockId!, startOffset: row.startOffset!, endBlockId: row.endBlockId!, endOffset: row.endOffset! }
      : null,
    quote: { exact: row.exact, prefix: row.prefix, suffix: row.suffix },
    target: row.target,
    title: row.title,
    promptId: row.promptId,
    parentId: row.parentId,
    threadId: row.threadId,
    deleted: placeholder,
    replyCount: options.replyCount ?? 0,
    answerId: row.answerId,
    resolved: row.resolvedAt !== null,
    pinned: row.pinnedAt !== null,
    forMeeting: row.forMeetingAt !== null,
    tags: placeholder ? [] : (row.tags ?? []),
    fieldTags: placeholder ? [] : (row.fieldTags ?? []),
    mentions: placeholder ? [] : row.mentions.map((m) => m.user),
    reactions: placeholder
      ? []
      : REACTION_ORDER.flatMap((kind) => {
          const people = row.reactions.filter((r) => r.kind === kind).map((r) => r.user);
          return people.length ? [{ kind, people }] : [];
        }),
    imported:
      placeholder || row.importedFrom === null
        ? null
        : {
            source: row.importedFrom as "study-circle" | "hypothesis",
            authorName: row.importedAuthorName,
            createdAt: row.importedCreatedAt?.toISOString() ?? null,
          },
    // A placeholder keeps its place, not its words nor who wrote them.
    ...(placeholder ? { body: "", color: null, title: null, author: { id: "", name: "" } } : {}),
  };
}

/** Whether this user may see a note's thread at all: its author's, or the group's and not hidden (facilitators see hidden ones). */
export function seenBy(userId: string): Prisma.AnnotationWhereInput {
  return { OR: [{ authorId: userId }, { visibility: "group", OR: [{ hiddenAt: null }, { group: asFacilitator(userId) }] }] };
}

/**
 * The notes and replies this user may see, as a Prisma filter (membership is checked
 * separately in the same where). A reply is seen by whoever may see its thread.
 */
export function visibleTo(userId: string): Prisma.AnnotationWhereInput {
  return { deletedAt: null, AND: [seenBy(userId), { OR: [{ threadId: null }, { thread: seenBy(userId) }] }] };
}

/** Replies in a thread that this user may read (the thread itself is checked by the caller). */
export function replyVisibleTo(userId: string): Prisma.AnnotationWhereInput {
  return { deletedAt: null, OR: [{ authorId: userId }, { hiddenAt: null }, { group: asFacilitator(userId) }] };
}

function checkAnnotationId(id: string): string {
  if (!annotationIdSchema.safeParse(id).success) throw notFound(NOTE);
  return id;
}

// The notes list is one SQL statement of its own (lib/annotations/list.ts).
export { listAnnotations, listAnnotationsJson, type AnnotationList } from "./list";

/**
 * For the group's page, per text slug: how many notes on its words this member can see,
 * and how many questions among them and its general discussion are still open. A text
 * still closed to them ("post before you peek") counts only their own.
 */
export async function countAnnotationsByText(userId: string, groupId: string): Promise<Record<string, { notes: number; openQuestions: number }>> {
  const group = await db.group.findFirst({ where: { id: checkId(groupId), ...asMember(userId) }, select: { id: true } });
  if (!group) throw notFound("That group");
  const locked = await lockedTexts(userId, group.id);
  const where = { groupId: group.id, group: asMember(userId), threadId: null, AND: [visibleTo(userId), openTo(userId, locked)] };
  const [notes, open] = await Promise.all([
    db.annotation.groupBy({ by: ["textId"], where: { ...where, target: "passage" }, _count: { _all: true } }),
    db.annotation.groupBy({ by: ["textId"], where: { ...where, kind: "question", resolvedAt: null, answerId: null }, _count: { _all: true } }),
  ]);
  const ids = [...new Set([...notes, ...open].map((c) => c.textId))];
  if (!ids.length) return {};
  const texts = await db.text.findMany({ where: { id: { in: ids } }, select: { id: true, slug: true } });
  const countOf = (list: typeof notes, id: string) => list.find((c) => c.textId === id)?._count._all ?? 0;
  return Object.fromEntries(texts.map((t) => [t.slug, { notes: countOf(notes, t.id), openQuestions: countOf(open, t.id) }]));
}

/** One note as this member may see it; one on a text still closed to them ("post before you peek") is NOT_FOUND unless theirs. */
export async function getAnnotation(userId: string, groupId: string, annotationId: string) {
  const locked = await lockedTexts(userId, checkId(groupId));
  const row = await db.annotation.findFirst({
    where: { id: checkAnnotationId(annotationId), groupId, group: asMember(userId), AND: [visibleTo(userId), openTo(userId, locked)] },
    select: { ...annotationView, text: { select: { slug: true } } },
  });
  if (!row) throw notFound(NOTE);
  return { ...toView(row), textSlug: row.text.slug };
}

/**
 * Checks the reader's selection against the version it was made on, then carries it
 * to the text's current version when the text changed in between.
 */
async function resolveAnchor(textId: string, currentVersionId: string, anchor: AnchorInput): Promise<Selector> {
  // The current version needs no lookup: it was just read with the text.
  const version =
    anchor.versionId === currentVersionId
      ? { id: currentVersionId }
      : await db.textVersion.findFirst({ where: { id: anchor.versionId, textId }, select: { id: true } });
  if (!version) throw new AppError("BAD_REQUEST", "That version of the text was not found; reload the page and select again.");
  const blocks = await versionBlocks(version.id);
  let selector: Selector;
  try {
    selector = checkSelector(blocks, anchor);
  } catch (error) {
    if (error instanceof AnchorError) throw new AppError("BAD_REQUEST", error.message);
    throw error;
  }
  if (version.id === currentVersionId) return selector;
  const moved = reanchor(selector, blocks, await versionBlocks(currentVersionId));
  if (moved.state === "orphan")
    throw new AppError("CONFLICT", "The text has changed since this page was opened and the selection is no longer in it. Reload and select again.");
  return moved.selector;
}

function anchorColumns(selector: Selector) {
  return {
    startBlockId: selector.startBlockId,
    startOffset: selector.startOffset,
    endBlockId: selector.endBlockId,
    endOffset: selector.endOffset,
    exact: selector.exact,
    prefix: selector.prefix,
    suffix: selector.suffix,
  };
}

/**
 * Creates a note. The id comes from the client: sending the same note again (a retry
 * after a lost response) returns the one already stored, with created: false.
 */
export async function createAnnotation(userId: string, groupId: string, input: CreateAnnotationInput) {
  checkId(groupId);
  // What a new note needs to know, in one statement: whether its id is taken (a retry, or
  // someone else's), whether the writer is a member, and the text as this group may read it.
  const [known] = await sqlQuery<{ taken: boolean; member: boolean; textId: string | null; versionId: string | null }>(Prisma.sql`
    SELECT EXISTS (SELECT 1 FROM "Annotation" WHERE id = ${input.id}::uuid) AS taken,
           EXISTS (SELECT 1 FROM "Membership" WHERE "groupId" = ${groupId} AND "userId" = ${userId}) AS member,
           t.id AS "textId", t."currentVersionId" AS "versionId"
    FROM (SELECT 1) AS one LEFT JOIN "Text" t ON t.slug = ${input.text} AND ${readableInSql("t", groupId, userId)}`);
  if (known!.taken) {
    const replay = await findReplay(userId, groupId, input.id);
    if (replay) return { annotation: replay, created: false };
  }
  if (!known!.member) throw notFound("That group");
  if (!known!.textId || !known!.versionId) throw notFound("That text");
  const text = { id: known!.textId, currentVersionId: known!.versionId };
  const selector = await resolveAnchor(text.id, text.currentVersionId, input.anchor);
  try {
    // A note that names someone records mentions and notifications: the longer way.
    if (input.body.includes("@")) return { annotation: await createNamingNote(userId, groupId, input, text, selector), created: true };
    // Otherwise one statement: the note, its writer following it, and the group's event —
    // one transaction, which holds the group's counter only while it runs — returning the note.
    const now = new Date().toISOString();
    const columns = anchorColumns(selector);
    const [row] = await sqlQuery<{ view: string }>(Prisma.sql`
      WITH note AS (
        INSERT INTO "Annotation" (id, "groupId", "textId", "versionId", "authorId", kind, color, body, visibility, "fieldTags",
                                  "startBlockId", "startOffset", "endBlockId", "endOffset", exact, prefix, suffix, "createdAt", "updatedAt")
        VALUES (${input.id}::uuid, ${groupId}, ${text.id}, ${text.currentVersionId}, ${userId}, ${input.kind}::"AnnotationKind", ${input.color},
                ${input.body}, ${input.visibility}::"Visibility", ${input.tags ?? []}::text[], ${columns.startBlockId}, ${columns.startOffset}::int, ${columns.endBlockId},
                ${columns.endOffset}::int, ${columns.exact}, ${columns.prefix}, ${columns.suffix}, ${now}::timestamp, ${now}::timestamp)
        RETURNING *
      ), followed AS (
        INSERT INTO "ThreadFollow" ("threadId", "userId", following, "updatedAt") SELECT id, ${userId}, true, ${now}::timestamp FROM note
        ON CONFLICT DO NOTHING
      ), ${eventSql(
        {
          groupId,
          kind: "annotation.created",
          actorId: userId,
          textId: text.id,
          annotationId: input.id,
          threadId: null,
          onlyUserId: input.visibility === "private" ? userId : null,
        },
        Prisma.sql`EXISTS (SELECT 1 FROM note)`,
      )}
      SELECT ${noteViewSql(false)} AS view FROM note a JOIN "User" u ON u.id = a."authorId" CROSS JOIN event`);
    return { annotation: { ...(JSON.parse(row!.view) as Omit<AnnotationView, "replyCount">), replyCount: 0 }, created: true };
  } catch (error) {
    // Two copies of the same request racing: the second finds the first.
    const unique = (error as { code?: string }).code === "23505" || (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002");
    if (unique) {
      const again = await findReplay(userId, groupId, input.id);
      if (again) return { annotation: again, created: false };
    }
    throw error;
  }
}

/** A new note whose body names someone: its mentions and their notifications are written with it. */
async function createNamingNote(userId: string, groupId: string, input: CreateAnnotationInput, text: { id: string; currentVersionId: string }, selector: Selector) {
  const told = await db.$transaction(async (tx) => {
    await tx.annotation.create({
      data: {
        id: input.id,
        groupId,
        textId: text.id,
        versionId: text.currentVersionId,
        authorId: userId,
        kind: input.kind,
        color: input.color,
        body: input.body,
        visibility: input.visibility,
        fieldTags: input.tags ?? [],
        ...anchorColumns(selector),
      },
      select: { id: true },
    });
    const told = await startThread(tx, { id: input.id, groupId, authorId: userId, body: input.body, visibility: input.visibility });
    // Last: the event takes the group's lock, held until the commit (lib/realtime/events.ts).
    await annotationEvent(tx, input.id, "annotation.created", userId, {
      groupId,
      textId: text.id,
      threadId: null,
      onlyUserId: input.visibility === "private" ? userId : null,
    });
    return told;
  });
  // Read back after the commit: no transaction is held open for it.
  const row = await db.annotation.findUniqueOrThrow({ where: { id: input.id }, select: annotationView });
  await mailPending("immediately", { userIds: told });
  return toView(row);
}

/** Its writer follows a new thread, and the members it names hear about it. */
export async function startThread(
  tx: Prisma.TransactionClient,
  note: { id: string; groupId: string; authorId: string; body: string; visibility: "group" | "private" },
) {
  await follow(tx, note.id, note.authorId);
  const mentioned = await recordMentions(tx, note, { isNew: true });
  return notifyNewItem(tx, {
    itemId: note.id,
    actorId: note.authorId,
    thread: { id: note.id, groupId: note.groupId, authorId: note.authorId, visibility: note.visibility, hiddenAt: null },
    mentioned,
  });
}

async function findReplay(userId: string, groupId: string, id: string) {
  // Nearly always a new id: ask only whether it exists before reading the whole note.
  const probe = await db.annotation.findUnique({ where: { id }, select: { id: true } });
  if (!probe) return null;
  const existing = await db.annotation.findUnique({
    where: { id },
    select: { ...annotationView, groupId: true, authorId: true, deletedAt: true },
  });
  if (!existing) return null;
  // Someone else's id (or a note in another group) is not revealed, only refused.
  if (existing.authorId !== userId || existing.groupId !== groupId || existing.deletedAt)
    throw new AppError("CONFLICT", "That note id is already in use; the page will make a new one.");
  const member = await db.membership.findUnique({ where: { groupId_userId: { groupId, userId } }, select: { userId: true } });
  if (!member) throw notFound("That group");
  return toView(existing);
}

/** Edits by the author. An edit made on an older copy is refused with the newer one. */
export async function editAnnotation(
  userId: string,
  groupId: string,
  annotationId: string,
  patch: z.infer<typeof editAnnotationSchema>,
) {
  const where = { id: checkAnnotationId(annotationId), groupId: checkId(groupId), group: asMember(userId), authorId: userId, deletedAt: null };
  const { revision, tags: fieldTags, ...changes } = patch;
  return db.$transaction(async (tx) => {
    const current = await tx.annotation.findFirst({ where, select: annotationView });
    if (!current) throw notFound(NOTE);
    const kind = changes.kind ?? current.kind;
    const body = changes.body ?? current.body;
    if (changes.kind !== undefined && current.kind === "reply")
      throw new AppError("BAD_REQUEST", "A reply stays a reply, and a note can’t become one.", { fieldErrors: { kind: ["A reply stays a reply."] } });
    if (current.kind === "reply" && (changes.color !== undefined || changes.visibility !== undefined))
      throw new AppError("BAD_REQUEST", "A reply takes its colour and visibility from its thread.");
    if (current.kind === "reply" && fieldTags !== undefined && fieldTags.length > 0)
      throw new AppError("BAD_REQUEST", "A reply has no tag field: write #tags in its text.", { fieldErrors: { tags: ["Write #tags in the reply’s text."] } });
    if (kind !== "highlight" && !body.trim())
      throw new AppError("BAD_REQUEST", kind === "question" ? "Write your question." : "Write your comment.", {
        fieldErrors: { body: [kind === "question" ? "Write your question." : "Write your comment."] },
      });
    const { count } = await tx.annotation.updateMany({
      where: { ...where, revision },
      data: {
        ...changes,
        ...(fieldTags !== undefined && current.kind !== "reply" ? { fieldTags } : {}),
        color: kind === "highlight" ? (changes.color ?? current.color ?? "yellow") : null,
        revision: { increment: 1 },
        editedAt: changes.body !== undefined && changes.body !== current.body ? new Date() : undefined,
      },
    });
    if (count === 0) {
      // Read again: a concurrent edit may have committed after the first read.
      const newer = (await tx.annotation.findFirst({ where, select: annotationView })) ?? current;
      throw new AppError("CONFLICT", "This note was changed since you opened it. Here is the newer text; copy what you need and edit again.", {
        current: toView(newer),
      });
    }
    let told: string[] = [];
    if (changes.body !== undefined && changes.body !== current.body) {
      // Someone newly named in the edited text hears about it; others are not told twice.
      const mentioned = await recordMentions(tx, { id: annotationId, groupId, body });
      told = await notifyNewItem(tx, { itemId: annotationId, actorId: userId, thread: await threadInfo(tx, current.threadId ?? annotationId), mentioned });
    }
    const view = toView(await tx.annotation.findUniqueOrThrow({ where: { id: annotationId }, select: annotationView }));
    // Made private, it leaves the margins of everyone else who had it.
    const unshared = changes.visibility === "private" && current.visibility === "group";
    await annotationEvent(tx, annotationId, unshared ? "annotation.unshared" : "annotation.updated", userId);
    return { view, told };
  }).then(async ({ view, told }) => {
    await mailPending("immediately", { userIds: told });
    return view;
  });
}

/** Soft delete by the author: restoreAnnotation undoes it. */
export async function deleteAnnotation(userId: string, groupId: string, annotationId: string) {
  await db.$transaction(async (tx) => {
    const { count } = await tx.annotation.updateMany({
      where: { id: checkAnnotationId(annotationId), groupId: checkId(groupId), group: asMember(userId), authorId: userId, deletedAt: null },
      data: { deletedAt: new Date() },
    });
    if (count === 0) throw notFound(NOTE);
    await annotationEvent(tx, annotationId, "annotation.deleted", userId);
  });
}

export async function restoreAnnotation(userId: string, groupId: string, annotationId: string) {
  await db.$transaction(async (tx) => {
    const { count } = await tx.annotation.updateMany({
      where: { id: checkAnnotationId(annotationId), groupId: checkId(groupId), group: asMember(userId), authorId: userId, deletedAt: { not: null } },
      data: { deletedAt: null },
    });
    if (count === 0) throw notFound(NOTE);
    await annotationEvent(tx, annotationId, "annotation.created", userId);
  });
  return getAnnotation(userId, groupId, annotationId);
}

/** Facilitators hide a note from the group (its author still sees it) or show it again. */
export async function setHidden(userId: string, groupId: string, annotationId: string, hidden: boolean) {
  const where = { id: checkAnnotationId(annotationId), groupId: checkId(groupId), group: asFacilitator(userId), visibility: "group" as const, deletedAt: null };
  await db.$transaction(async (tx) => {
    const { count } = await tx.annotation.updateMany({
      where: { ...where, hiddenAt: hidden ? null : { not: null } },
      data: hidden ? { hiddenAt: new Date(), hiddenById: userId } : { hiddenAt: null, hiddenById: null },
    });
    if (count === 0) {
      // Already as asked: nothing changed, and no one is told (the stream's "hidden" means it was shown until now).
      if (await tx.annotation.count({ where })) return;
      throw notFound(NOTE);
    }
    await annotationEvent(tx, annotationId, hidden ? "annotation.hidden" : "annotation.updated", userId);
  });
  return getAnnotation(userId, groupId, annotationId);
}

/**
 * Places a note again on newly selected words: a facilitator for any note the group
 * can see, or the author for their own. Used for orphans after a text changed.
 */
export async function placeAnnotation(userId: string, groupId: string, annotationId: string, anchor: AnchorInput) {
  const note = await db.annotation.findFirst({
    where: {
      id: checkAnnotationId(annotationId),
      groupId: checkId(groupId),
      group: asMember(userId),
      target: "passage",
      threadId: null,
      AND: [visibleTo(userId), { OR: [{ authorId: userId }, { group: asFacilitator(userId) }] }],
    },
    select: { id: true, textId: true, text: { select: { currentVersionId: true } } },
  });
  if (!note?.text.currentVersionId) throw notFound(NOTE);
  const selector = await resolveAnchor(note.textId, note.text.currentVersionId, anchor);
  await db.$transaction(async (tx) => {
    await tx.annotation.update({
      where: { id: note.id },
      data: { ...anchorColumns(selector), versionId: note.text.currentVersionId!, anchorState: "exact" },
    });
    await annotationEvent(tx, note.id, "annotation.updated", userId);
  });
  return getAnnotation(userId, groupId, annotationId);
}
