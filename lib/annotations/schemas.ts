import { z } from "zod";
import { hasControlCharacters } from "@/lib/auth/schemas";
import { fieldTagsSchema } from "./tags";

// Shared by the reader's forms and the API, so both refuse the same things in the same words.

export const HIGHLIGHT_COLORS = ["yellow", "green", "blue", "pink"] as const;
export type HighlightColor = (typeof HIGHLIGHT_COLORS)[number];

export const ANNOTATION_KINDS = ["highlight", "comment", "question"] as const;
export type AnnotationKind = (typeof ANNOTATION_KINDS)[number];

/** Longer notes belong in a reply thread or a document of their own. */
export const MAX_BODY_LENGTH = 10_000;
/** A quote is at most a few pages: enough for any passage worth discussing. */
export const MAX_QUOTE_LENGTH = 20_000;

const kindSchema = z.enum(ANNOTATION_KINDS, { error: "Kind must be highlight, comment or question." });
const colorSchema = z.enum(HIGHLIGHT_COLORS, { error: `Colour must be one of ${HIGHLIGHT_COLORS.join(", ")}.` });
const visibilitySchema = z.enum(["group", "private"], { error: "Visibility must be group or private." });

export const bodySchema = z
  .string({ error: "A note’s text must be a string." })
  .max(MAX_BODY_LENGTH, `Keep a note under ${MAX_BODY_LENGTH.toLocaleString("en")} characters.`)
  .refine((body) => !hasControlCharacters(body), "A note can’t contain invisible control characters.")
  // Trailing spaces and blank lines are noise; inner line breaks are kept for Markdown.
  // trimEnd, not /\s+$/u: that pattern scans each run of spaces to its end from every
  // position in it, quadratic in a body of many spaces with a word after them. (The
  // leading-blank-lines pattern is anchored at the start, so it is tried once.)
  .transform((body) => body.trimEnd().replace(/^\s*\n/u, ""));

const blockId = z.string().min(1).max(80).regex(/^[a-z0-9-]+$/, "That is not a block of this text.");
const offset = z.number({ error: "Offsets must be numbers." }).int("Offsets must be whole numbers.").min(0, "Offsets can’t be negative.");

/** Where the selection is, as the reader measured it, with the words it saw there. */
export const anchorSchema = z.object({
  versionId: z.string({ error: "Say which version of the text was selected." }).regex(/^[a-z0-9]{20,40}$/, "That version of the text was not found."),
  startBlockId: blockId,
  startOffset: offset,
  endBlockId: blockId,
  endOffset: offset,
  exact: z
    .string({ error: "Send the selected words as exact." })
    .min(1, "The selection is empty.")
    .max(MAX_QUOTE_LENGTH, "That selection is too long to annotate in one note."),
});
export type AnchorInput = z.infer<typeof anchorSchema>;

export const createAnnotationSchema = z
  .object({
    id: z.uuid({ error: "The note needs an id made by the client (a UUID)." }),
    text: z.string({ error: "Say which text the note is on." }).min(1).max(120),
    kind: kindSchema,
    color: colorSchema.optional(),
    body: bodySchema.default(""),
    visibility: visibilitySchema.default("group"),
    /** The note's tag field (#tags in the body count too, without being listed here). */
    tags: fieldTagsSchema.default([]),
    anchor: anchorSchema,
  })
  .superRefine((input, ctx) => {
    if (input.kind !== "highlight" && !input.body.trim())
      ctx.addIssue({ code: "custom", path: ["body"], message: input.kind === "question" ? "Write your question." : "Write your comment." });
  })
  .transform((input) => ({ ...input, color: input.kind === "highlight" ? (input.color ?? "yellow") : null }));
/** A new note as parsed; callers in the app that set no tag field may leave `tags` out. */
export type CreateAnnotationInput = Omit<z.infer<typeof createAnnotationSchema>, "tags"> & { tags?: string[] };

/**
 * A change to a note is one of four kinds, told apart by their fields: an edit by
 * the author, carrying the revision it was made on; hiding or showing it again
 * (facilitators); undoing a delete (the author); placing an orphan again.
 */
export const editAnnotationSchema = z
  .object({
    revision: z.number({ error: "Send the revision you edited." }).int().min(1),
    body: bodySchema.optional(),
    kind: kindSchema.optional(),
    color: colorSchema.optional(),
    visibility: visibilitySchema.optional(),
    tags: fieldTagsSchema.optional(),
  })
  .strict()
  .refine(
    (p) => p.body !== undefined || p.kind !== undefined || p.color !== undefined || p.visibility !== undefined || p.tags !== undefined,
    "Send what to change: body, kind, colour, visibility or tags.",
  );
export const hideAnnotationSchema = z.object({ hidden: z.boolean({ error: "hidden must be true or false." }) }).strict();
export const restoreAnnotationSchema = z
  .object({ deleted: z.literal(false, { error: "Only deleted: false (undoing a delete) can be sent." }) })
  .strict();
export const placeAnnotationSchema = z.object({ anchor: anchorSchema }).strict();

export type AnnotationPatch =
  | { type: "edit"; schema: typeof editAnnotationSchema }
  | { type: "hide"; schema: typeof hideAnnotationSchema }
  | { type: "restore"; schema: typeof restoreAnnotationSchema }
  | { type: "place"; schema: typeof placeAnnotationSchema };

export function patchKind(data: Record<string, unknown>): AnnotationPatch {
  if ("hidden" in data) return { type: "hide", schema: hideAnnotationSchema };
  if ("deleted" in data) return { type: "restore", schema: restoreAnnotationSchema };
  if ("anchor" in data) return { type: "place", schema: placeAnnotationSchema };
  return { type: "edit", schema: editAnnotationSchema };
}

/** Annotation ids are UUIDs: anything else is a 404 without a query. */
export const annotationIdSchema = z.uuid();
