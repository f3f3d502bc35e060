import http from "node:http";
import zlib from "node:zlib";
import { describe, expect, it } from "vitest";
import {
  cacheKey,
  compressEntry,
  entryBytes,
  isCandidate,
  isShareable,
  makeEntry,
  negotiate,
  PageCache,
  pageCacheBytes,
  recordResponse,
  sendEntry,
  type CachedPage,
} from "./page-cache";

describe("which requests the page cache answers", () => {
  it("takes plain loads of reading pages only", () => {
    expect(isCandidate("GET", "/texts/the-workers-opposition", {})).toBe(true);
    expect(isCandidate("HEAD", "/texts/the-workers-opposition", {})).toBe(true);
    expect(isCandidate("GET", "/texts/a-long-book/chapters/12", {})).toBe(true);
    expect(isCandidate("GET", "/texts/a-long-book/chapters/x", {})).toBe(false);
    expect(isCandidate("POST", "/texts/the-workers-opposition", {})).toBe(false);
    expect(isCandidate("GET", "/_next/static/chunks/0c1ad7rcpjghx.js", {})).toBe(true);
    expect(isCandidate("GET", "/_next/static/chunks/app.css", {})).toBe(true);
    expect(isCandidate("GET", "/_next/image?url=x", {})).toBe(false);
    expect(isCandidate("GET", "/", {})).toBe(false);
    expect(isCandidate("GET", "/groups/abc/texts/x", {})).toBe(false);
    expect(isCandidate("GET", "/texts/x?_rsc=1a2b", {})).toBe(false);
    expect(isCandidate("GET", "/texts/x", { rsc: "1" })).toBe(false);
    expect(isCandidate("GET", "/texts/x", { "next-router-prefetch": "1" })).toBe(false);
  });

  it("keeps only what Next marks as shareable", () => {
    expect(isShareable(200, { "cache-control": "s-maxage=31536000" })).toBe(true);
    expect(isShareable(200, { "cache-control": "public, max-age=31536000, immutable" })).toBe(true);
    expect(isShareable(404, { "cache-control": "s-maxage=31536000" })).toBe(false);
    expect(isShareable(200, { "cache-control": "private, no-cache, no-store, max-age=0, must-revalidate" })).toBe(false);
    expect(isShareable(200, { "cache-control": "s-maxage=60", "set-cookie": ["a=b"] })).toBe(false);
  });

  it("picks brotli, then gzip, honouring q=0", () => {
    expect(negotiate("gzip, deflate, br, zstd")).toBe("br");
    expect(negotiate("gzip")).toBe("gzip");
    expect(negotiate("br;q=0, gzip;q=0.8")).toBe("gzip");
    expect(negotiate("*")).toBe("br");
    expect(negotiate(undefined)).toBe("identity");
    expect(negotiate("identity")).toBe("identity");
  });
});

