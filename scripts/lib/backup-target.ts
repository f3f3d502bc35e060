// The database `npm run backup` and `npm run restore` work on: DATABASE_URL when it is
// set, else the embedded one in .data/postgres — the running app's cluster when
// `npm start` is up (found through its postmaster.pid), or one started for the command
// and stopped after it.
import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import { checkConnection, describeConnectionError, EMBEDDED_DATABASE, ROOT } from "./database";
import { resolveDataDir, runningEmbeddedPostgres, startEmbeddedPostgres } from "./embedded-postgres";

export type Target = {
  url: string;
  /** Where the data is, for messages (never the password). */
  where: string;
  /** The embedded cluster was already running: `npm start` is using it. */
  appRunning: boolean;
  /** Stops the embedded cluster if the command started it. */
  close(): Promise<void>;
};

const EMBEDDED_DIR = path.join(ROOT, ".data", "postgres");

function describeUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname}:${parsed.port || 5432}${parsed.pathname}`;
  } catch {
    return "the database in DATABASE_URL";
  }
}

async function databaseExists(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
    return true;
  } catch (error) {
    if ((error as { code?: string }).code === "3D000") return false;
    throw new Error(describeConnectionError(url, error));
  } finally {
    await client.end().catch(() => {});
  }
}

export async function openTarget(purpose: "backup" | "restore", log: (line: string) => void): Promise<Target> {
  const external = process.env.DATABASE_URL?.trim();
  if (external) {
    await checkConnection(external);
    return { url: external, where: describeUrl(external), appRunning: false, close: async () => {} };
  }

  const running = runningEmbeddedPostgres(EMBEDDED_DIR);
  if (running) {
    const url = running.url(EMBEDDED_DATABASE);
    if (!(await databaseExists(url)))
      throw new Error(`The embedded Postgres on port ${running.port} has no "${EMBEDDED_DATABASE}" database yet: let npm start finish first.`);
    return { url, where: `the embedded database (the running app's, port ${running.port})`, appRunning: true, close: async () => {} };
  }

  const dataDir = resolveDataDir(EMBEDDED_DIR);
  if (purpose === "backup" && !fs.existsSync(path.join(dataDir, "PG_VERSION")))
    throw new Error(
      `There is no embedded database yet (${path.relative(ROOT, EMBEDDED_DIR)}): nothing to back up. ` +
        "Set DATABASE_URL to back up an external one.",
    );
  const started = await startEmbeddedPostgres({ dataDir: EMBEDDED_DIR });
  const close = async () => {
    await started.stop().catch(() => {});
    log("embedded Postgres stopped");
  };
  try {
    log(`the app is not running: started the embedded Postgres (port ${started.port}) for the ${purpose}`);
    if (purpose === "restore") await started.createDatabase(EMBEDDED_DATABASE);
    else if (!(await databaseExists(started.url(EMBEDDED_DATABASE))))
      throw new Error(`The embedded Postgres has no "${EMBEDDED_DATABASE}" database: nothing to back up.`);
    return { url: started.url(EMBEDDED_DATABASE), where: `the embedded database (${path.relative(ROOT, EMBEDDED_DIR)})`, appRunning: false, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/** A path given on the command line, taken from where the person typed it (npm run moves to the project). */
export function fromUserDirectory(file: string): string {
  return path.resolve(process.env.INIT_CWD ?? process.cwd(), file);
}

/** "1 row", "2 rows". */
export const count = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString("en")} ${n === 1 ? one : many}`;

/** Bytes as people read them. */
export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} kB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
