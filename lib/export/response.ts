import "server-only";
import { describeExport, exportStream, type ExportScope } from "./export";
import { EXTENSION, MIME, type ExportFormat } from "./formats";

/** A file name from a title: letters, digits and dashes, never empty. */
export function fileNameFor(title: string, format: ExportFormat, date = new Date()): string {
  const base = title
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 80)
    .replace(/-+$/, "");
  return `${base || "study-circle-notes"}-${date.toISOString().slice(0, 10)}.${EXTENSION[format]}`;
}

/** The export as a streamed download: refused (with a status and message) before the first byte, or sent batch by batch. */
export async function exportResponse(scope: ExportScope, format: ExportFormat, origin: string, iri: string, page?: number): Promise<Response> {
  const described = await describeExport(scope);
  const meta = { ...described, format, origin, iri, page };
  const name = fileNameFor(`study-circle-${described.title}${page ? `-page-${page}` : ""}`, format);
  return new Response(await exportStream(scope, meta), {
    headers: {
      "Content-Type": MIME[format],
      "Content-Disposition": `attachment; filename="${name}"`,
      "Cache-Control": "private, no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
