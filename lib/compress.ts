import "server-only";
import { promisify } from "node:util";
import zlib from "node:zlib";

// Compressing a large body in the app, in one piece on the thread pool, at the server's own
// low settings (brotli quality 1, else gzip level 1). For the notes list, whose JSON is about
// 1 MB for a thousand notes: handed to the server uncompressed it is copied into a stream
// and compressed and written a small chunk at a time, which cost more than the list itself.
// Next drops a route's Content-Encoding (it cannot tell a body the route compressed from one
// fetch decoded), so the coding travels in a header of scripts/serve.ts's choosing, which it
// turns back into Content-Encoding. Without serve.ts in front (next dev) nothing is compressed here.

export type Coding = "br" | "gzip";

const brotli = promisify(zlib.brotliCompress);
const gzip = promisify(zlib.gzip);

/** Whether the Accept-Encoding header takes this coding (listed, and not with q=0). */
function accepts(header: string, coding: Coding): boolean {
  return header.split(",").some((part) => {
    const [name, ...params] = part.trim().split(";");
    return name!.trim().toLowerCase() === coding && !params.some((p) => /^\s*q\s*=\s*0(\.0*)?\s*$/.test(p));
  });
}

/** The coding to send a large body in, for this request; null to send it as it is. */
export function codingFor(request: Request): Coding | null {
  if (!process.env.STUDY_CIRCLE_BODY_ENCODING_HEADER) return null;
  const header = request.headers.get("accept-encoding") ?? "";
  return accepts(header, "br") ? "br" : accepts(header, "gzip") ? "gzip" : null;
}

export function compress(body: Buffer, coding: Coding): Promise<Buffer> {
  return coding === "br"
    ? brotli(body, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 1, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: body.length } })
    : gzip(body, { level: 1 });
}

/** A response with a body already in `coding` (or as it is, for null). */
export function encodedResponse(body: Buffer, coding: Coding | null, headers: Record<string, string>): Response {
  const vary = headers.Vary ? `${headers.Vary}, Accept-Encoding` : "Accept-Encoding";
  const header = process.env.STUDY_CIRCLE_BODY_ENCODING_HEADER;
  return new Response(new Uint8Array(body.buffer, body.byteOffset, body.byteLength) as Uint8Array<ArrayBuffer>, {
    headers: { ...headers, Vary: vary, ...(coding && header ? { [header]: coding } : {}) },
  });
}
