// Backups without pg_dump. The embedded Postgres package ships only initdb, pg_ctl and
// postgres, and an external server's pg_dump would have to be installed at a matching
// major version, so Study Circle reads and writes its own data through the `pg` driver
// it already depends on:
//
// - A backup is one REPEATABLE READ READ ONLY transaction: every table is read from the
//   same snapshot, however long it takes and whatever the app writes meanwhile (the same
//   guarantee pg_dump gives). ACCESS SHARE locks keep a migration from rewriting a table
//   under it; ordinary reads and writes go on.
// - It records the migrations the database has (names and checksums), so a restore
//   rebuilds exactly that schema with the same migration files — and refuses a backup
//   whose schema this code does not know.
// - Each table's rows go through COPY … TO STDOUT in Postgres's text format (what
//   pg_dump's plain output holds too), streamed into one gzip file, never held in memory.
//
// A restore is one transaction: wipe what is there (only with --force when it holds data),
// run the backup's migrations, drop the foreign keys, COPY … FROM STDIN every table, add
// the foreign keys back (which checks every row — two tables refer to each other, so no
// load order would do), set sequences, then run any migrations of this code that are newer
// than the backup. A failure at any point rolls it all back: nothing is left half made.
//
// The file (see docs/backups.md) is gzip of UTF-8 lines:
//   -- Study Circle backup …                  a note for whoever opens it
//   -- manifest {json}                        format, time, server, migrations, tables and columns
//   COPY "Table" ("col", …) FROM stdin;       then, for each table in the manifest's order,
//   <rows, one a line, COPY text format>      its rows
//   \.                                        and the end-of-data line
//   -- end {json}                             rows per table and sequences; without it the file was cut off
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import { once } from "node:events";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import pg from "pg";
import { from as copyFrom, to as copyTo } from "pg-copy-streams";
import { HISTORY_TABLE, LOCK_KEY, readMigrations, runMigration, MIGRATIONS_DIR } from "./migrate";

export const FORMAT = "study-circle-backup";
export const FORMAT_VERSION = 1;

export type BackupTable = { name: string; columns: string[] };
export type Manifest = {
  format: typeof FORMAT;
  version: number;
  createdAt: string;
  database: string;
  server: string;
  migrations: { name: string; checksum: string }[];
  tables: BackupTable[];
};
export type Trailer = {
  rows: Record<string, number>;
  sequences: { name: string; lastValue: string; isCalled: boolean }[];
};

/** A refusal or failure explained for people: the commands print its message alone. */
export class BackupError extends Error {}

const HEADER = "-- Study Circle backup: restore it with `npm run restore -- <this file>` (see docs/backups.md)";
const MANIFEST_PREFIX = "-- manifest ";
const END_PREFIX = "-- end ";
const END_OF_DATA = Buffer.from("\\.\n");

const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;
const copyStatement = (table: BackupTable, direction: "TO STDOUT" | "FROM stdin") =>
  `COPY ${quote(table.name)} (${table.columns.map(quote).join(", ")}) ${direction}`;

// COPY's text format spells dates and numbers by these settings: both ends fix them,
// as pg_dump does, so a server configured otherwise reads back what was written.
const SESSION = `SET client_encoding = 'UTF8'; SET DateStyle = 'ISO'; SET IntervalStyle = 'postgres';
  SET extra_float_digits = 3; SET TimeZone = 'UTC'; SET statement_timeout = 0;`;

// ── Backup ───────────────────────────────────────────────────────────────────

export type BackupSummary = { file: string; bytes: number; manifest: Manifest; rows: Record<string, number> };

