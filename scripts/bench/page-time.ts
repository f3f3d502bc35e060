// Server response time for the reading page, against a floor measured in the same run.
import { fork } from "node:child_process";
import path from "node:path";
import { ROOT } from "./app";
import { assertLoopback, summarise, timeSequentialGets, type Reply, type TimingOptions } from "./http";
import type { BenchContext, Measurement, Row } from "./types";

export const WARMUP = 20;
export const COUNT = 200;
const BUDGET_MS = 60_000;
/** What the bench asks for, as a browser would (which also offers br and zstd; see the notes). */
export const ACCEPT_ENCODING = "gzip";
const RATIO_GOAL = 3;

const fmtMs = (ms: number) => `${ms.toFixed(ms < 10 ? 2 : 1)} ms`;
const header = (reply: Reply, name: string) => {
  const value = reply.headers[name];
  return Array.isArray(value) ? value.join(", ") : value;
};

/** Starts the floor server with `body` and `headers`; returns its origin and a stop function. */
export async function startFloor(body: Buffer, headers: Record<string, string>, ctx: BenchContext) {
  const child = fork(path.join(import.meta.dirname, "floor-server.ts"), [], {
    execArgv: ["--import", "tsx"],
    cwd: ROOT,
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGTERM");
    await exited;
  };
  ctx.onCleanup(stop);
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("the floor server did not start within 20 s")), 20_000);
    child.once("message", (message: { port: number }) => {
      clearTimeout(timer);
      resolve(message.port);
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`the floor server exited (code ${code})`));
    });
    child.send({ body: body.toString("base64"), headers });
  });
  return { origin: `http://127.0.0.1:${port}`, stop };
}

async function run(ctx: BenchContext): Promise<Row[]> {
  const url = new URL(ctx.text.path, ctx.app.origin);
  assertLoopback(url);
  const options: TimingOptions = {
    warmup: WARMUP,
    count: COUNT,
    budgetMs: BUDGET_MS,
    headers: { "accept-encoding": ACCEPT_ENCODING, accept: "text/html" },
    signal: ctx.signal,
  };

  const app = await timeSequentialGets(url, options);
  const appStats = summarise(app.samples);
  // Next's own cache answers the first request; scripts/serve.ts's page cache the rest.
  const cacheOf = (reply: typeof app.first) =>
    header(reply, "x-study-circle-cache") === "HIT" ? "page cache HIT" : `Next ${header(reply, "x-nextjs-cache") ?? "(none)"}`;
  const cacheFirst = cacheOf(app.first);
  const cacheLast = cacheOf(app.last);
  const encoding = header(app.last, "content-encoding");
  const contentType = header(app.last, "content-type") ?? "text/html; charset=utf-8";
  ctx.note(
    `reading page ${ctx.text.path}: ${app.samples.length} sequential GETs after ${WARMUP} warm-up, one keep-alive connection, ` +
      `Accept-Encoding: ${ACCEPT_ENCODING}, time to last byte; floor = plain Node http server (own process) sending the same bytes.`,
  );
  ctx.note(
    `first request (render): ${fmtMs(app.first.ms)}, ${cacheFirst}; ` +
      `measured requests: ${cacheLast}, cache-control: ${header(app.last, "cache-control") ?? "(none)"}.`,
  );
  if (!/HIT/.test(cacheLast))
    ctx.note(`!! the warm reading page was not served from a cache (${cacheLast}): it is rendered per request.`);
  ctx.note(
    `page HTML: ${(app.last.body.length / 1000).toFixed(1)} kB as sent, content-encoding: ${encoding ?? "none"}` +
      `${header(app.last, "transfer-encoding") ? `, transfer-encoding: ${header(app.last, "transfer-encoding")}` : ""}.`,
  );
  if (!encoding) ctx.note("!! the app sent the reading page uncompressed although the request accepted gzip.");
  if (app.first.body.length !== app.last.body.length)
    ctx.detail(`the first reply was ${app.first.body.length} bytes as sent, the last ${app.last.body.length}`);
  if (app.cutShort) ctx.note(`!! app timing ${app.cutShort}.`);

  // The floor serves the app's own bytes as they came over the wire: already
  // compressed (ahead of time) if the app compressed them.
  const floorHeaders: Record<string, string> = { "content-type": contentType };
  if (encoding) floorHeaders["content-encoding"] = encoding;
  const floorServer = await startFloor(app.last.body, floorHeaders, ctx);
  let floor;
  try {
    floor = await timeSequentialGets(new URL(ctx.text.path, floorServer.origin), options);
  } finally {
    await floorServer.stop();
  }
  const floorStats = summarise(floor.samples);
  if (floor.cutShort) ctx.note(`!! floor timing ${floor.cutShort}.`);

  ctx.detail(
    `app   ms: min ${appStats.min.toFixed(2)}  p50 ${appStats.p50.toFixed(2)}  p95 ${appStats.p95.toFixed(2)}  max ${appStats.max.toFixed(2)}  mean ${appStats.mean.toFixed(2)}  (n=${appStats.n})`,
  );
  ctx.detail(
    `floor ms: min ${floorStats.min.toFixed(2)}  p50 ${floorStats.p50.toFixed(2)}  p95 ${floorStats.p95.toFixed(2)}  max ${floorStats.max.toFixed(2)}  mean ${floorStats.mean.toFixed(2)}  (n=${floorStats.n})`,
  );
  ctx.detail(`app response headers (warm): ${JSON.stringify(app.last.headers)}`);
  if (ctx.verbose) {
    // Diagnostic only: the same loop without compression, to show what per-request gzip costs.
    const plain = await timeSequentialGets(url, { ...options, headers: { ...options.headers, "accept-encoding": "identity" } });
    const plainStats = summarise(plain.samples);
    ctx.detail(
      `app ms with Accept-Encoding: identity (${(plain.last.body.length / 1000).toFixed(1)} kB uncompressed): ` +
        `p50 ${plainStats.p50.toFixed(2)}  p95 ${plainStats.p95.toFixed(2)}  mean ${plainStats.mean.toFixed(2)}  (n=${plainStats.n})`,
    );
  }

  const goal = { kind: "ratio", max: RATIO_GOAL } as const;
  return [
    { metric: `reading page p50 (${ctx.text.slug})`, value: appStats.p50, unit: "ms", floor: floorStats.p50, goal },
    { metric: "reading page p95", value: appStats.p95, unit: "ms", floor: floorStats.p95, goal },
    { metric: "reading page mean", value: appStats.mean, unit: "ms", floor: floorStats.mean },
    { metric: "reading page HTML (as sent)", value: app.last.body.length / 1000, unit: "kB" },
  ];
}

export const readingPageTime: Measurement = {
  name: "reading page response time",
  rows: (ctx) => [
    { metric: `reading page p50 (${ctx.text.slug})`, unit: "ms", goal: { kind: "ratio", max: RATIO_GOAL } },
    { metric: "reading page p95", unit: "ms", goal: { kind: "ratio", max: RATIO_GOAL } },
  ],
  run,
};
