import { z } from "zod";
import { EXPORT_FORMATS } from "./formats";

// What an export may ask, read from the query string (each parameter once; see queryOf).

const flag = z.enum(["1", "true", "0", "false"], { error: "mine is 1 or 0." }).transform((v) => v === "1" || v === "true");
const format = z.enum(EXPORT_FORMATS, { error: "format is jsonld, markdown or csv." });
/** A page of a JSON-LD export (1, 2, …); without it, the whole collection in one document. */
const page = z
  .string()
  .regex(/^[1-9]\d{0,5}$/, "page is a number from 1.")
  .transform(Number)
  .optional();

export const groupExportSchema = z
  .object({
    format,
    text: z.string().min(1).max(120).regex(/^[a-z0-9-]+$/, "That text was not found.").optional(),
    mine: flag.optional(),
    page,
  })
  .strict()
  .refine((e) => e.page === undefined || e.format === "jsonld", { path: ["page"], message: "Pages are for format=jsonld." });

export const myExportSchema = z
  .object({ format: z.enum(["jsonld", "markdown"], { error: "format is jsonld or markdown." }), page })
  .strict()
  .refine((e) => e.page === undefined || e.format === "jsonld", { path: ["page"], message: "Pages are for format=jsonld." });