/** Tables of the app's schema (the first on the search path) with their columns, by name. */
async function listTables(client: pg.ClientBase): Promise<BackupTable[]> {
  const result = await client.query<{ name: string; columns: string[] }>(
    `SELECT c.relname::text AS name, array_agg(a.attname::text ORDER BY a.attnum) AS columns
       FROM pg_class c
       JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = current_schema()
       JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = ''
      WHERE c.relkind = 'r' AND NOT c.relispartition AND c.relname <> '_prisma_migrations'
      GROUP BY c.relname ORDER BY c.relname COLLATE "C"`,
  );
  return result.rows;
}

async function listSequences(client: pg.ClientBase): Promise<string[]> {
  const result = await client.query<{ name: string }>(
    `SELECT c.relname::text AS name FROM pg_class c
       JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = current_schema()
      WHERE c.relkind = 'S' ORDER BY c.relname COLLATE "C"`,
  );
  return result.rows.map((row) => row.name);
}

function countLines(chunk: Buffer): number {
  let count = 0;
  for (let at = chunk.indexOf(10); at !== -1; at = chunk.indexOf(10, at + 1)) count++;
  return count;
}

/**
 * Writes a backup of the database at `url` to `file` (through `file.partial`, renamed
 * when complete, readable by its owner only: it holds password hashes and email addresses).
 * `onTable` hears of each table once its rows are written.
 */
export async function writeBackup(
  url: string,
  file: string,
  options: { onTable?: (table: string, rows: number) => void | Promise<void> } = {},
): Promise<BackupSummary> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const partial = `${file}.partial`;
  let complete = false;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const gzip = zlib.createGzip();
  const written = pipeline(gzip, fs.createWriteStream(partial, { mode: 0o600 }));
  written.catch(() => {}); // awaited below; a failed disk write also ends the waits on "drain"
  const write = async (data: string | Buffer) => {
    if (!gzip.write(data)) await Promise.race([once(gzip, "drain"), written]);
  };

  try {
    await client.query(SESSION);
    await client.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
    // The transaction's snapshot is taken by its first query: everything below reads it.
    const history = await client.query<{ present: boolean }>(
      `SELECT to_regclass(quote_ident(current_schema()) || '."_prisma_migrations"') IS NOT NULL AS present`,
    );
    if (!history.rows[0]?.present)
      throw new BackupError(
        "This database has no Study Circle schema (no _prisma_migrations table): nothing to back up. Start the app once to create it.",
      );
    const migrations = (
      await client.query<{ name: string; checksum: string }>(
        `SELECT migration_name AS name, checksum FROM "_prisma_migrations"
          WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL ORDER BY migration_name COLLATE "C"`,
      )
    ).rows;
    const tables = await listTables(client);
    if (tables.length) await client.query(`LOCK TABLE ${tables.map((t) => quote(t.name)).join(", ")} IN ACCESS SHARE MODE`);
    // now() is the transaction's start: the moment the snapshot shows.
    const about = (await client.query<{ database: string; server: string; taken: Date }>(
      "SELECT current_database() AS database, current_setting('server_version') AS server, now() AS taken",
    )).rows[0]!;
    const manifest: Manifest = {
      format: FORMAT,
      version: FORMAT_VERSION,
      createdAt: about.taken.toISOString(),
      database: about.database,
      server: about.server,
      migrations,
      tables,
    };
    await write(`${HEADER}\n${MANIFEST_PREFIX}${JSON.stringify(manifest)}\n`);

    const rows: Record<string, number> = {};
    for (const table of tables) {
      await write(`${copyStatement(table, "FROM stdin")};\n`);
      // Each row is one line in COPY's text format (newlines inside values are escaped).
      let count = 0;
      for await (const chunk of client.query(copyTo(copyStatement(table, "TO STDOUT"))) as AsyncIterable<Buffer>) {
        count += countLines(chunk);
        await write(chunk);
      }
      await write(END_OF_DATA);
      rows[table.name] = count;
      await options.onTable?.(table.name, count);
    }

    // A sequence's position is not part of the snapshot, but it only grows: the value read
    // now is at least every value the rows above hold.
    const sequences: Trailer["sequences"] = [];
    for (const name of await listSequences(client)) {
      const state = (await client.query<{ last_value: string; is_called: boolean }>(
        `SELECT last_value::text AS last_value, is_called FROM ${quote(name)}`,
      )).rows[0]!;
      sequences.push({ name, lastValue: state.last_value, isCalled: state.is_called });
    }
    const trailer: Trailer = { rows, sequences };
    await write(`${END_PREFIX}${JSON.stringify(trailer)}\n`);
    await client.query("COMMIT");
    gzip.end();
    await written;
    fs.renameSync(partial, file);
    complete = true;
    return { file, bytes: fs.statSync(file).size, manifest, rows };
  } finally {
    await client.end().catch(() => {});
    if (!complete) {
      gzip.destroy();
      await written.catch(() => {});
      fs.rmSync(partial, { force: true });
    }
  }
}

