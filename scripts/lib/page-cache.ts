// A response cache in front of Next, as a CDN would be: the reading pages (which Next
// marks shared-cacheable with s-maxage) and Next's immutable static files are kept in
// memory compressed once, with brotli and gzip, and sent from there. Next would
// otherwise gzip the same 120 kB page on every request, and never offers brotli.
// Texts change only when `npm start` loads a new version in a new process, so a
// per-process cache is never stale (see next.config.ts).
//
// Anyone can ask for any address, so the cache must not grow with what they ask:
// - entries are keyed on the path alone (these answers do not depend on the query
//   string: a reading page is the same for /texts/x and /texts/x?n=1), so made-up
//   query strings all land on one entry;
// - the whole is bounded in bytes (PAGE_CACHE_MB, default 96), least recently used first out;
// - compression runs on libuv's thread pool (zlib's async calls), never on the event
//   loop; until it is done the entry is sent as it is.
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from "node:http";
import { promisify } from "node:util";
import zlib from "node:zlib";

const gzip = promisify(zlib.gzip);
const brotli = promisify(zlib.brotliCompress);

export type CachedPage = {
  status: number;
  headers: OutgoingHttpHeaders;
  identity: Buffer;
  /** Filled in by compressEntry, off the request path. */
  gzip: Buffer | null;
  br: Buffer | null;
  etag: string | undefined;
};

/** What an entry is kept under: its path. The query string and fragment never change these answers. */
export function cacheKey(url: string): string {
  return url.split(/[?#]/)[0] ?? "/";
}

/** Bytes an entry holds, all encodings together. */
export const entryBytes = (entry: CachedPage) => entry.identity.length + (entry.gzip?.length ?? 0) + (entry.br?.length ?? 0);

/** The cache's size from PAGE_CACHE_MB (default 96 MB); 0 turns it off. */
export function pageCacheBytes(value = process.env.PAGE_CACHE_MB): number {
  const mb = value === undefined || value === "" ? 96 : Number(value);
  return Number.isFinite(mb) && mb >= 0 ? Math.floor(mb * 1024 * 1024) : 96 * 1024 * 1024;
}

/** Entries by key, least recently used first out once their bytes pass `maxBytes`. */
export class PageCache {
  private readonly entries = new Map<string, CachedPage>();
  private total = 0;

  constructor(readonly maxBytes: number) {}

  get bytes() {
    return this.total;
  }

  get size() {
    return this.entries.size;
  }

  get(key: string): CachedPage | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    // Map keeps insertion order: moving a used entry to the end makes the first the least recently used.
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry;
  }

  has(key: string): boolean {
    return this.entries.has(key);
  }

  /** Keeps the entry, then compresses it in the background (its size is counted again once done). */
  set(key: string, entry: CachedPage): void {
    // One entry larger than half the whole would push out nearly everything else: not kept.
    if (entryBytes(entry) > this.maxBytes / 2) return;
    this.delete(key);
    this.entries.set(key, entry);
    this.total += entryBytes(entry);
    this.evict();
    void compressEntry(entry).then(() => {
      if (this.entries.get(key) !== entry) return; // evicted or replaced meanwhile
      this.total += (entry.gzip?.length ?? 0) + (entry.br?.length ?? 0);
      this.evict();
    });
  }

  delete(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    this.total -= entryBytes(entry);
  }

  private evict() {
    for (const key of this.entries.keys()) {
      if (this.total <= this.maxBytes) break;
      this.delete(key);
    }
  }
}

/** Compresses an entry hard, once, on the thread pool: the event loop goes on serving meanwhile. */
export async function compressEntry(entry: CachedPage): Promise<void> {
  const [gz, br] = await Promise.all([
    gzip(entry.identity, { level: 9 }),
    brotli(entry.identity, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }),
  ]).catch(() => [null, null] as const);
  entry.gzip = gz;
  entry.br = br;
}

/** Only plain page loads: not Next's client navigations (RSC payloads), not writes. */
export function isCandidate(method: string | undefined, url: string | undefined, headers: IncomingMessage["headers"]) {
  if (method !== "GET" && method !== "HEAD") return false;
  if (!url || url.includes("_rsc=")) return false;
  if (headers.rsc || headers["next-router-state-tree"] || headers["next-router-prefetch"] || headers["next-action"])
    return false;
  const path = url.split("?")[0] ?? "";
  return /^\/texts\/[a-z0-9-]+(\/chapters\/\d{1,5})?$/.test(path) || /^\/_next\/static\/[\w./-]+\.(js|css)$/.test(path);
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
    gzip: null,
    br: null,
    etag: typeof headers.etag === "string" ? headers.etag : undefined,
  };
}

export function sendEntry(entry: CachedPage, req: IncomingMessage, res: ServerResponse) {
  if (entry.etag && req.headers["if-none-match"] === entry.etag) {
    res.writeHead(304, { etag: entry.etag, vary: entry.headers.vary as string });
    res.end();
    return;
  }
  // Until its compressed copies are ready, an entry goes out as it is.
  const wanted = negotiate(req.headers["accept-encoding"]);
  const encoding = wanted !== "identity" && entry[wanted] ? wanted : "identity";
  const body = entry[encoding] ?? entry.identity;
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
