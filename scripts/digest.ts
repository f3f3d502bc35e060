// npm run digest -- [daily|weekly|immediately]
// Mails everyone with that email setting what their inbox gathered since it last went
// out: one digest per person, grouped by group and reading, each item linking to its
// thread. Meant for a scheduler (cron: daily at 07:00, and weekly on Mondays with
// "weekly"); running it twice sends nothing twice. Uses DATABASE_URL, else the
// embedded Postgres of `npm start` (running or not).
import fs from "node:fs";
import path from "node:path";
import { checkConnection, openDatabase, ROOT } from "./lib/database";
import { resolveDataDir } from "./lib/embedded-postgres";
import { applyMigrations } from "./lib/migrate";

const FREQUENCIES = ["daily", "weekly", "immediately"] as const;
type Frequency = (typeof FREQUENCIES)[number];

async function runningEmbeddedUrl(): Promise<string | null> {
  try {
    const dataDir = resolveDataDir(path.join(ROOT, ".data", "postgres"));
    const port = Number(fs.readFileSync(path.join(dataDir, "postmaster.pid"), "utf8").split("\n")[3]);
    const url = `postgresql://studycircle:studycircle@127.0.0.1:${port}/studycircle`;
    await checkConnection(url);
    return url;
  } catch {
    return null;
  }
}

async function main() {
  const arg = process.argv[2] ?? "daily";
  if (!FREQUENCIES.includes(arg as Frequency)) {
    console.error(`usage: npm run digest -- [${FREQUENCIES.join("|")}]`);
    process.exit(1);
  }
  let stop: (() => Promise<void>) | null = null;
  if (!process.env.DATABASE_URL?.trim()) {
    const running = await runningEmbeddedUrl();
    if (running) process.env.DATABASE_URL = running;
    else {
      const database = await openDatabase((line) => console.log(`digest: ${line}`));
      process.env.DATABASE_URL = database.url;
      process.env.STUDY_CIRCLE_EMBEDDED_DB = "1";
      stop = database.embedded ? () => database.embedded!.stop() : null;
    }
  }
  // A database the app has not run on yet gets its tables (and has nothing to send).
  await applyMigrations(process.env.DATABASE_URL!, { log: (line) => console.log(`digest: ${line}`) });
  // Imported once DATABASE_URL is known: the app's modules read it when loaded.
  const { mailPending } = await import("../lib/discussion/digest");
  const { db } = await import("../lib/db");
  try {
    const result = await mailPending(arg as Frequency);
    console.log(`digest (${arg}): ${result.mails} ${result.mails === 1 ? "mail" : "mails"} with ${result.items} ${result.items === 1 ? "item" : "items"} sent`);
  } finally {
    await db.$disconnect();
    await stop?.();
  }
}

main().catch((error) => {
  console.error(`digest: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
