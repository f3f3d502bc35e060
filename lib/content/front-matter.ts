import { z } from "zod";

// What a curated text may say about itself. Only what the document states goes
// here: an unknown author or year is left out, never guessed.
export const frontMatterSchema = z
  .object({
    title: z.string().trim().min(1, "title is empty").max(300),
    // True when the document has no title of its own and the one above was
    // supplied by the library's editors.
    titleEditorial: z.boolean().default(false),
    author: z.string().trim().min(1).max(200).optional(),
    year: z.number().int().min(1000).max(2100).optional(),
    // Publication details as the document gives them ("Ekho, No. 11, July 4, 1906").
    published: z.string().trim().min(1).optional(),
    // Where the document says it comes from: a citation or a URL.
    source: z.string().trim().min(1).optional(),
    licence: z.string().trim().min(1).optional(),
    // Transcribers, translators, image credits and other acknowledgements.
    credits: z.array(z.string().trim().min(1)).optional(),
    // The original file under content/sources/ this text was curated from.
    original: z.string().regex(/^[a-z0-9-]+\.txt$/, "original must name a file in content/sources/"),
  })
  .strict();

export type FrontMatter = z.infer<typeof frontMatterSchema>;