// ── Reading a backup file ────────────────────────────────────────────────────

/** Reads the decompressed file line by line, and a table's rows as raw bytes for COPY. */
class BackupReader {
  private buffer: Buffer = Buffer.alloc(0);
  private done = false;
  private readonly chunks: AsyncIterator<Buffer>;

  constructor(private readonly file: string) {
    const source = fs.createReadStream(file).pipe(zlib.createGunzip({ chunkSize: 64 * 1024 }));
    this.chunks = (source as AsyncIterable<Buffer>)[Symbol.asyncIterator]();
  }

  private async more(): Promise<boolean> {
    if (this.done) return false;
    let next: IteratorResult<Buffer>;
    try {
      next = await this.chunks.next();
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === "Z_DATA_ERROR" || code === "Z_BUF_ERROR")
        throw new BackupError(`${this.file} is not a Study Circle backup, or it is damaged (${(error as Error).message}).`);
      throw error;
    }
    if (next.done) {
      this.done = true;
      return false;
    }
    this.buffer = this.buffer.length ? Buffer.concat([this.buffer, next.value]) : next.value;
    return true;
  }

  /** Stops reading the file (closes it) wherever the reader is. */
  async close(): Promise<void> {
    this.done = true;
    await this.chunks.return?.();
  }

  /** The next line without its newline; null at the end of the file. */
  async line(): Promise<string | null> {
    for (;;) {
      const end = this.buffer.indexOf(10);
      if (end !== -1) {
        const line = this.buffer.subarray(0, end).toString("utf8");
        this.buffer = this.buffer.subarray(end + 1);
        return line;
      }
      // A header longer than any real one means this is not a backup at all.
      if (this.buffer.length > 64 * 1024 * 1024) throw new BackupError(`${this.file} is not a Study Circle backup.`);
      if (!(await this.more())) {
        if (!this.buffer.length) return null;
        const line = this.buffer.toString("utf8");
        this.buffer = Buffer.alloc(0);
        return line;
      }
    }
  }

  /**
   * One table's rows, as chunks of whole lines, up to its end-of-data line (`\.`), which
   * is consumed. A row never starts with `\.`: COPY writes a backslash in a value as `\\`.
   */
  async *rows(table: string): AsyncGenerator<Buffer> {
    for (;;) {
      // The buffer always starts at the beginning of a line.
      const lastNewline = this.buffer.lastIndexOf(10);
      if (lastNewline !== -1) {
        const whole = this.buffer.subarray(0, lastNewline + 1);
        const inside = whole.indexOf("\n\\.\n");
        const end = whole.subarray(0, END_OF_DATA.length).equals(END_OF_DATA) ? 0 : inside === -1 ? -1 : inside + 1;
        if (end !== -1) {
          if (end > 0) yield this.buffer.subarray(0, end);
          this.buffer = this.buffer.subarray(end + END_OF_DATA.length);
          return;
        }
        // Only whole lines go on; a partial one waits for the next chunk, which may
        // show it to be the end-of-data line.
        yield whole;
        this.buffer = this.buffer.subarray(lastNewline + 1);
      }
      if (!(await this.more())) throw cutOff(this.file, `in the rows of ${table}`);
    }
  }
}

