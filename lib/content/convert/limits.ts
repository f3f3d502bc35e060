// How much an upload may be. A 150,000-word book is about 900,000 characters and, as
// an EPUB or a Word file, a few megabytes; the limits leave room for that and refuse
// what is clearly not one text.
export const UPLOAD_LIMITS = {
  /** The file as sent. */
  bytes: 10 * 1024 * 1024,
  /** The text once converted (characters of Markdown). */
  characters: 1_500_000,
  /** A .docx or .epub is a zip: what its entries may inflate to, in all. */
  inflatedBytes: 60 * 1024 * 1024,
  /** Entries in such a zip. */
  zipEntries: 2_000,
  /** Pages read from a PDF. */
  pdfPages: 2_000,
} as const;

export type UploadProblem = "too-large" | "unsupported" | "unreadable";

/** Why an upload cannot become a text; the message is for the person who sent it. */
export class UploadError extends Error {
  readonly status: 413 | 415 | 422;
  constructor(
    readonly problem: UploadProblem,
    message: string,
  ) {
    super(message);
    this.name = "UploadError";
    this.status = problem === "too-large" ? 413 : problem === "unsupported" ? 415 : 422;
  }
}

export function megabytes(bytes: number): string {
  return `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MB`;
}
