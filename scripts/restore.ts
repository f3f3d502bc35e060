// npm run restore -- <file> [--force]: puts a backup made by `npm run backup` into the
// app's database (embedded, or DATABASE_URL's) — all of it, in one transaction, or
// nothing. Refuses a database that holds data unless --force, and a backup from a newer
// schema than this code's. How and why: scripts/lib/backup.ts, docs/backups.md.
import fs from "node:fs";
import path from "node:path";
import { BackupError, readManifest, restoreBackup } from "./lib/backup";
import { count, formatSize, fromUserDirectory, openTarget, type Target } from "./lib/backup-target";
import { ROOT } from "./lib/database";

const log = (line: string) => console.log(`[restore] ${line}`);
const shown = (file: string) => {
  const relative = path.relative(process.env.INIT_CWD ?? process.cwd(), file);
  return relative && !relative.startsWith("..") ? relative : file;
};

async function usage(): Promise<never> {
  console.error("usage: npm run restore -- <backup file> [--force]   (--force wipes a database that holds data; see docs/backups.md)");
  const dir = path.join(ROOT, "backups");
  const files = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith(".backup.gz")).sort().reverse() : [];
  if (files.length) {
    console.error("backups found, newest first:");
    for (const name of files.slice(0, 10)) console.error(`  ${shown(path.join(dir, name))}  ${formatSize(fs.statSync(path.join(dir, name)).size)}`);
  }
  process.exit(1);
}

async function main() {
  const args = process.argv.slice(2);
  const force = args.includes("--force");
  const files = args.filter((arg) => !arg.startsWith("--"));
  if (files.length !== 1 || args.includes("--help")) await usage();
  const file = fromUserDirectory(files[0]!);
  const manifest = await readManifest(file);

  let target: Target | null = null;
  process.on("SIGINT", () => void target?.close().then(() => process.exit(130)));
  process.on("SIGTERM", () => void target?.close().then(() => process.exit(130)));
  try {
    target = await openTarget("restore", log);
    // The app keeps copies of what it read (cached pages, each group's latest events):
    // replacing the data under it would leave them disagreeing with the database.
    if (target.appRunning && !force)
      throw new BackupError(
        "Study Circle is running on this database: stop it first (Ctrl-C where npm start runs), then restore. " +
          "(--force restores anyway; restart the app afterwards.) Nothing was changed.",
      );
    log(
      `restoring ${shown(file)} (taken ${manifest.createdAt} from "${manifest.database}", schema at ` +
        `${manifest.migrations.at(-1)?.name ?? "no migration"}) into ${target.where}`,
    );
    const started = Date.now();
    const summary = await restoreBackup(target.url, file, {
      force,
      log,
      onTable: (table, rows) => {
        if (rows) log(`  ${table.padEnd(18)} ${count(rows, "row")}`);
      },
    });
    const rows = Object.values(summary.rows).reduce((sum, n) => sum + n, 0);
    const empty = Object.values(summary.rows).filter((n) => n === 0).length;
    if (empty) log(`  (and ${count(empty, "empty table")})`);
    log(`restored ${count(rows, "row")} in ${count(manifest.tables.length, "table")} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    if (summary.otherSessions || target.appRunning) log("the app was connected during the restore: restart every app instance now");
    log("sessions and calendar addresses stay valid only with the same NEXTAUTH_SECRET (or .data/auth-secret) as before");
  } finally {
    await target?.close();
  }
}

main().catch((error: unknown) => {
  console.error(`[restore] ${error instanceof Error ? error.message : String(error)}`);
  if (!(error instanceof BackupError)) {
    if (error instanceof Error && process.env.DEBUG) console.error(error.stack);
    console.error("[restore] nothing was restored: the database is as it was");
  }
  process.exit(1);
});
