import { z } from "zod";
import { hasControlCharacters } from "@/lib/auth/schemas";

// Shared by the schedule editor and the API.

export const MAX_PROMPT_LENGTH = 500;
export const MAX_PROMPTS = 10;
export const MAX_AGENDA_LENGTH = 50_000;

const realDate = (value: string) => {
  const [y, m, d] = value.split("-").map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d && y >= 2000 && y <= 2200;
};

/** A calendar day, as <input type="date"> sends it: 2026-12-07. */
export const daySchema = z
  .string({ error: "Choose the week’s date." })
  .regex(/^\d{4}-\d{2}-\d{2}$/, "Give the date as YYYY-MM-DD, like 2026-12-07.")
  .refine(realDate, "That date does not exist.");

/** A wall-clock time in the group's zone, as <input type="datetime-local"> sends it: 2026-12-08T19:00. */
export const localDateTimeSchema = z
  .string({ error: "Choose when it is due." })
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/, "Give the due time as YYYY-MM-DDTHH:MM, like 2026-12-08T19:00.")
  .refine((v) => realDate(v.slice(0, 10)), "That date does not exist.")
  .refine((v) => Number(v.slice(11, 13)) < 24 && Number(v.slice(14, 16)) < 60, "That time does not exist.");

// Block ids come from lib/content/blocks.ts: short slugs of letters, digits and dashes.
const blockIdSchema = z.string().regex(/^[\p{L}\p{N}_-]{1,120}$/u, "That is not a paragraph of the text.");

export const promptSchema = z
  .object({
    // A prompt already in the schedule keeps its id (and its answers) through an edit.
    id: z.string().regex(/^[a-z0-9]{20,40}$/, "That is not one of this week’s prompts.").optional(),
    body: z
      .string({ error: "Write the prompt." })
      .trim()
      .min(1, "Write the prompt, or remove it.")
      .max(MAX_PROMPT_LENGTH, `Keep a prompt under ${MAX_PROMPT_LENGTH} characters.`)
      .refine((t) => !hasControlCharacters(t), "A prompt can’t contain invisible control characters."),
    blockId: blockIdSchema.nullable().default(null),
  })
  .strict();

/** A week of the schedule, as the editor sends it. */
export const readingSchema = z
  .object({
    text: z.string({ error: "Choose a text." }).min(1, "Choose a text.").max(120),
    weekOf: daySchema,
    due: localDateTimeSchema,
    startBlockId: blockIdSchema.nullable().default(null),
    endBlockId: blockIdSchema.nullable().default(null),
    prompts: z.array(promptSchema).max(MAX_PROMPTS, `At most ${MAX_PROMPTS} prompts a week.`).default([]),
    postBeforePeek: z.boolean({ error: "postBeforePeek must be true or false." }).default(false),
  })
  .strict()
  .refine((r) => (r.startBlockId === null) === (r.endBlockId === null), {
    path: ["endBlockId"],
    message: "Choose where the reading ends as well as where it starts (or neither, for the whole text).",
  });
export type ReadingInput = z.infer<typeof readingSchema>;

export const orderSchema = z
  .object({ ids: z.array(z.string().regex(/^[a-z0-9]{20,40}$/, "Those are not readings.")).min(1).max(200) })
  .strict()
  .refine((o) => new Set(o.ids).size === o.ids.length, "Each reading can appear once.");

/** How far the reader got: the furthest block of the range seen. */
export const progressSchema = z.object({ blockId: blockIdSchema }).strict();

export const agendaSchema = z
  .object({
    markdown: z
      .string({ error: "Write the agenda." })
      .max(MAX_AGENDA_LENGTH, `Keep the agenda under ${MAX_AGENDA_LENGTH.toLocaleString("en")} characters.`)
      .refine((t) => !hasControlCharacters(t), "The agenda can’t contain invisible control characters.")
      .optional(),
    shared: z.boolean({ error: "shared must be true or false." }).optional(),
  })
  .strict()
  .refine((a) => a.markdown !== undefined || a.shared !== undefined, "Send the agenda’s text or whether it is shared.");
