import "server-only";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { env } from "@/lib/env";

// The one Prisma client. Development reloads modules on every edit; keeping the
// client on globalThis stops each reload from opening another connection pool.
const globalForDb = globalThis as unknown as { db?: PrismaClient };

function createClient() {
  if (!env.DATABASE_URL) throw new Error("DATABASE_URL is not set: start the app with `npm start`.");
  return new PrismaClient({
    adapter: new PrismaPg({ connectionString: env.DATABASE_URL }),
    log: env.LOG_QUERIES === "1" ? ["query", "warn", "error"] : ["warn", "error"],
  });
}

export const db = globalForDb.db ?? createClient();
if (env.NODE_ENV === "development") globalForDb.db = db;
