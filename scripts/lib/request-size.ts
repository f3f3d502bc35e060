// How large a request's body may be, decided from its headers before any of it is read.
// Next reads a server action's body whole before its own limit applies (and then answers
// 500), so a large POST to a page would cost its full size in memory and time: it is
// refused here, at the door. API routes also stop reading past their own, smaller limit
// (lib/http.ts), which covers bodies sent without a length.
import type { IncomingHttpHeaders } from "node:http";

/** The most any request may send: Next's own limit for a server action's body (1 MB). */
export const MAX_REQUEST_BYTES = 1024 * 1024;

export type Refusal = { status: 411 | 413; message: string };

/** Why a request's body is refused before it is read, or null when it may be read. */
export function refuseBody(method: string | undefined, url: string | undefined, headers: IncomingHttpHeaders): Refusal | null {
  if (method === "GET" || method === "HEAD" || method === "OPTIONS") return null;
  const length = headers["content-length"];
  if (length !== undefined) {
    const bytes = Number(length);
    if (!Number.isFinite(bytes) || bytes > MAX_REQUEST_BYTES) return { status: 413, message: "That request is too large." };
    return null;
  }
  // No length given: a chunked body of unknown size. API routes count what they read
  // (lib/http.ts); a page's server action would be read whole, and browsers always say
  // how long their form and action bodies are.
  const pathname = (url ?? "/").split("?")[0]!;
  if (headers["transfer-encoding"] !== undefined && !pathname.startsWith("/api/"))
    return { status: 411, message: "This request must say how long its body is (Content-Length)." };
  return null;
}
