// The schema in prisma/schema.prisma and the migrations that build the database must
// not drift apart: a model change without a migration fails here.
import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyMigrations, readMigrations } from "./lib/migrate";
import { diffDatamodels } from "./lib/schema-diff";
import { freshDatabase, type TestDatabase } from "./lib/test-database";
import { ROOT } from "./lib/database";

const schema = fs.readFileSync(path.join(ROOT, "prisma", "schema.prisma"), "utf8");
const historyDir = path.join(ROOT, "prisma", "schema-history");

/** Tables, columns, constraints, indexes and enums, as Postgres reports them. */
async function catalogue(url: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const q = async (sql: string) => (await client.query(sql)).rows;
    return {
      columns: await q(`SELECT table_name, column_name, data_type, udt_name, is_nullable, column_default
        FROM information_schema.columns WHERE table_schema = 'public' AND table_name <> '_prisma_migrations'
        ORDER BY table_name, column_name`),
      constraints: await q(`SELECT conrelid::regclass::text AS tbl, conname, pg_get_constraintdef(oid) AS def
        FROM pg_constraint WHERE connamespace = 'public'::regnamespace
          AND conrelid::regclass::text <> '_prisma_migrations' ORDER BY 1, 2`),
      indexes: await q(`SELECT tablename, indexname, indexdef FROM pg_indexes
        WHERE schemaname = 'public' AND tablename <> '_prisma_migrations' ORDER BY 1, 2`),
      enums: await q(`SELECT t.typname, e.enumlabel FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid
        ORDER BY t.typname, e.enumsortorder`),
    };
  } finally {
    await client.end();
  }
}

let fromMigrations: TestDatabase;
let fromSchema: TestDatabase;

beforeAll(async () => {
  fromMigrations = await freshDatabase(); // the template already has every migration applied
  fromSchema = await freshDatabase();
  // An empty copy to build straight from schema.prisma.
  const client = new pg.Client({ connectionString: fromSchema.url });
  await client.connect();
  await client.query(`DROP SCHEMA public CASCADE; CREATE SCHEMA public;`);
  await client.query(await diffDatamodels(null, schema, fromSchema.url));
  await client.end();
});
afterAll(async () => {
  await fromMigrations.drop();
  await fromSchema.drop();
});

describe("migrations", () => {
  it("build exactly the database schema.prisma describes", async () => {
    expect(await catalogue(fromMigrations.url)).toEqual(await catalogue(fromSchema.url));
  });

  it("carry every change made to schema.prisma (run `npm run db:migration -- <name>` if this fails)", async () => {
    const snapshots = fs.readdirSync(historyDir).filter((f) => f.endsWith(".prisma")).sort();
    const latest = snapshots.at(-1);
    expect(latest, "prisma/schema-history has no snapshot").toBeDefined();
    expect(latest!.replace(/\.prisma$/, "")).toBe(readMigrations().at(-1)?.name);
    const pending = await diffDatamodels(fs.readFileSync(path.join(historyDir, latest!), "utf8"), schema, fromSchema.url);
    expect(pending, "schema.prisma has changes no migration carries").toBe("");
  });

  it("are applied once, and recorded the way Prisma's CLI records them", async () => {
    expect(await applyMigrations(fromMigrations.url)).toEqual([]);
    const client = new pg.Client({ connectionString: fromMigrations.url });
    await client.connect();
    const rows = (await client.query(`SELECT migration_name, checksum, finished_at FROM "_prisma_migrations" ORDER BY migration_name`)).rows;
    await client.end();
    const migrations = readMigrations();
    expect(rows.map((r) => r.migration_name)).toEqual(migrations.map((m) => m.name));
    expect(rows.map((r) => r.checksum)).toEqual(migrations.map((m) => m.checksum));
    for (const row of rows) expect(row.finished_at).not.toBeNull();
  });
});
