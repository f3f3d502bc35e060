import "server-only";
// A group's own texts: added from an upload or pasted source, kept as a draft while the
// facilitator checks the paragraph split, published as versions, edited, retired and
// restored. Who may do it is part of every query (lib/groups' rule: an outsider, or a
// member without the right, finds nothing — NOT_FOUND, never "forbidden").
//
// Who adds and edits: the group's facilitators; members too when the group allows it
// (`membersAddTexts`), and then a member may edit and retire the texts they added.
import { randomBytes } from "node:crypto";
import matter from "gray-matter";
import { z } from "zod";
import { db } from "@/lib/db";
import { AppError, notFound } from "@/lib/errors";
import { ContentError, parseText, type ParsedBlock } from "@/lib/content/blocks";
import { slugify } from "@/lib/content/import-text";
import { publishVersion } from "@/lib/content/publish";
import { UPLOAD_LIMITS, type Converted } from "@/lib/content/convert";
import { asFacilitator, checkId } from "@/lib/groups/groups";
import { Prisma } from "@/lib/generated/prisma/client";

const TEXT = "That text";

export const textMetadataSchema = z.object({
  title: z.string().trim().min(1, "Give the text a title.").max(300, "Keep the title under 300 characters."),
  author: z.string().trim().max(200, "Keep the author under 200 characters.").optional().transform((v) => v || undefined),
  year: z.coerce.number().int().min(1000, "A year between 1000 and 2100.").max(2100, "A year between 1000 and 2100.").optional().catch(undefined),
  source: z.string().trim().max(1000, "Keep the source under 1,000 characters.").optional().transform((v) => v || undefined),
  licence: z.string().trim().max(300, "Keep the licence under 300 characters.").optional().transform((v) => v || undefined),
});

export const textSourceSchema = textMetadataSchema.extend({
  markdown: z
    .string()
    .max(UPLOAD_LIMITS.characters, `A text may be at most ${UPLOAD_LIMITS.characters.toLocaleString("en")} characters; split it into volumes.`)
    .refine((v) => v.trim().length > 0, "The text is empty."),
});
/** A text's source as the editor holds it (what textSourceSchema makes of a form or a request). */
export type TextSource = { title: string; author?: string; year?: number; source?: string; licence?: string; markdown: string };

/** A draft as kept on the Text row until it is published. */
type Draft = TextSource & { notes: string[] };

/** The one rule for adding: a facilitator, or any member where the group lets members add texts. */
function mayAdd(userId: string): Prisma.GroupWhereInput {
  return { OR: [asFacilitator(userId), { membersAddTexts: true, memberships: { some: { userId } } }] };
}

/** The one rule for changing a group's text: its group's facilitators, or its adder while members may add. */
function mayEdit(userId: string, groupId: string): Prisma.TextWhereInput {
  return {
    groupId,
    OR: [{ group: asFacilitator(userId) }, { addedById: userId, group: { membersAddTexts: true, memberships: { some: { userId } } } }],
  };
}

export type PreviewBlock = { id: string; kind: ParsedBlock["kind"]; level: number; text: string };

/**
 * What the source will become, paragraph by paragraph, or what stops it: the same parser
 * the shared library goes through. Pure; used by the live preview and before publishing.
 */
export function previewSource(input: TextSource): { blocks: PreviewBlock[]; wordCount: number } {
  const parsed = parse("preview", input);
  return { blocks: parsed.blocks.map((b) => ({ id: b.id, kind: b.kind, level: b.level, text: b.plainText })), wordCount: parsed.wordCount };
}

function parse(slug: string, input: TextSource) {
  const front = {
    title: input.title,
    ...(input.author ? { author: input.author } : {}),
    ...(input.year ? { year: input.year } : {}),
    ...(input.source ? { source: input.source } : {}),
    ...(input.licence ? { licence: input.licence } : {}),
    original: "group-text.txt",
  };
  try {
    // matter.stringify writes the metadata as YAML, quoting whatever needs it.
    return parseText(matter.stringify(`\n${input.markdown.replace(/^---/, "\\---")}`, front), `${slug}.md`);
  } catch (error) {
    if (error instanceof ContentError) throw new AppError("BAD_REQUEST", sentence(error.problem), { fieldErrors: { markdown: [sentence(error.problem)] } });
    throw error;
  }
}