const cutOff = (file: string, where: string) =>
  new BackupError(`${file} ends early (${where}): it was cut off while being written or copied. Nothing was restored.`);

/** Opens a backup and reads its manifest, refusing files that are not backups of a format this code reads. */
async function openBackup(file: string): Promise<{ reader: BackupReader; manifest: Manifest }> {
  if (!fs.existsSync(file)) throw new BackupError(`There is no file ${file}.`);
  const reader = new BackupReader(file);
  try {
    return { reader, manifest: await readHead(file, reader) };
  } catch (error) {
    await reader.close();
    throw error;
  }
}

async function readHead(file: string, reader: BackupReader): Promise<Manifest> {
  const header = await reader.line();
  const manifestLine = await reader.line();
  if (header === null || !header.startsWith("-- Study Circle backup") || !manifestLine?.startsWith(MANIFEST_PREFIX))
    throw new BackupError(`${file} is not a Study Circle backup.`);
  let manifest: Manifest;
  try {
    manifest = JSON.parse(manifestLine.slice(MANIFEST_PREFIX.length)) as Manifest;
  } catch {
    throw new BackupError(`${file} is damaged: its manifest cannot be read.`);
  }
  if (manifest.format !== FORMAT) throw new BackupError(`${file} is not a Study Circle backup.`);
  if (manifest.version > FORMAT_VERSION)
    throw new BackupError(
      `${file} was written in a newer backup format (${manifest.version}) than this code reads (${FORMAT_VERSION}): update Study Circle, then restore again.`,
    );
  return manifest;
}

/** What a backup holds, read from its manifest alone (for listings and messages). */
export async function readManifest(file: string): Promise<Manifest> {
  const { reader, manifest } = await openBackup(file);
  await reader.close();
  return manifest;
}

// ── Restore ──────────────────────────────────────────────────────────────────

export type RestoreOptions = {
  /** Wipe a database that holds data, or that other sessions are connected to. */
  force?: boolean;
  log?: (line: string) => void;
  /** Hears of each table once its rows are loaded. */
  onTable?: (table: string, rows: number) => void;
  /** The migrations this code has (tests point it elsewhere). */
  migrationsDir?: string;
};
export type RestoreSummary = {
  manifest: Manifest;
  rows: Record<string, number>;
  /** Migrations of this code newer than the backup, run after its rows were loaded. */
  migratedAfter: string[];
  /** Tables that were there before and were dropped. */
  wiped: number;
  /** Other sessions connected during the restore (the app: restart it). */
  otherSessions: number;
};

