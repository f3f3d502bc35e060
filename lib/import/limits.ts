// An import's limits, shared by the route, the server's door (scripts/lib/request-size.ts)
// and the import page.

/** Files larger than this are refused before they are read. */
export const MAX_IMPORT_BYTES = 10 * 1024 * 1024;
/** Multipart overhead (boundaries, the text field) on top of the file itself. */
export const IMPORT_ENVELOPE_BYTES = 64 * 1024;
export const IMPORT_TOO_LARGE = `That file is too large: the limit for an import is ${MAX_IMPORT_BYTES / 1024 / 1024} MB.`;
