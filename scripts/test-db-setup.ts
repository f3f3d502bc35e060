// Vitest global setup for integration tests: one embedded Postgres for the run
// (or TEST_PG_ADMIN_URL when scripts/test.ts already started one), and a template
// database with every migration applied, which each test file copies.
import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import { applyMigrations } from "./lib/migrate";
import { startEmbeddedPostgres, type RunningPostgres } from "./lib/embedded-postgres";
import { ROOT } from "./lib/database";

export const TEMPLATE_DB = "studycircle_template";

let embedded: RunningPostgres | null = null;

export async function setup() {
  let adminUrl = process.env.TEST_PG_ADMIN_URL;
  if (!adminUrl) {
    // A folder per run: two runs at once (two terminals) must not wipe each other's cluster.
    embedded = await startEmbeddedPostgres({ dataDir: path.join(ROOT, ".data", `test-postgres-${process.pid}`), fresh: true });
    adminUrl = embedded.url("postgres");
    process.env.TEST_PG_ADMIN_URL = adminUrl;
  }
  const host = new URL(adminUrl).hostname;
  if (!["127.0.0.1", "localhost", "::1", "[::1]"].includes(host))
    throw new Error(`integration tests create and drop databases: refusing to use non-local ${host}`);

  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${TEMPLATE_DB} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${TEMPLATE_DB}`);
  } finally {
    await admin.end();
  }
  const templateUrl = new URL(adminUrl);
  templateUrl.pathname = `/${TEMPLATE_DB}`;
  await applyMigrations(templateUrl.toString());
}

export async function teardown() {
  await embedded?.stop();
  if (embedded) fs.rmSync(embedded.dataDir, { recursive: true, force: true });
}
