// npm run bench [-- --verbose] [-- --port 3200] [-- --only <words in a measurement's name>]
// Measures Study Circle on this machine and prints a table. It is a measurement, not
// a test: it exits 0 when goals are missed (and says which), 1 only when something
// could not be measured. It starts its own app on a throwaway embedded Postgres
// (never DATABASE_URL) and always stops it again, Ctrl-C included.
//
// To add a row: write a Measurement (scripts/bench/types.ts) and add it to `measurements`.
import os from "node:os";
import path from "node:path";
import { findFreePort, launchApp, type RunningApp } from "./bench/app";
import { longestText } from "./bench/longest-text";
import { readingPageJs } from "./bench/page-js";
import { readingPageTime } from "./bench/page-time";
import { annotatedReading } from "./bench/annotations";
import { threadsAtScale } from "./bench/threads";
import { readingsAtScale } from "./bench/readings";
import { realtimeAtScale } from "./bench/realtime";
import { mixedLoad } from "./bench/mixed-load";
import { requestCost } from "./bench/request-cost";
import { longBook } from "./bench/long-book";
import { searchAtScale } from "./bench/search";
import { exportAtScale } from "./bench/export";
import { formatTable, verdict } from "./bench/table";
import { describeChromium, ensureChromium } from "./lib/chromium";
import type { BenchContext, Measurement, Row } from "./bench/types";

export type { Row, Measurement, BenchContext, Goal } from "./bench/types";

/** Every measurement, in the order its rows appear. */
export const measurements: Measurement[] = [readingPageTime, readingPageJs, annotatedReading, threadsAtScale, readingsAtScale, longBook, searchAtScale, exportAtScale, realtimeAtScale, requestCost, mixedLoad];

const args = process.argv.slice(2);
const verbose = args.includes("--verbose") || args.includes("-v");
const portArg = args.includes("--port") ? Number(args[args.indexOf("--port") + 1]) : 3200;
const only = args.includes("--only") ? args[args.indexOf("--only") + 1]?.toLowerCase() : undefined;
const DATA_DIR = ".data/bench-postgres";

const say = (line: string) => console.error(`[bench] ${line}`);

const controller = new AbortController();
const cleanups: Array<() => Promise<void> | void> = [];
let cleaning: Promise<void> | null = null;
function cleanup(): Promise<void> {
  return (cleaning ??= (async () => {
    for (const fn of cleanups.reverse()) {
      try {
        await fn();
      } catch (error) {
        say(`while cleaning up: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  })());
}
function handleSignals() {
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
    process.on(signal, () => {
      if (controller.signal.aborted) return; // a second Ctrl-C: already stopping
      say(`${signal}: stopping…`);
      controller.abort();
      void cleanup().finally(() => process.exit(130));
    });
  }
}

async function main(): Promise<number> {
  const cpu = os.cpus()[0]?.model.trim() ?? "unknown CPU";
  const started = new Date();
  const [load1Before = 0] = os.loadavg();
  const text = longestText();
  const port = await findFreePort(Number.isInteger(portArg) && portArg > 0 ? portArg : 3200);
  say(`longest text: ${text.slug} (${text.wordCount} words)`);
  ensureChromium(say);
  say(`browser: ${describeChromium()}`);
  say(`starting the app on port ${port} (data in ${DATA_DIR}; the first run builds it, 1–2 min)…`);
  const start = async () => {
    const t0 = performance.now();
    const launched = launchApp({
      port,
      dataDir: DATA_DIR,
      signal: controller.signal,
      log: (line) => console.error(`  app │ ${line}`),
    });
    current = launched.app;
    await launched.ready;
    say(`app ready at ${launched.app.origin} after ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    return launched.app;
  };
  let current: RunningApp | null = null;
  cleanups.push(async () => {
    say("stopping the app…");
    await current?.stop();
    say("app stopped");
  });
  await start();

  const notes: string[] = [];
  const details: string[] = [];
  const ctx: BenchContext = {
    app: current!,
    text,
    verbose,
    signal: controller.signal,
    note: (line) => notes.push(line),
    detail: (line) => details.push(line),
    onCleanup: (fn) => cleanups.push(fn),
    restartApp: async () => {
      say("restarting the app, to measure just after a start…");
      await current?.stop();
      ctx.app = await start();
    },
  };

  const rows: Row[] = [];
  for (const measurement of measurements.filter((m) => !only || m.name.toLowerCase().includes(only))) {
    if (controller.signal.aborted) break;
    say(`measuring ${measurement.name}…`);
    try {
      rows.push(...(await measurement.run(ctx)));
    } catch (error) {
      if (controller.signal.aborted) break;
      const message = error instanceof Error ? error.message : String(error);
      say(`${measurement.name} failed: ${message}`);
      notes.push(`!! ${measurement.name} failed: ${message}`);
      rows.push(...measurement.rows(ctx).map((row) => ({ ...row, value: null, error: message })));
    }
  }
  if (controller.signal.aborted) return 130;

  await cleanup();

  const out: string[] = [];
  out.push(
    `Study Circle bench — ${started.toISOString().replace("T", " ").slice(0, 16)} UTC, ${cpu} (${os.cpus().length} CPUs), node ${process.version}`,
  );
  out.push(
    `1-min load average before: ${load1Before.toFixed(2)}, after: ${(os.loadavg()[0] ?? 0).toFixed(2)}` +
      (load1Before > os.cpus().length * 0.5 ? " — the machine was already busy before the bench; expect noisier numbers" : ""),
  );
  out.push(`longest text: “${text.title}” (${text.wordCount.toLocaleString("en")} words), ${text.path}`);
  out.push("");
  out.push(formatTable(rows));
  out.push("");
  const withGoals = rows.filter((row) => row.goal);
  const met = withGoals.filter((row) => verdict(row) === "ok");
  const missed = withGoals.filter((row) => verdict(row) !== "ok");
  out.push(
    `goals met: ${met.length} of ${withGoals.length}` +
      (missed.length ? ` — not met: ${missed.map((row) => `${row.metric} (${verdict(row)})`).join(", ")}` : ""),
  );
  out.push("");
  for (const note of [...notes, "kB = 1000 bytes; ratio = value ÷ floor; percentiles are nearest-rank."])
    out.push(`  * ${note}`);
  if (verbose && details.length) {
    out.push("", "details:");
    for (const line of details) out.push(`  ${line}`);
  }
  console.log(out.join("\n"));
  return rows.some((row) => row.value === null) ? 1 : 0;
}

// Only when run (npm run bench), not when imported for its types or measurements.
if (process.argv[1] && path.resolve(process.argv[1]) === import.meta.filename) {
  handleSignals();
  void main()
    .then(async (code) => {
      await cleanup();
      process.exit(code);
    })
    .catch(async (error: unknown) => {
      if (!controller.signal.aborted) say(`failed: ${error instanceof Error ? error.message : String(error)}`);
      await cleanup();
      process.exit(controller.signal.aborted ? 130 : 1);
    });
}
