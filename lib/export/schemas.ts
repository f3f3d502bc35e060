import { z } from "zod";
import { EXPORT_FORMATS } from "./formats";

// What an export may ask, read from the query string (each parameter once; see queryOf).

const flag = z.enum(["1", "true", "0", "false"], { error: "mine is 1 or 0." }).transform((v) => v === "1" || v === "true");
const format = z.enum(EXPORT_FORMATS, { error: "format is jsonld, markdown or csv." });

export const groupExportSchema = z
  .object({
    format,
    text: z.string().min(1).max(120).regex(/^[a-z0-9-]+$/, "That text was not found.").optional(),
    mine: flag.optional(),
  })
  .strict();

export const myExportSchema = z.object({ format: z.enum(["jsonld", "markdown"], { error: "format is jsonld or markdown." }) }).strict();