/** Everything in the app's schema, dropped so the migrations can build it again. */
async function wipeSchema(client: pg.ClientBase): Promise<void> {
  const notFromExtension = (column: string) =>
    `NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = ${column} AND d.deptype = 'e')`;
  const relations = await client.query<{ name: string; kind: string }>(
    `SELECT c.oid::regclass::text AS name, c.relkind AS kind FROM pg_class c
       JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = current_schema()
      WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f') AND ${notFromExtension("c.oid")}`,
  );
  const kinds: Record<string, string> = { r: "TABLE", p: "TABLE", v: "VIEW", m: "MATERIALIZED VIEW", S: "SEQUENCE", f: "FOREIGN TABLE" };
  for (const { name, kind } of relations.rows) await client.query(`DROP ${kinds[kind]} IF EXISTS ${name} CASCADE`);
  const routines = await client.query<{ name: string }>(
    `SELECT p.oid::regprocedure::text AS name FROM pg_proc p
       JOIN pg_namespace n ON n.oid = p.pronamespace AND n.nspname = current_schema()
      WHERE p.prokind IN ('f', 'p') AND ${notFromExtension("p.oid")}`,
  );
  for (const { name } of routines.rows) await client.query(`DROP ROUTINE IF EXISTS ${name} CASCADE`);
  const types = await client.query<{ name: string }>(
    `SELECT format_type(t.oid, NULL) AS name FROM pg_type t
       JOIN pg_namespace n ON n.oid = t.typnamespace AND n.nspname = current_schema()
      WHERE t.typtype IN ('e', 'd', 'r', 'c') AND (t.typrelid = 0 OR (SELECT relkind FROM pg_class WHERE oid = t.typrelid) = 'c')
        AND ${notFromExtension("t.oid")}`,
  );
  for (const { name } of types.rows) await client.query(`DROP TYPE IF EXISTS ${name} CASCADE`);
  // Text search configurations (search's accent-folding English) are schema objects too.
  const configs = await client.query<{ name: string }>(
    `SELECT c.oid::regconfig::text AS name FROM pg_ts_config c
       JOIN pg_namespace n ON n.oid = c.cfgnamespace AND n.nspname = current_schema()
      WHERE ${notFromExtension("c.oid")}`,
  );
  for (const { name } of configs.rows) await client.query(`DROP TEXT SEARCH CONFIGURATION IF EXISTS ${name} CASCADE`);
}

/**
 * Restores `file` into the database at `url`: all of it, or — on any refusal or
 * failure — nothing. Refuses a database that holds data (or has other sessions) unless
 * `force`, and a backup whose schema has migrations this code does not know.
 */
export async function restoreBackup(url: string, file: string, options: RestoreOptions = {}): Promise<RestoreSummary> {
  const { reader, manifest } = await openBackup(file);
  try {
    return await restoreFrom(url, file, reader, manifest, options);
  } finally {
    await reader.close();
  }
}

