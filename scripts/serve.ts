// The production server: Next's request handler behind the page cache in
// scripts/lib/page-cache.ts, one process per core. Run by scripts/start.ts (with
// DATABASE_URL set).
//
// - Processes: a primary forks WEB_CONCURRENCY workers (default: one per core) that share
//   the port (node:cluster). Each is a whole instance — the realtime streams of one reach
//   another's writers through Postgres LISTEN/NOTIFY, as between machines — and a worker
//   that dies is replaced. WEB_CONCURRENCY=1 runs a single process with no primary.
// - Shutdown (SIGTERM/SIGINT): stop accepting, end the event streams with a short retry
//   hint (their readers reconnect with Last-Event-ID and miss nothing), let requests in
//   flight finish for up to 10 s, then exit.
// - Overload: past MAX_IN_FLIGHT API requests in progress in a process (default 64), a
//   further API request is answered 503 with Retry-After at once rather than queued behind
//   the others until everyone times out. The browser's outbox keeps and retries writes that
//   meet a 503, so nothing is lost; event streams and /api/health are never turned away.
// - Database away: API routes answer 503 themselves (lib/http.ts). Pages are answered here:
//   while this process knows the database is unreachable, a page request gets a calm 503
//   page that retries by itself; a page that failed for that reason becomes 503 rather
//   than 500. A probe notices when the database is back.
// - Edges (docs/security.md): it listens on 127.0.0.1 unless HOST says otherwise; a body
//   over 1 MB is refused before it is read; every answer carries the security headers, and
//   every page the Content-Security-Policy its scripts need (scripts/lib/page-policy.ts).
import cluster from "node:cluster";
import http from "node:http";
import os from "node:os";
import zlib from "node:zlib";
import path from "node:path";
import compression from "compression";
import next from "next";
import pg from "pg";
import { cacheKey, isCandidate, isShareable, makeEntry, PageCache, pageCacheBytes, recordResponse, sendEntry } from "./lib/page-cache";
import { unavailablePage } from "./lib/unavailable-page";
import { DEFAULT_HOST } from "./lib/exposure";
import { refuseBody, type Refusal } from "./lib/request-size";
import { holdPageHtml } from "./lib/page-policy";
import { contentSecurityPolicy, inlineScriptHashes, securityHeaders, servedOverHttps } from "@/lib/security-headers";
import { databaseDownSince, onDatabaseHealth, reportDatabaseUp } from "@/lib/db-health";
import { beginShutdown } from "@/lib/lifecycle";
import { RETRY_AFTER_SECONDS } from "@/lib/errors";

const port = Number(process.env.PORT ?? 3000);
// This machine only unless HOST says otherwise (see scripts/lib/exposure.ts).
const host = process.env.HOST || DEFAULT_HOST;
const workers = Math.max(1, Number(process.env.WEB_CONCURRENCY) || os.availableParallelism());
const maxInFlight = Math.max(1, Number(process.env.MAX_IN_FLIGHT) || 64);
/** How long requests in flight may take to finish once the process is asked to stop. */
const DRAIN_MS = 10_000;
// Routes may compress their own bodies and say so in this header, which passEncoded reads.
const BODY_ENCODING_HEADER = "x-body-encoding";
process.env.STUDY_CIRCLE_BODY_ENCODING_HEADER = BODY_ENCODING_HEADER;
process.env.STUDY_CIRCLE_CLIENT_HEADER = "serve"; // x-study-circle-client is set below: lib/rate-limit.ts may believe it

if (cluster.isPrimary && workers > 1) runPrimary();
else await runWorker();

