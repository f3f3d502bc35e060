// A response cache in front of Next, as a CDN would be: the reading pages (which Next
// marks shared-cacheable with s-maxage) and Next's immutable static files are kept in
// memory compressed once, with brotli and gzip, and sent from there. Next would
// otherwise gzip the same 120 kB page on every request, and never offers brotli.
// Texts change only when `npm start` loads a new version in a new process, so a
// per-process cache is never stale (see next.config.ts).
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from "node:http";
import zlib from "node:zlib";

export type CachedPage = {
  status: number;
  headers: OutgoingHttpHeaders;
  identity: Buffer;
  gzip: Buffer;
  br: Buffer;
  etag: string | undefined;
};

/** Only plain page loads: not Next's client navigations (RSC payloads), not writes. */
export function isCandidate(method: string | undefined, url: string | undefined, headers: IncomingMessage["headers"]) {
  if (method !== "GET" && method !== "HEAD") return false;
  if (!url || url.includes("_rsc=")) return false;
  if (headers.rsc || headers["next-router-state-tree"] || headers["next-router-prefetch"] || headers["next-action"])
    return false;
  const path = url.split("?")[0] ?? "";
  return /^\/texts\/[a-z0-9-]+$/.test(path) || /^\/_next\/static\/[\w./-]+\.(js|css)$/.test(path);
}

/** Next's own verdict: a 200 it says any shared cache may keep (or an immutable file), with no cookie set. */
export function isShareable(status: number, headers: OutgoingHttpHeaders): boolean {
  const cacheControl = String(headers["cache-control"] ?? "");
  return (
    status === 200 &&
    (/s-maxage=\d+/.test(cacheControl) || /\bpublic\b.*\bimmutable\b/.test(cacheControl)) &&
    !/private|no-store/.test(cacheControl) &&
    headers["set-cookie"] === undefined
  );
}

/** The best encoding the client accepts, honouring q=0. */
export function negotiate(acceptEncoding: string | undefined): "br" | "gzip" | "identity" {
  const accepted = new Map<string, number>();
  for (const part of (acceptEncoding ?? "").split(",")) {
    const [name, ...params] = part.trim().toLowerCase().split(";");
    if (!name) continue;
    const q = params.map((p) => /^\s*q=([\d.]+)/.exec(p)?.[1]).find(Boolean);
    accepted.set(name, q === undefined ? 1 : Number(q));
  }
  const ok = (name: string) => (accepted.get(name) ?? accepted.get("*") ?? 0) > 0;
  if (ok("br")) return "br";
  if (ok("gzip")) return "gzip";
  return "identity";
}

// Per-response headers, and Next's cache verdict for the request that filled the entry.
const NOT_KEPT = new Set(["content-length", "content-encoding", "transfer-encoding", "connection", "keep-alive", "date", "x-nextjs-cache"]);

export function makeEntry(status: number, headers: OutgoingHttpHeaders, body: Buffer): CachedPage {
  const kept: OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(headers)) if (!NOT_KEPT.has(name) && value !== undefined) kept[name] = value;
  const vary = String(kept.vary ?? "");
  if (!/accept-encoding/i.test(vary)) kept.vary = vary ? `${vary}, Accept-Encoding` : "Accept-Encoding";
  return {
    status,
    headers: kept,
    identity: body,
    gzip: zlib.gzipSync(body, { level: 9 }),
    br: zlib.brotliCompressSync(body, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }),
    etag: typeof headers.etag === "string" ? headers.etag : undefined,
  };
}

export function sendEntry(entry: CachedPage, req: IncomingMessage, res: ServerResponse) {
  if (entry.etag && req.headers["if-none-match"] === entry.etag) {
    res.writeHead(304, { etag: entry.etag, vary: entry.headers.vary as string });
    res.end();
    return;
  }
  const encoding = negotiate(req.headers["accept-encoding"]);
  const body = entry[encoding];
  res.writeHead(entry.status, {
    ...entry.headers,
    "x-study-circle-cache": "HIT",
    "content-length": body.length,
    ...(encoding === "identity" ? {} : { "content-encoding": encoding }),
  });
  res.end(req.method === "HEAD" ? undefined : body);
}

/**
 * Lets Next answer as usual, while keeping a copy of what it sends (decompressed, if
 * Next compressed it), so the first visitor is served exactly as without the cache.
 */
export function recordResponse(res: ServerResponse, done: (status: number, headers: OutgoingHttpHeaders, body: Buffer) => void) {
  const chunks: Buffer[] = [];
  const write = res.write.bind(res) as (...args: unknown[]) => boolean;
  const end = res.end.bind(res) as (...args: unknown[]) => ServerResponse;
  const keep = (chunk: unknown, encoding?: unknown) => {
    if (chunk === undefined || chunk === null || typeof chunk === "function") return;
    chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string, (typeof encoding === "string" ? encoding : "utf8") as BufferEncoding));
  };
  res.write = ((chunk: unknown, ...rest: unknown[]) => {
    keep(chunk, rest[0]);
    return write(chunk, ...rest);
  }) as typeof res.write;
  res.end = ((chunk?: unknown, ...rest: unknown[]) => {
    keep(chunk, rest[0]);
    const result = end(chunk, ...rest);
    const body = decode(Buffer.concat(chunks), res.getHeader("content-encoding"));
    if (body) done(res.statusCode, res.getHeaders(), body);
    return result;
  }) as typeof res.end;
}

function decode(body: Buffer, encoding: unknown): Buffer | null {
  try {
    switch (String(encoding ?? "identity").toLowerCase()) {
      case "identity":
        return body;
      case "gzip":
        return zlib.gunzipSync(body);
      case "br":
        return zlib.brotliDecompressSync(body);
      case "deflate":
        return zlib.inflateSync(body);
      default:
        return null;
    }
  } catch {
    return null; // a response cut short: not worth keeping
  }
}
