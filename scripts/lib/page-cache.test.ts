import http from "node:http";
import zlib from "node:zlib";
import { describe, expect, it } from "vitest";
import { isCandidate, isShareable, makeEntry, negotiate, recordResponse, sendEntry, type CachedPage } from "./page-cache";

describe("which requests the page cache answers", () => {
  it("takes plain loads of reading pages only", () => {
    expect(isCandidate("GET", "/texts/the-workers-opposition", {})).toBe(true);
    expect(isCandidate("HEAD", "/texts/the-workers-opposition", {})).toBe(true);
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
    await withServer(
      (req, res) => {
        if (entry) return sendEntry(entry, req, res);
        recordResponse(res, (status, headers, body) => {
          entry = makeEntry(status, headers, body);
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