async function restoreFrom(url: string, file: string, reader: BackupReader, manifest: Manifest, options: RestoreOptions): Promise<RestoreSummary> {
  const log = options.log ?? (() => {});

  const known = new Map(readMigrations(options.migrationsDir ?? MIGRATIONS_DIR).map((m) => [m.name, m]));
  const unknown = manifest.migrations.filter((m) => !known.has(m.name)).map((m) => m.name);
  if (unknown.length)
    throw new BackupError(
      `This backup comes from a newer Study Circle: its database has ${unknown.length === 1 ? "a migration" : "migrations"} ` +
        `this code does not have (${unknown.join(", ")}). Update the code (git pull, npm install) to the version ` +
        `that made it or later, then restore again. Nothing was changed.`,
    );
  for (const m of manifest.migrations)
    if (known.get(m.name)!.checksum !== m.checksum)
      log(`warning: migration ${m.name} was edited after this backup was made; restoring with the current file`);
  const inBackup = new Set(manifest.migrations.map((m) => m.name));
  const newer = [...known.values()].filter((m) => !inBackup.has(m.name));

  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(SESSION);
    const others = Number(
      (await client.query<{ count: string }>(
        `SELECT count(*) AS count FROM pg_stat_activity
          WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_type = 'client backend'`,
      )).rows[0]!.count,
    );
    const database = (await client.query<{ name: string }>("SELECT current_database() AS name")).rows[0]!.name;
    if (others > 0 && !options.force)
      throw new BackupError(
        `${others} other ${others === 1 ? "session is" : "sessions are"} connected to the database "${database}" — is the app running? ` +
          `Stop every app instance first (Ctrl-C on npm start), then restore. (--force restores anyway; restart the app afterwards.) Nothing was changed.`,
      );

    await client.query("BEGIN");
    // App instances starting now wait here, then find the restored database complete.
    await client.query("SELECT pg_advisory_xact_lock($1)", [LOCK_KEY]);
    const existing = await listTables(client);
    const withRows: string[] = [];
    for (const table of existing) {
      const any = await client.query<{ any: boolean }>(`SELECT EXISTS (SELECT 1 FROM ${quote(table.name)}) AS any`);
      if (any.rows[0]!.any) withRows.push(table.name);
    }
    if (withRows.length && !options.force)
      throw new BackupError(
        `The database "${database}" already holds data (${withRows.slice(0, 4).join(", ")}${withRows.length > 4 ? `, and ${withRows.length - 4} more tables` : ""}). ` +
          `A restore replaces everything in it: run it again with --force to wipe it first, or restore into an empty database. Nothing was changed.`,
      );
    if (withRows.length) log(`--force: wiping the database "${database}" (${existing.length} tables) before restoring`);
    await wipeSchema(client);

    // The schema the backup was taken from, built by the same migrations.
    await client.query(HISTORY_TABLE);
    for (const { name } of manifest.migrations) await runMigration(client, known.get(name)!);

    const foreignKeys = (await client.query<{ tbl: string; name: string; def: string }>(
      `SELECT conrelid::regclass::text AS tbl, quote_ident(conname) AS name, pg_get_constraintdef(oid) AS def
         FROM pg_constraint
        WHERE contype = 'f' AND connamespace = (SELECT oid FROM pg_namespace WHERE nspname = current_schema())`,
    )).rows;
    for (const fk of foreignKeys) await client.query(`ALTER TABLE ${fk.tbl} DROP CONSTRAINT ${fk.name}`);

    const rows: Record<string, number> = {};
    for (const table of manifest.tables) {
      const statement = copyStatement(table, "FROM stdin");
      const line = await reader.line();
      if (line === null) throw cutOff(file, `before the rows of ${table.name}`);
      if (line !== `${statement};`) throw new BackupError(`${file} is damaged: expected the rows of ${table.name}, found "${line.slice(0, 80)}".`);
      const target = client.query(copyFrom(statement));
      try {
        await pipeline(Readable.from(reader.rows(table.name)), target);
      } catch (error) {
        if (error instanceof BackupError) throw error;
        throw new BackupError(`Restoring ${table.name} failed: ${(error as Error).message}. Nothing was restored.`);
      }
      rows[table.name] = target.rowCount;
      options.onTable?.(table.name, target.rowCount);
    }

    const endLine = await reader.line();
    if (endLine === null || !endLine.startsWith(END_PREFIX)) throw cutOff(file, "before its closing line");
    const trailer = JSON.parse(endLine.slice(END_PREFIX.length)) as Trailer;
    if ((await reader.line()) !== null) throw new BackupError(`${file} is damaged: it goes on after its closing line. Nothing was restored.`);
    for (const table of manifest.tables)
      if (trailer.rows[table.name] !== rows[table.name])
        throw new BackupError(
          `${file} is damaged: ${table.name} should have ${trailer.rows[table.name]} rows, ${rows[table.name]} were read. Nothing was restored.`,
        );

    // Adding the keys back checks every row against them.
    for (const fk of foreignKeys) {
      try {
        await client.query(`ALTER TABLE ${fk.tbl} ADD CONSTRAINT ${fk.name} ${fk.def}`);
      } catch (error) {
        throw new BackupError(`The restored rows break a foreign key (${fk.tbl} ${fk.name}): ${(error as Error).message}. Nothing was restored.`);
      }
    }
    for (const sequence of trailer.sequences)
      await client.query("SELECT setval($1::regclass, $2::bigint, $3)", [quote(sequence.name), sequence.lastValue, sequence.isCalled]);

    // A backup from an older version comes up to this code's schema, as start-up would bring it.
    for (const migration of newer) {
      await runMigration(client, migration);
      log(`applied migration ${migration.name} (newer than the backup)`);
    }
    await client.query("COMMIT");
    return { manifest, rows, migratedAfter: newer.map((m) => m.name), wiped: withRows.length ? existing.length : 0, otherSessions: others };
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {});
    throw error;
  } finally {
    await client.end().catch(() => {});
  }
}
