import "server-only";
import { createHash } from "node:crypto";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaClient, type Prisma } from "@/lib/generated/prisma/client";
import { env } from "@/lib/env";

// The one Prisma client. Development reloads modules on every edit; keeping the
// client on globalThis stops each reload from opening another connection pool.
const globalForDb = globalThis as unknown as { db?: PrismaClient; pool?: pg.Pool };

// Prisma's reads of a note with its author, mentions and reactions are one long statement
// of nested JOINs, which Postgres takes longer to plan (5–7 ms) than to run (under 1 ms).
// Statements are therefore prepared once per connection, under a name made from their
// text, and Postgres keeps their plans. Short ones (cheap to plan) and those with lists of
// values ("IN ($1,$2…)", whose text changes with the length of the list, so each length
// would be kept) stay unnamed.
// Postgres is asked to plan those named statements once, generically (plan_cache_mode): they
// look rows up by key, where a plan made for one value serves them all. Unnamed statements
// are planned for their values every time, as before.
const PREPARE_FROM_LENGTH = 200;
const VALUE_LIST = /\bIN \(\s*\$/;
const statementNames = new Map<string, string>();
function statementName(query: { sql: string }): string {
  const { sql } = query;
  if (sql.length < PREPARE_FROM_LENGTH || VALUE_LIST.test(sql)) return undefined as unknown as string; // unnamed
  let name = statementNames.get(sql);
  if (!name) {
    name = `sc_${createHash("sha1").update(sql).digest("hex").slice(0, 24)}`;
    if (statementNames.size > 2000) statementNames.clear();
    statementNames.set(sql, name);
  }
  return name;
}

function createPool() {
  if (!env.DATABASE_URL) throw new Error("DATABASE_URL is not set: start the app with `npm start`.");
  const pool = new pg.Pool({ connectionString: env.DATABASE_URL, options: "-c plan_cache_mode=force_generic_plan" });
  // A pooled connection that breaks while idle (the database restarted) is dropped by the
  // pool; without a listener its error would end the process.
  pool.on("error", (error) => console.warn(`[db] an idle connection was closed: ${error.message}`));
  return pool;
}

// One pool of connections, shared by Prisma and by the few statements that are sent
// straight to it (sqlQuery below), so the two never hold more connections than one would.
// db.$disconnect() ends it (scripts and tests rely on that to leave no session behind);
// a statement sent after that opens a pool again.
let pool = globalForDb.pool ?? createPool();
const livePool = () => (pool.ending || pool.ended ? (pool = createPool()) : pool);

function createClient() {
  return new PrismaClient({
    adapter: new PrismaPg(pool, { statementNameGenerator: statementName, disposeExternalPool: true }),
    log: env.LOG_QUERIES === "1" ? ["query", "warn", "error"] : ["warn", "error"],
  });
}

export const db = globalForDb.db ?? createClient();
if (env.NODE_ENV === "development") Object.assign(globalForDb, { db, pool });

// Timestamps without a time zone hold UTC here (as Prisma writes them): read them so.
const UTC_TIMESTAMP = 1114;
const types = {
  getTypeParser: ((oid: number, format?: "text" | "binary") =>
    oid === UTC_TIMESTAMP && format !== "binary"
      ? (value: string) => new Date(`${value.replace(" ", "T")}Z`)
      : pg.types.getTypeParser(oid, format as "text")) as pg.CustomTypesConfig["getTypeParser"],
};

/**
 * Runs one statement (written with Prisma.sql) on the shared pool and returns its rows.
 * For the statements every request makes — the session, the notes list, presence — where
 * Prisma's own query path costs several times what the statement does (about 0.35 ms of
 * CPU for a $queryRaw and 0.7 ms for a read with a relation, against 0.07 ms here for a
 * prepared statement). Errors are pg's own, which lib/errors.ts reads like Prisma's: an
 * unreachable database is still a 503.
 */
export async function sqlQuery<T>(statement: Prisma.Sql, options: { planEachTime?: boolean } = {}): Promise<T[]> {
  const text = statement.text;
  if (env.LOG_QUERIES === "1") console.log(`sql:query ${text}`);
  // `planEachTime`: an unnamed statement, which Postgres plans with this call's values — for a
  // statement whose best plan depends on them (search: a rare word or a word in every note).
  const name = options.planEachTime ? undefined : statementName({ sql: text });
  const result = await livePool().query({ name, text, values: statement.values, types });
  return result.rows as T[];
}

/**
 * A connection of the shared pool for the caller alone — for a statement read through a
 * cursor, batch by batch (lib/export). The caller must release it, whatever happens.
 */
export async function dedicatedConnection(): Promise<pg.PoolClient> {
  return livePool().connect();
}
