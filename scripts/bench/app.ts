// Starts Study Circle the way the tests do (scripts/start.ts on a throwaway embedded
// Postgres, never DATABASE_URL) and stops it again, whatever happens.
import { spawn, type ChildProcess } from "node:child_process";
import net from "node:net";
import path from "node:path";
import readline from "node:readline";
import { timedGet } from "./http";

export const ROOT = path.join(import.meta.dirname, "..", "..");

/** A Postgres of the operator's choosing to measure against, rather than a throwaway embedded one. */
export function externalDatabaseUrl(): string | undefined {
  return process.env.BENCH_DATABASE_URL?.trim() || undefined;
}

export type RunningApp = {
  port: number;
  /** scripts/start.ts, which leads a process group of its own: the app's processes (and an embedded Postgres). */
  pid?: number;
  /** http://127.0.0.1:<port> */
  origin: string;
  stop(): Promise<void>;
};

/** The first port from `start` that nothing listens on, on any address. */
export async function findFreePort(start: number, tries = 50): Promise<number> {
  for (let port = start; port < start + tries; port++) {
    const free = await new Promise<boolean>((resolve) => {
      const server = net.createServer();
      server.once("error", () => resolve(false));
      server.listen(port, () => server.close(() => resolve(true))); // every address, like `next start`
    });
    if (free) return port;
  }
  throw new Error(`no free port between ${start} and ${start + tries - 1}`);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function alive(child: ChildProcess): boolean {
  return child.exitCode === null && child.signalCode === null;
}

function groupAlive(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

function signalGroup(pid: number, signal: NodeJS.Signals) {
  try {
    process.kill(-pid, signal);
  } catch {
    /* nothing left in the group */
  }
}

/**
 * Spawns the app and returns at once, so the caller can register `app.stop` before
 * anything can go wrong; `ready` resolves when /api/health answers 200 (and stops
 * the app before rejecting).
 */
export function launchApp(options: {
  port: number;
  dataDir: string;
  signal: AbortSignal;
  log: (line: string) => void;
  /** How long to wait for /api/health, build included. */
  readyTimeoutMs?: number;
}): { app: RunningApp; ready: Promise<void> } {
  const origin = `http://127.0.0.1:${options.port}`;
  // `node --import tsx` rather than `npx tsx`: one process, so SIGTERM reaches
  // start.ts itself, which stops `next start` and then the embedded Postgres.
  // Its own process group, so a Ctrl-C in the terminal reaches the bench only
  // and the bench stops the app in order.
  // BENCH_DATABASE_URL measures against an external Postgres instead (the bench writes to it).
  const external = externalDatabaseUrl();
  const child = spawn(
    process.execPath,
    ["--import", "tsx", path.join("scripts", "start.ts"), ...(external ? [] : ["--data-dir", options.dataDir, "--fresh"]), "--dist-dir", ".next-bench"],
    {
      cwd: ROOT,
      // The realtime bench opens 20 connections per member: above the usual cap of open streams per person.
      env: { MAX_STREAMS_PER_PERSON: "32", ...process.env, PORT: String(options.port), DATABASE_URL: external ?? "", NEXT_TELEMETRY_DISABLED: "1" },
      stdio: ["ignore", "pipe", "pipe"],
      detached: true,
    },
  );
  const pid = child.pid;
  if (pid === undefined) throw new Error("could not start scripts/start.ts");
  const exited = new Promise<void>((resolve) => {
    if (!alive(child)) resolve();
    child.once("exit", () => resolve());
  });
  for (const stream of [child.stdout, child.stderr]) {
    if (stream) readline.createInterface({ input: stream }).on("line", (line) => options.log(line));
  }
  // Last resort if the bench itself dies without running its cleanup.
  const onExit = () => {
    if (alive(child)) signalGroup(pid, "SIGTERM");
  };
  process.on("exit", onExit);

  let stopping: Promise<void> | null = null;
  const stop = () =>
    (stopping ??= (async () => {
      if (alive(child)) {
        child.kill("SIGTERM");
        // start.ts stops Next and then Postgres; a build in progress finishes first
        // (it runs synchronously), so give it a while before signalling the group.
        const inTime = await Promise.race([exited.then(() => true), sleep(30_000).then(() => false)]);
        if (!inTime) {
          options.log("still running 30 s after SIGTERM: signalling its whole process group");
          signalGroup(pid, "SIGTERM");
          const gone = await Promise.race([exited.then(() => true), sleep(10_000).then(() => false)]);
          if (!gone) {
            options.log("still running: SIGKILL");
            signalGroup(pid, "SIGKILL");
            await exited;
          }
        }
      }
      // Anything start.ts left behind in its group (it should leave nothing).
      if (groupAlive(pid)) {
        for (let waited = 0; waited < 10_000 && groupAlive(pid); waited += 250) await sleep(250);
        if (groupAlive(pid)) {
          options.log("processes left in the app's group after it exited: SIGTERM");
          signalGroup(pid, "SIGTERM");
        }
      }
      process.off("exit", onExit);
    })());

  const app: RunningApp = { port: options.port, pid, origin, stop };
  const ready = waitForHealth(app, child, options).catch(async (error: unknown) => {
    await stop();
    throw error;
  });
  return { app, ready };
}

async function waitForHealth(
  app: RunningApp,
  child: ChildProcess,
  options: { signal: AbortSignal; log: (line: string) => void; readyTimeoutMs?: number },
) {
  const url = new URL("/api/health", app.origin);
  const timeout = options.readyTimeoutMs ?? 10 * 60_000;
  const started = Date.now();
  let lastSaid = started;
  for (;;) {
    if (options.signal.aborted) throw new Error("interrupted");
    if (!alive(child)) throw new Error(`the app exited (code ${child.exitCode ?? child.signalCode}) before it was ready`);
    const reply = await timedGet(url, { timeoutMs: 2000 }).catch(() => null);
    if (reply?.status === 200) return;
    if (Date.now() - started > timeout)
      throw new Error(`${url.href} did not answer 200 within ${Math.round(timeout / 1000)} s`);
    if (Date.now() - lastSaid > 30_000) {
      lastSaid = Date.now();
      options.log(`(bench) still waiting for ${url.href} after ${Math.round((lastSaid - started) / 1000)} s…`);
    }
    await sleep(500);
  }
}
