// How large a request's body may be, decided from its headers before any of it is read.
// Next reads a server action's body whole before its own limit applies (and then answers
// 500), so a large POST to a page would cost its full size in memory and time: it is
// refused here, at the door. API routes also stop reading past their own, smaller limit
// (lib/http.ts), which covers bodies sent without a length.
import type { IncomingHttpHeaders } from "node:http";
import { UPLOAD_LIMITS, megabytes } from "../../lib/content/convert/limits";
import { IMPORT_ENVELOPE_BYTES, IMPORT_TOO_LARGE, MAX_IMPORT_BYTES } from "../../lib/import/limits";

/** The most any request may send: Next's own limit for a server action's body (1 MB). */
export const MAX_REQUEST_BYTES = 1024 * 1024;

/**
 * A group's texts take uploads and whole texts' source (lib/library/upload.ts counts
 * what it reads against the same limit): a file's limit plus room for the form around it.
 */
const TEXT_ROUTES = /^\/api\/groups\/[^/]+\/texts(?:\/[^/]+)?\/?$/;
export const MAX_TEXT_REQUEST_BYTES = UPLOAD_LIMITS.bytes + 64 * 1024;

/** Importing notes takes a file of notes (docs/import.md), counted again by its route. */
const IMPORT_ROUTE = /^\/api\/groups\/[^/]+\/import\/?$/;
export const MAX_IMPORT_REQUEST_BYTES = MAX_IMPORT_BYTES + IMPORT_ENVELOPE_BYTES;

function limitFor(pathname: string): number {
  return TEXT_ROUTES.test(pathname) ? MAX_TEXT_REQUEST_BYTES : IMPORT_ROUTE.test(pathname) ? MAX_IMPORT_REQUEST_BYTES : MAX_REQUEST_BYTES;
}

function tooLarge(pathname: string): string {
  if (IMPORT_ROUTE.test(pathname)) return IMPORT_TOO_LARGE;
  if (TEXT_ROUTES.test(pathname)) return `That file is too large: the limit is ${megabytes(UPLOAD_LIMITS.bytes)}.`;
  return "That request is too large.";
}

export type Refusal = { status: 411 | 413; message: string };

/** Why a request's body is refused before it is read, or null when it may be read. */
export function refuseBody(method: string | undefined, url: string | undefined, headers: IncomingHttpHeaders): Refusal | null {
  if (method === "GET" || method === "HEAD" || method === "OPTIONS") return null;
  const pathname = (url ?? "/").split("?")[0]!;
  const length = headers["content-length"];
  if (length !== undefined) {
    const bytes = Number(length);
    const limit = limitFor(pathname);
    if (!Number.isFinite(bytes) || bytes > limit)
      return { status: 413, message: tooLarge(pathname) };
    return null;
  }
  // No length given: a chunked body of unknown size. API routes count what they read
  // (lib/http.ts); a page's server action would be read whole, and browsers always say
  // how long their form and action bodies are.
  if (headers["transfer-encoding"] !== undefined && !pathname.startsWith("/api/"))
    return { status: 411, message: "This request must say how long its body is (Content-Length)." };
  return null;
}