function runPrimary() {
  let stopping = false;
  const fork = () => cluster.fork();
  for (let i = 0; i < workers; i++) fork();
  let ready = 0;
  cluster.on("listening", () => {
    if (++ready === workers) console.log(`✓ Ready on port ${port} (${workers} processes)`);
  });
  cluster.on("exit", (worker, code, signal) => {
    if (stopping) {
      if (!Object.keys(cluster.workers ?? {}).length) process.exit(0);
      return;
    }
    console.error(`[serve] process ${worker.process.pid} ended (${signal ?? code}); starting another`);
    setTimeout(fork, 1000).unref();
  });
  const stop = () => {
    if (stopping) return;
    stopping = true;
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill("SIGTERM");
    if (!Object.keys(cluster.workers ?? {}).length) process.exit(0);
    setTimeout(() => process.exit(0), DRAIN_MS + 3000).unref();
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}

async function runWorker() {
  // tsx, which runs this file, turns on source maps for stack traces. Next's compiled
  // server makes many Error objects in its normal course; mapping each stack through
  // source maps costs every request CPU time for nothing a person reads.
  process.setSourceMapsEnabled(false);
  const stopProfile = await startProfile();
  const app = next({ dev: false, dir: path.join(import.meta.dirname, ".."), port });
  const handle = app.getRequestHandler();
  // Answers not from the page cache are compressed on the way out, cheaply: brotli at
  // quality 1, else gzip at level 1 (the page cache compresses its pages once, hard).
  // Event streams say Cache-Control: no-transform and pass through untouched.
  const compress = compression({ threshold: 1024, level: 1, brotli: { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 1 } }, filter: passEncoded });
  // A page's HTML is held until whole and given the Content-Security-Policy its scripts
  // need (scripts/lib/page-policy.ts); inside the compression, so it sees the page as Next wrote it.
  const handleCompressed = (req: http.IncomingMessage, res: http.ServerResponse, https: boolean, cached = false) =>
    compress(req as never, res as never, () => {
      if (isPageRequest(req)) holdPageHtml(res, { https, cached });
      void handle(req, res);
    });
  const pages = new PageCache(pageCacheBytes());
  await app.prepare();

  // Next's handlers cannot see the connection's address, which rate limits need: pass
  // it on in a header of our own, replacing whatever a client sent under that name.
  // Behind a load balancer (TRUST_PROXY=1) the address is the last X-Forwarded-For entry:
  // the one the balancer itself added (earlier entries are whatever the client sent).
  const trustProxy = process.env.TRUST_PROXY === "1";
  const clientAddress = (req: http.IncomingMessage): string => {
    const forwarded = trustProxy ? String(req.headers["x-forwarded-for"] ?? "").split(",").at(-1)?.trim() : "";
    return forwarded || req.socket.remoteAddress || "unknown";
  };

  let stopping = false;
  let inFlight = 0;
  let apiInFlight = 0;
  let drained: (() => void) | null = null;

  const server = http.createServer((req, res) => {
    if (!decodable(req.url)) {
      res.writeHead(400, { "content-type": "text/plain; charset=utf-8" });
      return void res.end("This address is not valid: it has a broken %-escape.");
    }
    // A body too large is refused before any of it is read (scripts/lib/request-size.ts).
    const refusal = refuseBody(req.method, req.url, req.headers);
    if (refusal) return void sendRefusal(req, res, refusal);
    // Requests already on their way when shutdown began are served; their connection closes after.
    if (stopping) res.setHeader("connection", "close");
    req.headers["x-study-circle-client"] = clientAddress(req);
    const https = servedOverHttps() || (trustProxy && req.headers["x-forwarded-proto"] === "https");
    for (const [name, value] of Object.entries(securityHeaders({ https }))) res.setHeader(name, value);
    const page = isPageRequest(req);
    if (page && databaseDownSince() !== null) return void sendUnavailable(req, res);

    // Streams stay open until their reader leaves: they are not requests to wait for.
    const streaming = String(req.headers.accept ?? "").includes("text/event-stream");
    if (!streaming && apiInFlight >= maxInFlight && isSheddable(req)) return void sendBusy(res);
    if (!streaming && isSheddable(req)) {
      apiInFlight += 1;
      res.once("close", () => void (apiInFlight -= 1));
    }
    if (!streaming) {
      inFlight += 1;
      res.once("close", () => {
        inFlight -= 1;
        if (stopping && inFlight === 0) drained?.();
      });
    }
    if (page) answerUnavailableFailures(res);

    if (!isCandidate(req.method, req.url, req.headers)) return void handleCompressed(req, res, https);
    const key = cacheKey(req.url!);
    const cached = pages.get(key);
    if (cached) return sendEntry(cached, req, res);
    recordResponse(res, (status, headers, body) => {
      if (isShareable(status, headers) && req.method === "GET") pages.set(key, makeEntry(status, headers, body));
    });
    handleCompressed(req, res, https, true);
  });
  server.keepAliveTimeout = 65_000; // longer than common load balancers' idle timeout

  watchDatabase();
  server.listen(port, host, () => {
    if (!cluster.isWorker) console.log(`✓ Ready on port ${port}`);
  });

  const shutdown = () => {
    if (stopping) return;
    stopping = true;
    server.close();
    server.closeIdleConnections();
    // Event streams end now, asking their readers to come back soon (see lib/lifecycle.ts).
    beginShutdown();
    const finished = new Promise<void>((resolve) => {
      drained = resolve;
      if (inFlight === 0) resolve();
    });
    void Promise.race([finished, new Promise((resolve) => setTimeout(resolve, DRAIN_MS))])
      .then(() => stopProfile())
      .then(() => {
        server.closeAllConnections();
        process.exit(0);
      });
  };
  process.on("SIGTERM", shutdown);
  process.on("SIGINT", shutdown);
}

/**
 * CPU_PROFILE_DIR=<dir>: each server process records a CPU profile from its start until it
 * is stopped, written there as <pid>.cpuprofile (open it in Chrome's DevTools). For finding
 * where the time goes under load; off by default.
 */
async function startProfile(): Promise<() => Promise<void>> {
  const dir = process.env.CPU_PROFILE_DIR;
  if (!dir) return async () => undefined;
  const { Session } = await import("node:inspector/promises");
  const fs = await import("node:fs");
  const session = new Session();
  session.connect();
  await session.post("Profiler.enable");
  await session.post("Profiler.setSamplingInterval", { interval: 500 });
  await session.post("Profiler.start");
  return async () => {
    const { profile } = await session.post("Profiler.stop");
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, `${process.pid}.cpuprofile`), JSON.stringify(profile));
  };
}

