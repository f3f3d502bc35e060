// npm test: unit tests, integration tests on a real (embedded) Postgres, then the
// browser tests in Chromium against the real app. Prints one closing line,
// "N passed, N failed", and exits non-zero if anything failed.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { startEmbeddedPostgres } from "./lib/embedded-postgres";
import { ROOT } from "./lib/database";
import { describeChromium, ensureChromium } from "./lib/chromium";

type Tally = { passed: number; failed: number; skipped: number };
const total: Tally = { passed: 0, failed: 0, skipped: 0 };
const reports = path.join(ROOT, "test-results");
fs.mkdirSync(reports, { recursive: true });

function run(label: string, command: string, args: string[], env: Record<string, string> = {}): boolean {
  console.log(`\n── ${label} ──`);
  const result = spawnSync(command, args, { cwd: ROOT, stdio: "inherit", env: { ...process.env, ...env } });
  return result.status === 0;
}

function readVitest(file: string): Tally {
  if (!fs.existsSync(file)) return { passed: 0, failed: 1, skipped: 0 };
  const json = JSON.parse(fs.readFileSync(file, "utf8")) as {
    numPassedTests: number;
    numFailedTests: number;
    numPendingTests: number;
    numTodoTests: number;
    numFailedTestSuites: number;
  };
  return {
    passed: json.numPassedTests,
    // A file that fails to load counts as a failure even though no test in it ran.
    failed: json.numFailedTests + json.numFailedTestSuites,
    skipped: json.numPendingTests + json.numTodoTests,
  };
}

function readPlaywright(file: string): Tally {
  if (!fs.existsSync(file)) return { passed: 0, failed: 1, skipped: 0 };
  const json = JSON.parse(fs.readFileSync(file, "utf8")) as {
    stats: { expected: number; unexpected: number; flaky: number; skipped: number };
    errors?: unknown[];
  };
  return {
    passed: json.stats.expected,
    failed: json.stats.unexpected + json.stats.flaky + (json.errors?.length ?? 0),
    skipped: json.stats.skipped,
  };
}

function add(tally: Tally, ok: boolean) {
  total.passed += tally.passed;
  total.failed += tally.failed + (ok || tally.failed ? 0 : 1);
  total.skipped += tally.skipped;
}

async function main() {
  const vitest = (project: string, out: string, env?: Record<string, string>) => {
    fs.rmSync(out, { force: true });
    const ok = run(`${project} tests`, process.execPath, [
      path.join(ROOT, "node_modules", "vitest", "vitest.mjs"),
      "run",
      "--project",
      project,
      "--reporter=default",
      "--reporter=json",
      `--outputFile.json=${out}`,
    ], env);
    add(readVitest(out), ok);
  };

  vitest("unit", path.join(reports, "unit.json"));

  // One Postgres for every integration test file; each file copies a migrated template.
  const pg = await startEmbeddedPostgres({ dataDir: path.join(ROOT, ".data", `test-postgres-${process.pid}`), fresh: true });
  try {
    vitest("integration", path.join(reports, "integration.json"), { TEST_PG_ADMIN_URL: pg.url("postgres") });
  } finally {
    await pg.stop();
    fs.rmSync(pg.dataDir, { recursive: true, force: true });
  }

  try {
    ensureChromium();
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
  }
  console.log(`\n(browser tests use ${describeChromium()})`);
  const e2eReport = path.join(reports, "e2e.json");
  fs.rmSync(e2eReport, { force: true });
  const e2eOk = run("browser tests", process.execPath, [
    path.join(ROOT, "node_modules", "@playwright", "test", "cli.js"),
    "test",
    "--reporter=list,json",
  ], { PLAYWRIGHT_JSON_OUTPUT_NAME: e2eReport });
  add(readPlaywright(e2eReport), e2eOk);

  console.log(`\nTests: ${total.passed} passed, ${total.failed} failed` + (total.skipped ? `, ${total.skipped} skipped` : ""));
  process.exit(total.failed === 0 && total.passed > 0 ? 0 : 1);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
