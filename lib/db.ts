import "server-only";
import { createHash } from "node:crypto";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { env } from "@/lib/env";

// The one Prisma client. Development reloads modules on every edit; keeping the
// client on globalThis stops each reload from opening another connection pool.
const globalForDb = globalThis as unknown as { db?: PrismaClient };

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

function createClient() {
  if (!env.DATABASE_URL) throw new Error("DATABASE_URL is not set: start the app with `npm start`.");
  return new PrismaClient({
    adapter: new PrismaPg({ connectionString: env.DATABASE_URL, options: "-c plan_cache_mode=force_generic_plan" }, { statementNameGenerator: statementName }),
    log: env.LOG_QUERIES === "1" ? ["query", "warn", "error"] : ["warn", "error"],
  });
}

export const db = globalForDb.db ?? createClient();
if (env.NODE_ENV === "development") globalForDb.db = db;
