// npm run backup [-- --out <file>]: a consistent copy of the app's database (embedded, or
// DATABASE_URL's), taken from one snapshot while the app keeps running, into
// backups/study-circle-<time>.backup.gz. How and why: scripts/lib/backup.ts, docs/backups.md.
import fs from "node:fs";
import path from "node:path";
import { BackupError, writeBackup } from "./lib/backup";
import { count, formatSize, fromUserDirectory, openTarget, type Target } from "./lib/backup-target";
import { ROOT } from "./lib/database";

const log = (line: string) => console.log(`[backup] ${line}`);
const shown = (file: string) => {
  const relative = path.relative(process.env.INIT_CWD ?? process.cwd(), file);
  return relative && !relative.startsWith("..") ? relative : file;
};

async function main() {
  const args = process.argv.slice(2);
  if (args.includes("--help") || args.includes("-h")) {
    console.log("npm run backup [-- --out <file>]   (default: backups/study-circle-<time>.backup.gz; see docs/backups.md)");
    return;
  }
  const outArg = args.includes("--out") ? args[args.indexOf("--out") + 1] : undefined;
  const time = new Date().toISOString().slice(0, 19).replaceAll(":", "-");
  const file = outArg ? fromUserDirectory(outArg) : path.join(ROOT, "backups", `study-circle-${time}Z.backup.gz`);
  if (fs.existsSync(file)) throw new BackupError(`${shown(file)} already exists: choose another --out.`);

  let target: Target | null = null;
  const interrupted = async () => {
    fs.rmSync(`${file}.partial`, { force: true });
    await target?.close();
    console.error("[backup] interrupted: nothing was written");
    process.exit(130);
  };
  process.on("SIGINT", () => void interrupted());
  process.on("SIGTERM", () => void interrupted());

  try {
    target = await openTarget("backup", log);
    log(`backing up ${target.where} (one snapshot: consistent even while the app writes)`);
    const started = Date.now();
    const summary = await writeBackup(target.url, file, {
      onTable: (table, rows) => {
        if (rows) log(`  ${table.padEnd(18)} ${count(rows, "row")}`);
      },
    });
    const rows = Object.values(summary.rows).reduce((sum, n) => sum + n, 0);
    const empty = Object.values(summary.rows).filter((n) => n === 0).length;
    if (empty) log(`  (and ${count(empty, "empty table")})`);
    const migrations = summary.manifest.migrations;
    log(
      `wrote ${shown(file)}: ${formatSize(summary.bytes)}, ${count(rows, "row")} in ${count(summary.manifest.tables.length, "table")}, ` +
        `schema at ${migrations.at(-1)?.name ?? "no migration"} (${count(migrations.length, "migration")}), in ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
    log("it holds password hashes and email addresses: keep it as safe as the database");
  } finally {
    await target?.close();
  }
}

main().catch((error: unknown) => {
  console.error(`[backup] ${error instanceof Error ? error.message : String(error)}`);
  if (!(error instanceof BackupError) && error instanceof Error && process.env.DEBUG) console.error(error.stack);
  console.error("[backup] no backup was written");
  process.exit(1);
});