function sentence(problem: string): string {
  const text = problem.replace(/^has /, "The text has ").replace(/^footnote/, "Footnote");
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}${/[.!?]$/.test(text) ? "" : "."}`;
}

function newSlug(title: string): string {
  return `${slugify(title, 48) || "text"}-${randomBytes(4).toString("hex").slice(0, 6)}`;
}

export type GroupTextResult = { slug: string; title: string; versionId: string | null; draft: boolean; blocks: PreviewBlock[] };

/**
 * Adds a text to the group: published at once, or kept as a draft for the preview. The
 * converter's notes ("line 41 looks like a heading") stay with the draft for the reviewer.
 */
/** Whether this person may change this group's text (for showing the way to its editor). */
export async function mayEditText(userId: string, groupId: string, slug: string): Promise<boolean> {
  return (await db.text.count({ where: { slug, ...mayEdit(userId, checkId(groupId)) } })) > 0;
}

/** Whether this person may add texts to the group (for showing the way to do it). */
export async function mayAddTexts(userId: string, groupId: string): Promise<boolean> {
  return (await db.group.count({ where: { id: checkId(groupId), ...mayAdd(userId) } })) > 0;
}

/** Before an upload is read: whether this person may add texts to the group at all (NOT_FOUND if not). */
export async function assertMayAdd(userId: string, groupId: string): Promise<void> {
  const group = await db.group.findFirst({ where: { id: checkId(groupId), ...mayAdd(userId) }, select: { id: true } });
  if (!group) throw notFound("That group");
}

export async function addGroupText(userId: string, groupId: string, input: TextSource, options: { draft: boolean; notes?: string[] }): Promise<GroupTextResult> {
  const group = await db.group.findFirst({ where: { id: checkId(groupId), ...mayAdd(userId) }, select: { id: true } });
  if (!group) throw notFound("That group");
  const slug = newSlug(input.title);
  if (options.draft) {
    const draft: Draft = { ...input, notes: options.notes ?? [] };
    await db.text.create({ data: { slug, groupId: group.id, addedById: userId, draft: draft as unknown as Prisma.InputJsonValue } });
    return { slug, title: input.title, versionId: null, draft: true, blocks: previewSource(input).blocks };
  }
  const parsed = parse(slug, input);
  const { versionId } = await db.$transaction(async (tx) => {
    const text = await tx.text.create({ data: { slug, groupId: group.id, addedById: userId }, select: { id: true } });
    return publishVersion(tx, text.id, parsed, { carryNotes: false, markdown: input.markdown });
  });
  return { slug, title: input.title, versionId, draft: false, blocks: parsed.blocks.map(toPreview) };
}

const toPreview = (b: ParsedBlock): PreviewBlock => ({ id: b.id, kind: b.kind, level: b.level, text: b.plainText });

export type EditableText = {
  slug: string;
  /** The source being edited: the draft if there is one, else the current version's. */
  source: TextSource;
  notes: string[];
  published: boolean;
  hasDraft: boolean;
  retired: boolean;
  versionNumber: number | null;
};

/** A group's text as its editors edit it; NOT_FOUND for anyone else and for shared texts. */
export async function getEditableText(userId: string, groupId: string, slug: string): Promise<EditableText> {
  const text = await db.text.findFirst({
    where: { slug, ...mayEdit(userId, checkId(groupId)) },
    select: {
      slug: true,
      draft: true,
      retiredAt: true,
      currentVersion: { select: { number: true, title: true, author: true, year: true, source: true, licence: true, markdown: true } },
    },
  });
  if (!text) throw notFound(TEXT);
  const draft = text.draft as Draft | null;
  const v = text.currentVersion;
  const source: TextSource = draft
    ? { title: draft.title, author: draft.author, year: draft.year, source: draft.source, licence: draft.licence, markdown: draft.markdown }
    : { title: v!.title, author: v!.author ?? undefined, year: v!.year ?? undefined, source: v!.source ?? undefined, licence: v!.licence ?? undefined, markdown: v!.markdown ?? "" };
  return { slug: text.slug, source, notes: draft?.notes ?? [], published: v !== null, hasDraft: draft !== null, retired: text.retiredAt !== null, versionNumber: v?.number ?? null };
}

/**
 * Saves the editor's source: as the draft, or published as the text's next version. A
 * new version carries every note on the text over to it (the re-anchoring the shared
 * library uses); notes that cannot be placed confidently go to the orphan review.
 */
export async function saveGroupText(userId: string, groupId: string, slug: string, input: TextSource, options: { publish: boolean }) {
  const where = { slug, ...mayEdit(userId, checkId(groupId)) };
  if (!options.publish) {
    const previous = await db.text.findFirst({ where, select: { draft: true } });
    if (!previous) throw notFound(TEXT);
    const draft: Draft = { ...input, notes: (previous.draft as Draft | null)?.notes ?? [] };
    const { count } = await db.text.updateMany({ where, data: { draft: draft as unknown as Prisma.InputJsonValue } });
    if (count === 0) throw notFound(TEXT);
    return { slug, draft: true as const, versionId: null, versionNumber: null, reanchored: null };
  }
  const parsed = parse(slug, input);
  return db.$transaction(async (tx) => {
    // The row lock orders two editors publishing at once: versions are numbered one after the other.
    const [text] = await tx.$queryRaw<{ id: string; hadVersion: boolean }[]>`
      SELECT id, "currentVersionId" IS NOT NULL AS "hadVersion" FROM "Text" WHERE slug = ${slug} AND "groupId" = ${groupId} FOR UPDATE`;
    const allowed = text && (await tx.text.count({ where: { id: text.id, ...mayEdit(userId, groupId) } }));
    if (!text || !allowed) throw notFound(TEXT);
    const result = await publishVersion(tx, text.id, parsed, { carryNotes: text.hadVersion, markdown: input.markdown });
    await tx.text.update({ where: { id: text.id }, data: { draft: Prisma.DbNull } });
    return { slug, draft: false as const, versionId: result.versionId, versionNumber: result.number, reanchored: result.reanchored };
  });
}

/** Takes a text out of the library and the pickers (its notes stay); `restore` brings it back. */
export async function retireGroupText(userId: string, groupId: string, slug: string, retired: boolean) {
  const { count } = await db.text.updateMany({ where: { slug, ...mayEdit(userId, checkId(groupId)) }, data: { retiredAt: retired ? new Date() : null } });
  if (count === 0) throw notFound(TEXT);
  return { slug, retired };
}

/** A draft that was never published can be thrown away; a published text is retired instead. */
export async function discardDraft(userId: string, groupId: string, slug: string) {
  const text = await db.text.findFirst({ where: { slug, ...mayEdit(userId, checkId(groupId)) }, select: { id: true, currentVersionId: true } });
  if (!text) throw notFound(TEXT);
  if (text.currentVersionId) {
    await db.text.update({ where: { id: text.id }, data: { draft: Prisma.DbNull } });
    return { slug, deleted: false };
  }
  await db.text.delete({ where: { id: text.id } });
  return { slug, deleted: true };
}

export type GroupTextEntry = { slug: string; title: string; author: string | null; published: boolean; hasDraft: boolean; retired: boolean; mine: boolean; wordCount: number | null };

/** The group's own texts as its editors see them: drafts and retired ones included (others see only the library). */
export async function listGroupTextsForEditing(userId: string, groupId: string): Promise<GroupTextEntry[]> {
  const texts = await db.text.findMany({
    where: mayEdit(userId, checkId(groupId)),
    orderBy: { createdAt: "desc" },
    select: { slug: true, draft: true, retiredAt: true, addedById: true, currentVersion: { select: { title: true, author: true, wordCount: true } } },
  });
  return texts.map((t) => {
    const draft = t.draft as Draft | null;
    return {
      slug: t.slug,
      title: t.currentVersion?.title ?? draft?.title ?? "Untitled",
      author: t.currentVersion?.author ?? draft?.author ?? null,
      published: t.currentVersion !== null,
      hasDraft: draft !== null,
      retired: t.retiredAt !== null,
      mine: t.addedById === userId,
      wordCount: t.currentVersion?.wordCount ?? null,
    };
  });
}

/** An upload's conversion as the source of a new text (to validate with textSourceSchema): a title given wins over the file's own. */
export function sourceFromConverted(converted: Converted, fileName: string, title?: string): Record<string, unknown> {
  const fallback = fileName.replace(/\.[a-z0-9]{1,10}$/i, "").replace(/[-_]+/g, " ").trim() || "Untitled";
  return {
    title: (title?.trim() || converted.metadata.title || fallback).slice(0, 300),
    author: converted.metadata.author?.slice(0, 200),
    year: converted.metadata.year,
    markdown: converted.markdown,
  };
}