/**
 * Next drops a route's Content-Encoding (it cannot tell a body the route compressed from one
 * fetch decoded), so a route that compressed its own body says so in X-Body-Encoding
 * (lib/http.ts, compressedResponse): here that becomes Content-Encoding again and the body
 * passes through as it is. Everything else is compressed as the compression package decides.
 */
function passEncoded(req: http.IncomingMessage, res: http.ServerResponse): boolean {
  const encoded = res.getHeader(BODY_ENCODING_HEADER);
  if (encoded === "br" || encoded === "gzip") {
    res.removeHeader(BODY_ENCODING_HEADER);
    res.setHeader("Content-Encoding", encoded);
    return false;
  }
  res.removeHeader(BODY_ENCODING_HEADER);
  return compression.filter(req as never, res as never);
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

/** A page a person navigates to (or Next's router fetches), not an API call or a static file. */
function isPageRequest(req: http.IncomingMessage): boolean {
  if (req.method !== "GET" && req.method !== "HEAD") return false;
  const pathname = (req.url ?? "/").split("?")[0]!;
  return !pathname.startsWith("/api/") && !pathname.startsWith("/_next/") && !/\.\w{2,5}$/.test(pathname);
}

/** An API call that may be turned away when the process is overloaded (not the health check). */
function isSheddable(req: http.IncomingMessage): boolean {
  const pathname = (req.url ?? "/").split("?")[0]!;
  return pathname.startsWith("/api/") && pathname !== "/api/health";
}

let shed = 0;
let shedLogged = 0;
function sendBusy(res: http.ServerResponse) {
  shed += 1;
  if (Date.now() - shedLogged > 5000) {
    console.error(`[serve] overloaded: answering 503 to ${shed} API request${shed === 1 ? "" : "s"} (more than ${maxInFlight} in progress)`);
    shed = 0;
    shedLogged = Date.now();
  }
  const body = JSON.stringify({ error: "Study Circle is very busy right now: try again in a moment." });
  res.writeHead(503, {
    "content-type": "application/json",
    "cache-control": "no-store",
    "retry-after": "2",
    "content-length": Buffer.byteLength(body),
  });
  res.end(body);
}

/** The body is never read: the connection closes once the answer is out, rather than drain it. */
function sendRefusal(req: http.IncomingMessage, res: http.ServerResponse, refusal: Refusal) {
  const api = (req.url ?? "/").startsWith("/api/");
  const body = api ? JSON.stringify({ error: refusal.message }) : refusal.message;
  res.writeHead(refusal.status, {
    "content-type": api ? "application/json" : "text/plain; charset=utf-8",
    "cache-control": "no-store",
    connection: "close",
    "content-length": Buffer.byteLength(body),
  });
  res.end(body, () => req.socket.destroySoon());
}

function sendUnavailable(req: http.IncomingMessage, res: http.ServerResponse) {
  const body = unavailablePage();
  res.writeHead(503, {
    "content-security-policy": contentSecurityPolicy({ scriptHashes: inlineScriptHashes(body), https: servedOverHttps() }),
    "content-type": "text/html; charset=utf-8",
    "cache-control": "no-store",
    "retry-after": String(RETRY_AFTER_SECONDS),
    "content-length": Buffer.byteLength(body),
  });
  res.end(req.method === "HEAD" ? undefined : body);
}

/**
 * A page whose rendering failed because the database could not be reached is a 503 (try
 * again), not a 500: Next renders its error page (app/error.tsx, which says so and retries),
 * and the status is corrected here before it leaves.
 */
function answerUnavailableFailures(res: http.ServerResponse) {
  const writeHead = res.writeHead.bind(res) as (...args: unknown[]) => http.ServerResponse;
  res.writeHead = ((status: number, ...rest: unknown[]) => {
    if (status >= 500 && databaseDownSince() !== null) {
      res.setHeader("retry-after", String(RETRY_AFTER_SECONDS));
      res.setHeader("cache-control", "no-store");
      return writeHead(503, ...rest);
    }
    return writeHead(status, ...rest);
  }) as typeof res.writeHead;
}

/** While the database is known to be away, try it every second; the first answer clears the flag. */
function watchDatabase() {
  let probing = false;
  const probe = async () => {
    if (probing) return;
    probing = true;
    try {
      while (databaseDownSince() !== null) {
        const client = new pg.Client({ connectionString: process.env.DATABASE_URL, connectionTimeoutMillis: 2000 });
        client.on("error", () => undefined);
        try {
          await client.connect();
          await client.query("SELECT 1");
          reportDatabaseUp();
        } catch {
          await new Promise((resolve) => setTimeout(resolve, 1000));
        } finally {
          await client.end().catch(() => undefined);
        }
      }
    } finally {
      probing = false;
    }
  };
  onDatabaseHealth((down) => {
    if (down) {
      console.error("[serve] the database cannot be reached: answering 503 until it is back");
      void probe();
    } else console.error("[serve] the database answers again");
  });
}
