// The database `npm start` and the tests run against: DATABASE_URL when it is set,
// else an embedded Postgres whose data lives in .data/.
import path from "node:path";
import pg from "pg";
import { startEmbeddedPostgres, type RunningPostgres } from "./embedded-postgres";

export const ROOT = path.join(import.meta.dirname, "..", "..");

/** The database the app uses on the embedded cluster. */
export const EMBEDDED_DATABASE = "studycircle";

export type Database = { url: string; embedded: RunningPostgres | null };

/** A one-line reason a database cannot be reached, for people rather than stack traces. */
export function describeConnectionError(url: string, error: unknown): string {
  let where = "the database";
  try {
    const parsed = new URL(url);
    where = `${parsed.hostname}:${parsed.port || 5432}${parsed.pathname}`;
  } catch {
    /* keep the generic name */
  }
  const code = (error as { code?: string }).code;
  const reasons: Record<string, string> = {
    ECONNREFUSED: "nothing is listening there — is Postgres running?",
    ENOTFOUND: "that host name does not resolve",
    ETIMEDOUT: "the connection timed out",
    "28P01": "the password was refused",
    "28000": "that user may not connect",
    "3D000": "that database does not exist",
  };
  const reason = (code && reasons[code]) ?? (error instanceof Error ? error.message : String(error));
  return `Cannot connect to ${where}: ${reason}. Check DATABASE_URL, or unset it to use the embedded Postgres.`;
}

export async function checkConnection(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
    await client.query("SELECT 1");
  } catch (error) {
    throw new Error(describeConnectionError(url, error));
  } finally {
    await client.end().catch(() => {});
  }
}

export async function openDatabase(
  log: (line: string) => void,
  options: { dataDir?: string; fresh?: boolean } = {},
): Promise<Database> {
  const external = process.env.DATABASE_URL?.trim();
  if (external && !options.dataDir) {
    await checkConnection(external);
    return { url: external, embedded: null };
  }
  const embedded = await startEmbeddedPostgres({
    dataDir: options.dataDir ?? path.join(ROOT, ".data", "postgres"),
    fresh: options.fresh,
  });
  log(`embedded Postgres on port ${embedded.port}, data in ${path.relative(ROOT, embedded.dataDir) || embedded.dataDir}`);
  await embedded.createDatabase(EMBEDDED_DATABASE);
  return { url: embedded.url(EMBEDDED_DATABASE), embedded };
}
