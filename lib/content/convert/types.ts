export type UploadFormat = "text" | "markdown" | "html" | "docx" | "epub" | "pdf";

/** What a converter makes of a file: Markdown for the preview, what the file says of itself, and notes for the reviewer. */
export type Converted = {
  markdown: string;
  metadata: { title?: string; author?: string; year?: number };
  notes: string[];
};