describe("serving from the cache", () => {
  const html = Buffer.from("<!doctype html><p>" + "A paragraph of the text. ".repeat(400) + "</p>");

  async function withServer(handler: http.RequestListener, run: (origin: string) => Promise<void>) {
    const server = http.createServer(handler);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as { port: number };
    try {
      await run(`http://127.0.0.1:${port}`);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  }

  it("keeps the decompressed body when the upstream compressed it", async () => {
    let kept: Buffer | undefined;
    await withServer(
      (_req, res) => {
        recordResponse(res, (_status, _headers, body) => {
          kept = body;
        });
        res.setHeader("content-encoding", "gzip");
        res.end(zlib.gzipSync(html));
      },
      async (origin) => {
        const reply = await fetch(`${origin}/texts/a`);
        expect(Buffer.from(await reply.arrayBuffer()).equals(html)).toBe(true);
        expect(kept?.equals(html)).toBe(true);
      },
    );
  });

  it("records what the upstream sends, then replays it compressed with the right headers", async () => {
    let entry: CachedPage | undefined;
    let compressed = false;
    await withServer(
      (req, res) => {
        if (entry) return sendEntry(entry, req, res);
        recordResponse(res, (status, headers, body) => {
          entry = makeEntry(status, headers, body);
          void compressEntry(entry).then(() => (compressed = true));
        });
        res.setHeader("cache-control", "s-maxage=31536000");
        res.setHeader("content-type", "text/html; charset=utf-8");
        res.setHeader("etag", '"v1"');
        res.write(html.subarray(0, 100));
        res.end(html.subarray(100));
      },
      async (origin) => {
        const first = await fetch(`${origin}/texts/a`);
        expect(Buffer.from(await first.arrayBuffer()).equals(html)).toBe(true);
        expect(entry?.identity.equals(html)).toBe(true);
        await expect.poll(() => compressed).toBe(true);

        const raw = await new Promise<{ headers: http.IncomingHttpHeaders; body: Buffer }>((resolve, reject) => {
          http
            .get(`${origin}/texts/a`, { headers: { "accept-encoding": "br" } }, (res) => {
              const chunks: Buffer[] = [];
              res.on("data", (c: Buffer) => chunks.push(c));
              res.on("end", () => resolve({ headers: res.headers, body: Buffer.concat(chunks) }));
            })
            .on("error", reject);
        });
        expect(raw.headers["content-encoding"]).toBe("br");
        expect(raw.headers["x-study-circle-cache"]).toBe("HIT");
        expect(raw.headers["content-type"]).toBe("text/html; charset=utf-8");
        expect(raw.headers.vary).toMatch(/Accept-Encoding/);
        expect(Number(raw.headers["content-length"])).toBe(raw.body.length);
        expect(zlib.brotliDecompressSync(raw.body).equals(html)).toBe(true);

        const notModified = await fetch(`${origin}/texts/a`, { headers: { "if-none-match": '"v1"' } });
        expect(notModified.status).toBe(304);
      },
    );
  });
});

describe("the cache cannot be made to grow", () => {
  const page = (bytes: number) => makeEntry(200, { "content-type": "text/html", "cache-control": "s-maxage=31536000" }, Buffer.alloc(bytes, 0x61));

  it("keys a page on its path: made-up query strings all land on one entry", () => {
    expect(cacheKey("/texts/the-workers-opposition?x=1")).toBe("/texts/the-workers-opposition");
    expect(cacheKey("/texts/the-workers-opposition?x=2#p-3")).toBe("/texts/the-workers-opposition");
    expect(cacheKey("/_next/static/chunks/a.js?dpl=abc")).toBe("/_next/static/chunks/a.js");
    const cache = new PageCache(10 * 1024 * 1024);
    for (let n = 0; n < 1000; n++) {
      const key = cacheKey(`/texts/the-workers-opposition?x=${n}`);
      if (!cache.has(key)) cache.set(key, page(1000));
    }
    expect(cache.size).toBe(1);
  });

  it("stays within its bytes, dropping the least recently used first", () => {
    const cache = new PageCache(10_000);
    cache.set("/a", page(3000));
    cache.set("/b", page(3000));
    cache.set("/c", page(3000));
    cache.get("/a"); // used: /b is now the least recently used
    cache.set("/d", page(3000));
    expect(cache.has("/a")).toBe(true);
    expect(cache.has("/b")).toBe(false);
    expect(cache.has("/c")).toBe(true);
    expect(cache.has("/d")).toBe(true);
    expect(cache.bytes).toBeLessThanOrEqual(10_000);
    cache.set("/huge", page(9000)); // more than half the whole: not kept
    expect(cache.has("/huge")).toBe(false);
  });

  it("counts the compressed copies once they are made, and still keeps within its bytes", async () => {
    const cache = new PageCache(64 * 1024);
    const entries = Array.from({ length: 10 }, (_, i) => {
      const entry = makeEntry(200, {}, Buffer.from(`<p>${i}</p>`.repeat(1500)));
      cache.set(`/p${i}`, entry);
      return entry;
    });
    await expect.poll(() => entries.every((e) => e.br !== null && e.gzip !== null)).toBe(true);
    const kept = entries.filter((_, i) => cache.has(`/p${i}`));
    expect(cache.bytes).toBe(kept.reduce((sum, e) => sum + entryBytes(e), 0));
    expect(cache.bytes).toBeLessThanOrEqual(64 * 1024);
  });

  it("compresses off the event loop: timers keep running while a large page is compressed", async () => {
    const entry = makeEntry(200, {}, Buffer.from(Array.from({ length: 40_000 }, (_, i) => `word${i % 997} `).join("")));
    expect(entry.br).toBeNull(); // making an entry does no compression work
    let ticks = 0;
    const timer = setInterval(() => void (ticks += 1), 0);
    await compressEntry(entry);
    clearInterval(timer);
    expect(ticks).toBeGreaterThan(0);
    expect(zlib.brotliDecompressSync(entry.br!).equals(entry.identity)).toBe(true);
    expect(zlib.gunzipSync(entry.gzip!).equals(entry.identity)).toBe(true);
  });

  it("takes its size from PAGE_CACHE_MB", () => {
    expect(pageCacheBytes(undefined)).toBe(96 * 1024 * 1024);
    expect(pageCacheBytes("")).toBe(96 * 1024 * 1024);
    expect(pageCacheBytes("8")).toBe(8 * 1024 * 1024);
    expect(pageCacheBytes("0")).toBe(0);
    expect(pageCacheBytes("lots")).toBe(96 * 1024 * 1024);
  });

  it("sends an entry as it is until its compressed copies are ready", async () => {
    const entry = page(5000);
    const server = http.createServer((req, res) => sendEntry(entry, req, res));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as { port: number };
    try {
      const reply = await fetch(`http://127.0.0.1:${port}/texts/a`, { headers: { "accept-encoding": "br" } });
      expect(reply.headers.get("content-encoding")).toBeNull();
      expect((await reply.arrayBuffer()).byteLength).toBe(5000);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
