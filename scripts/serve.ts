// The production server: Next's request handler behind the page cache in
// scripts/lib/page-cache.ts. Run by scripts/start.ts (with DATABASE_URL set).
import http from "node:http";
import path from "node:path";
import next from "next";
import { isCandidate, isShareable, makeEntry, recordResponse, sendEntry, type CachedPage } from "./lib/page-cache";

const port = Number(process.env.PORT ?? 3000);
const app = next({ dev: false, dir: path.join(import.meta.dirname, ".."), port });
const handle = app.getRequestHandler();
const pages = new Map<string, CachedPage>();

await app.prepare();

// Next's handlers cannot see the connection's address, which rate limits need: pass
// it on in a header of our own, replacing whatever a client sent under that name.
// Behind a load balancer (TRUST_PROXY=1) the address is the last X-Forwarded-For entry:
// the one the balancer itself added (earlier entries are whatever the client sent).
const trustProxy = process.env.TRUST_PROXY === "1";
function clientAddress(req: http.IncomingMessage): string {
  const forwarded = trustProxy ? String(req.headers["x-forwarded-for"] ?? "").split(",").at(-1)?.trim() : "";
  return forwarded || req.socket.remoteAddress || "unknown";
}

/** Next answers a path with broken percent-encoding (/groups/%E0%A4%A) with a 500. */
function decodable(url: string | undefined): boolean {
  try {
    decodeURIComponent((url ?? "/").split("?")[0]!);
    return true;
  } catch {
    return false;
  }
}

const server = http.createServer((req, res) => {
  if (!decodable(req.url)) {
    res.writeHead(400, { "content-type": "text/plain; charset=utf-8" });
    return void res.end("This address is not valid: it has a broken %-escape.");
  }
  req.headers["x-study-circle-client"] = clientAddress(req);
  if (!isCandidate(req.method, req.url, req.headers)) return void handle(req, res);
  const key = req.url!;
  const cached = pages.get(key);
  if (cached) return sendEntry(cached, req, res);
  recordResponse(res, (status, headers, body) => {
    if (isShareable(status, headers) && req.method === "GET") pages.set(key, makeEntry(status, headers, body));
  });
  void handle(req, res);
});

server.listen(port, () => console.log(`✓ Ready on port ${port}`));

const shutdown = () => {
  server.close(() => process.exit(0));
  server.closeAllConnections();
  setTimeout(() => process.exit(0), 5000).unref();
};
process.on("SIGTERM", shutdown);
process.on("SIGINT", shutdown);
