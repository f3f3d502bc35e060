// An uploaded or pasted file → draft Markdown for the facilitator's preview.
//
// What a file is, is read from its bytes; its name must agree (a .pdf that is a zip is
// refused, not guessed at). Each format has its converter; plain text goes through the
// importer's heuristics (lib/content/import-text.ts) as the shared library's texts did.
// Nothing here touches the database: the preview and the publishing step use the result.
import matter from "gray-matter";
import { draftFromPlainText } from "../import-text";
import { decodeText } from "./decode";
import { convertDocx } from "./docx";
import { convertEpub } from "./epub";
import { pageToMarkdown } from "./html";
import { UPLOAD_LIMITS, UploadError, megabytes } from "./limits";
import { pdfToPlainText } from "./pdf";
import type { Converted, UploadFormat } from "./types";
import { readZip } from "./zip";

export { UPLOAD_LIMITS, UploadError } from "./limits";
export type { Converted, UploadFormat } from "./types";

const BY_EXTENSION: Record<string, UploadFormat> = {
  txt: "text", text: "text", md: "markdown", markdown: "markdown", html: "html", htm: "html", xhtml: "html", docx: "docx", epub: "epub", pdf: "pdf",
};
const ACCEPTED = ".txt, .md, .html, .docx, .epub and .pdf";

export type ConvertInput = { bytes: Uint8Array; fileName: string };

export async function convertUpload({ bytes, fileName }: ConvertInput, limits = UPLOAD_LIMITS): Promise<Converted & { format: UploadFormat }> {
  if (bytes.byteLength > limits.bytes) throw new UploadError("too-large", `This file is ${megabytes(bytes.byteLength)}; the limit is ${megabytes(limits.bytes)}.`);
  const format = formatOf(bytes, fileName);
  const converted = await convert(format, bytes, fileName, limits);
  if (converted.markdown.length > limits.characters)
    throw new UploadError("too-large", `This text is ${converted.markdown.length.toLocaleString("en")} characters long; the limit for one text is ${limits.characters.toLocaleString("en")}. Split it into volumes.`);
  if (!converted.markdown.trim()) throw new UploadError("unreadable", "This file has no text in it.");
  return { format, ...converted };
}

/** Text typed or pasted into the form: the same path as a file, without the sniffing. */
export async function convertPasted(source: string, format: "text" | "markdown" | "html", limits = UPLOAD_LIMITS): Promise<Converted> {
  if (source.length > limits.characters)
    throw new UploadError("too-large", `This text is ${source.length.toLocaleString("en")} characters long; the limit for one text is ${limits.characters.toLocaleString("en")}.`);
  return fromText(format, source, "pasted.txt");
}

export function formatOf(bytes: Uint8Array, fileName: string): UploadFormat {
  const extension = /\.([a-z0-9]{1,10})$/i.exec(fileName)?.[1]?.toLowerCase() ?? "";
  const named = BY_EXTENSION[extension];
  if (!named) {
    if (extension === "doc") throw new UploadError("unsupported", "Old Word documents (.doc) cannot be read: open it in Word or LibreOffice and save it as .docx.");
    throw new UploadError("unsupported", `Study Circle reads ${ACCEPTED} files${extension ? `, not .${extension}` : ""}.`);
  }
  const sniffed = sniff(bytes);
  const matches = sniffed === "zip" ? named === "docx" || named === "epub" : sniffed === "pdf" ? named === "pdf" : named !== "docx" && named !== "epub" && named !== "pdf";
  if (!matches) {
    const what = sniffed === "zip" ? "a zip archive" : sniffed === "pdf" ? "a PDF" : "plain text";
    throw new UploadError("unsupported", `This file is named .${extension} but is ${what}. Upload the original file, or rename it to what it is.`);
  }
  if (named === "text" && /^\s*<(?:!doctype html|html[\s>])/i.test(new TextDecoder().decode(bytes.subarray(0, 512)))) return "html";
  return named;
}

function sniff(bytes: Uint8Array): "zip" | "pdf" | "other" {
  if (bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04) return "zip";
  // The PDF header may be preceded by a little junk (the specification allows 1,024 bytes).
  if (new TextDecoder("latin1").decode(bytes.subarray(0, 1024)).includes("%PDF-")) return "pdf";
  return "other";
}

async function convert(format: UploadFormat, bytes: Uint8Array, fileName: string, limits: typeof UPLOAD_LIMITS): Promise<Converted> {
  switch (format) {
    case "docx":
    case "epub": {
      const entries = await readZip(bytes, limits);
      if (format === "docx") {
        if (!entries.has("word/document.xml")) throw new UploadError("unsupported", "This file is named .docx but is not a Word document.");
        return convertDocx(entries);
      }
      if (entries.get("mimetype")?.toString("ascii").trim() !== "application/epub+zip" && !entries.has("META-INF/container.xml"))
        throw new UploadError("unsupported", "This file is named .epub but is not an EPUB book.");
      return convertEpub(entries);
    }
    case "pdf": {
      const { text, notes, title, author } = await pdfToPlainText(bytes, limits);
      const draft = fromPlainText(text, fileName);
      return { ...draft, metadata: { ...draft.metadata, title: title ?? draft.metadata.title, author: author ?? draft.metadata.author }, notes: [...notes, ...draft.notes] };
    }
    default: {
      const decoded = decodeText(bytes);
      const converted = fromText(format, decoded.text, fileName);
      return decoded.note ? { ...converted, notes: [decoded.note, ...converted.notes] } : converted;
    }
  }
}

function fromText(format: "text" | "markdown" | "html", text: string, fileName: string): Converted {
  if (format === "html") {
    const title = /<title[^>]*>([^<]{1,300})<\/title>/i.exec(text)?.[1]?.trim();
    // A page's title often ends with the site's name ("The Text – Site"): the heading says which part is the text's.
    const heading = /<h1[^>]*>([^<]{1,300})<\/h1>/i.exec(text)?.[1]?.trim();
    const own = heading && title && title.length > heading.length && title.startsWith(heading) && /^\s*[-–—|:·•]\s/.test(title.slice(heading.length)) ? heading : title;
    return { markdown: pageToMarkdown(text), metadata: { title: own || undefined }, notes: [] };
  }
  if (format === "markdown") {
    const parsed = matter(text.replace(/^\uFEFF/, ""), {});
    const data = parsed.data as Record<string, unknown>;
    const str = (v: unknown) => (typeof v === "string" && v.trim() ? v.trim().slice(0, 300) : undefined);
    return { markdown: `${parsed.content.trim()}\n`, metadata: { title: str(data.title), author: str(data.author), year: typeof data.year === "number" ? data.year : undefined }, notes: [] };
  }
  return fromPlainText(text, fileName);
}

function fromPlainText(text: string, fileName: string): Converted {
  const draft = draftFromPlainText(text, { fileName });
  const parsed = matter(draft.markdown, {});
  const data = parsed.data as { title?: string; titleEditorial?: boolean; author?: string; year?: number };
  return {
    markdown: `${parsed.content.trim()}\n`,
    metadata: { title: data.titleEditorial ? undefined : data.title, author: data.author, year: data.year },
    notes: draft.notes,
  };
}
