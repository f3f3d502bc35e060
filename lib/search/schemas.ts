import { z } from "zod";
import { tagSchema } from "@/lib/annotations/tags";

// What a search may ask, shared by the search page and the API. Every field has a limit:
// a query string is read as it arrives, before any of it reaches the database.

/** Longer than any phrase worth searching for; websearch_to_tsquery is linear in it anyway. */
export const MAX_QUERY_LENGTH = 200;
export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 50;

export const SEARCH_KINDS = ["highlight", "comment", "question"] as const;
/** A question is open until an answer is marked or it is resolved; then it is answered. */
export const QUESTION_STATES = ["open", "answered"] as const;

const date = z
  .string()
  .max(10)
  .regex(/^\d{4}-\d{2}-\d{2}$/, "Dates are written 2026-03-01.")
  .refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)), "That is not a date.");

/** "1", "true" or "on" (a checkbox) for yes; anything else in a filter is refused. */
const flag = z.enum(["1", "true", "on", "0", "false", ""], { error: "mine is 1 or 0." }).transform((v) => v === "1" || v === "true" || v === "on");

export const searchSchema = z
  .object({
    q: z.string().max(MAX_QUERY_LENGTH, `Keep a search under ${MAX_QUERY_LENGTH} characters.`).default(""),
    text: z.string().min(1).max(120).regex(/^[a-z0-9-]+$/, "That text was not found.").optional(),
    tag: tagSchema.optional(),
    kind: z.enum(SEARCH_KINDS, { error: "Kind must be highlight, comment or question." }).optional(),
    state: z.enum(QUESTION_STATES, { error: "A question’s state is open or answered." }).optional(),
    author: z.string().min(1).max(40).regex(/^[a-z0-9]+$/, "That person was not found.").optional(),
    mine: flag.optional(),
    from: date.optional(),
    to: date.optional(),
    cursor: z.string().max(400).regex(/^[A-Za-z0-9_-]+$/, "That page of results is not known.").optional(),
    limit: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).default(DEFAULT_PAGE_SIZE),
  })
  .strict()
  .refine((s) => !s.from || !s.to || s.from <= s.to, { path: ["to"], message: "The end date is before the start." });
export type SearchInput = z.infer<typeof searchSchema>;

/** Query-string parameters as an object for searchSchema: each once; an empty one is as good as absent. */
export function searchParamsObject(params: URLSearchParams): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of params) {
    if (key in out) throw new RangeError(key);
    if (value !== "") out[key] = value;
  }
  return out;
}

export const tagListSchema = z
  .object({ text: z.string().min(1).max(120).regex(/^[a-z0-9-]+$/, "That text was not found.").optional() })
  .strict();
