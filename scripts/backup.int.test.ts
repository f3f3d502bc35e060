// Backups against a real Postgres: a group's notes, replies and text versions backed up
// while other writes land in the middle of it, the database wiped and restored, and every
// row found again exactly as it was at the backup's one snapshot. Then the refusals: a
// database holding data, a backup from a newer schema, a file cut short, another session.
import { randomBytes, randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { CONTENT_DIR, loadTexts } from "@/lib/content/load";
import { createAnnotation, editAnnotation, listAnnotations } from "@/lib/annotations/annotations";
import { createReply } from "@/lib/discussion/threads";
import { scenario, type Scenario } from "@/lib/groups/test-fixtures";
import { BackupError, restoreBackup, writeBackup, type BackupSummary } from "./lib/backup";
import { applyMigrations, MIGRATIONS_DIR, readMigrations } from "./lib/migrate";

const SLUG = "organisation-of-the-masses";
const sourceUrl = process.env.DATABASE_URL!;
let work: string;
const made: string[] = [];

async function sql<T extends pg.QueryResultRow = Record<string, unknown>>(url: string, text: string, values: unknown[] = []) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(text, values)).rows;
  } finally {
    await client.end();
  }
}

/** A database with nothing in it, as `createdb` makes one. */
async function emptyDatabase(): Promise<string> {
  const name = `sc_restore_${randomBytes(5).toString("hex")}`;
  await sql(process.env.TEST_PG_ADMIN_URL!, `CREATE DATABASE ${name}`);
  made.push(name);
  const url = new URL(process.env.TEST_PG_ADMIN_URL!);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Every row of every table but the migration history, as JSON, in a stable order. */
async function everyRow(url: string): Promise<Record<string, string[]>> {
  const tables = await sql<{ name: string }>(
    url,
    `SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' AND tablename <> '_prisma_migrations' ORDER BY 1`,
  );
  const all: Record<string, string[]> = {};
  for (const { name } of tables)
    all[name] = (await sql<{ row: string }>(url, `SELECT row_to_json(t)::text AS row FROM "${name}" t`)).map((r) => r.row).sort();
  return all;
}

const tableCount = async (url: string) =>
  Number((await sql<{ n: string }>(url, `SELECT count(*) AS n FROM pg_tables WHERE schemaname = 'public'`))[0]!.n);

async function currentParagraphs() {
  const text = await db.text.findUniqueOrThrow({ where: { slug: SLUG }, select: { currentVersionId: true } });
  const blocks = await db.block.findMany({
    where: { versionId: text.currentVersionId!, kind: "paragraph" },
    orderBy: { position: "asc" },
    select: { id: true, plainText: true },
  });
  return { versionId: text.currentVersionId!, paragraphs: blocks.filter((b) => b.plainText.length > 60) };
}

async function note(s: Scenario, body: string, index: number, kind: "comment" | "question" = "comment", visibility: "group" | "private" = "group") {
  const { versionId, paragraphs } = await currentParagraphs();
  const block = paragraphs[index]!;
  const { annotation } = await createAnnotation(s.member.id, s.group.id, {
    id: randomUUID(),
    text: SLUG,
    kind,
    color: null,
    body,
    visibility,
    anchor: { versionId, startBlockId: block.id, startOffset: 5, endBlockId: block.id, endOffset: 45, exact: block.plainText.slice(5, 45) },
  });
  return annotation;
}

const reply = async (userId: string, s: Scenario, parentId: string, body: string) =>
  (await createReply(userId, s.group.id, parentId, { id: randomUUID(), body })).reply;

/** An editor's fix to the text: loading it again makes a new version and carries the notes to it. */
async function editText(contentDir: string, from: string, to: string) {
  const file = path.join(contentDir, "texts", `${SLUG}.md`);
  const source = fs.readFileSync(file, "utf8");
  expect(source).toContain(from);
  fs.writeFileSync(file, source.replace(from, to));
  const report = await loadTexts(db, contentDir);
  expect(report.updated).toEqual([SLUG]);
}

let s: Scenario;
let contentDir: string;
let seeded: { notes: string[]; replies: string[]; versions: string[] };
let backup: BackupSummary;
let atSnapshot: Record<string, string[]>;
let during: { notes: string[]; replies: string[]; inFlightUser: string };

beforeAll(async () => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), "sc-backup-"));
  contentDir = path.join(work, "content");
  fs.cpSync(CONTENT_DIR, contentDir, { recursive: true });
  await loadTexts(db, contentDir);
  s = await scenario();

  // Notes of every kind, a thread two replies deep, and a second version of the text.
  const comment = await note(s, "The *masses* here: who are they?", 0);
  const question = await note(s, "Is this still true?", 1, "question");
  const mine = await note(s, "Only for me.", 2, "comment", "private");
  const first = await reply(s.other.id, s, comment.id, "Workers in the unions, I think.");
  const second = await reply(s.member.id, s, first.id, "And those outside them — a\ttab, a\nnewline, a \\ backslash, \\. and 😀.");
  const answer = await reply(s.facilitator.id, s, question.id, "Mostly, yes.");
  const { paragraphs } = await currentParagraphs();
  const p = paragraphs[3]!.plainText;
  await editText(contentDir, p.slice(0, 30), `${p.slice(0, 30)} (an editor's fix)`);
  const later = await note(s, "Written on the second version.", 4);
  await editAnnotation(s.member.id, s.group.id, comment.id, { revision: 1, body: "Edited: who are the masses?" });
  const versions = await db.textVersion.findMany({ where: { text: { slug: SLUG } }, select: { id: true } });
  expect(versions).toHaveLength(2);
  seeded = {
    notes: [comment.id, question.id, mine.id, later.id],
    replies: [first.id, second.id, answer.id],
    versions: versions.map((v) => v.id),
  };

  // A write in flight when the backup starts: its transaction commits during the backup.
  const inFlight = new pg.Client({ connectionString: sourceUrl });
  await inFlight.connect();
  await inFlight.query("BEGIN");
  const inFlightUser = (await inFlight.query<{ id: string }>(
    `INSERT INTO "User" (id, email, name, "updatedAt") VALUES ($1, $2, 'Late Reader', now()) RETURNING id`,
    [`late${randomBytes(8).toString("hex")}`, `late-${randomUUID()}@example.org`],
  )).rows[0]!.id;

  const tablesSeen: string[] = [];
  during = { notes: [], replies: [], inFlightUser };
  backup = await writeBackup(sourceUrl, path.join(work, "study-circle.backup.gz"), {
    onTable: async (table) => {
      tablesSeen.push(table);
      if (tablesSeen.length === 1) {
        // The database as the backup's snapshot sees it: nothing has written since it began.
        atSnapshot = await everyRow(sourceUrl);
        await inFlight.query("COMMIT");
        await inFlight.end();
        // Writes to tables not yet copied (Annotation, Event, Group, Notification…)
        // and to the one just copied: none may reach the backup.
        const late = await note(s, "Written during the backup.", 5);
        during.notes.push(late.id);
        during.replies.push((await reply(s.other.id, s, seeded.notes[0]!, "A reply during the backup.")).id);
      }
      if (table === "Event") {
        // Half-way: a reply after its note and event tables were copied, before its
        // group's event counter, notifications and follows were.
        during.replies.push((await reply(s.facilitator.id, s, seeded.notes[1]!, "Another, later still.")).id);
      }
    },
  });
}, 120_000);

afterAll(async () => {
  for (const name of made) await sql(process.env.TEST_PG_ADMIN_URL!, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  fs.rmSync(work, { recursive: true, force: true });
});

describe("a backup taken while the app writes", () => {
  it("reports what it wrote and holds every table's rows from one snapshot", async () => {
    expect(fs.statSync(backup.file).size).toBe(backup.bytes);
    expect(fs.statSync(backup.file).mode & 0o077).toBe(0);
    expect(fs.existsSync(`${backup.file}.partial`)).toBe(false);
    expect(backup.manifest.migrations.map((m) => m.name)).toEqual(readMigrations().map((m) => m.name));
    for (const [table, rows] of Object.entries(atSnapshot)) expect(backup.rows[table], table).toBe(rows.length);
    // The writes made during the backup did happen — just after its snapshot.
    const ids = [...during.notes, ...during.replies];
    expect(await db.annotation.count({ where: { id: { in: ids } } })).toBe(ids.length);
    expect(await db.user.count({ where: { id: during.inFlightUser } })).toBe(1);
  });

  it("restores into an empty database: every note, reply and version, row for row, and nothing written after", async () => {
    const target = await emptyDatabase();
    const summary = await restoreBackup(target, backup.file);
    expect(summary).toMatchObject({ migratedAfter: [], wiped: 0, otherSessions: 0 });
    const restored = await everyRow(target);
    expect(restored).toEqual(atSnapshot);

    const annotationIds = restored.Annotation!.map((row) => (JSON.parse(row) as { id: string }).id);
    for (const id of [...seeded.notes, ...seeded.replies]) expect(annotationIds).toContain(id);
    for (const id of [...during.notes, ...during.replies]) expect(annotationIds).not.toContain(id);
    const versionIds = restored.TextVersion!.map((row) => (JSON.parse(row) as { id: string }).id);
    for (const id of seeded.versions) expect(versionIds).toContain(id);
    expect(restored.User!.join()).not.toContain(during.inFlightUser);
    expect(restored.Annotation!.join()).toContain("a\\ttab, a\\nnewline, a \\\\ backslash, \\\\. and 😀");
    const history = await sql<{ migration_name: string }>(target, `SELECT migration_name FROM "_prisma_migrations" ORDER BY 1`);
    expect(history.map((h) => h.migration_name)).toEqual(backup.manifest.migrations.map((m) => m.name));
  });

  it("refuses to restore over a database that holds data, and changes nothing", async () => {
    await db.$disconnect(); // no other session: the refusal is about the data
    const before = await everyRow(sourceUrl);
    const error = await restoreBackup(sourceUrl, backup.file).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BackupError);
    expect((error as Error).message).toMatch(/already holds data \(.*Annotation.*\).*--force.*Nothing was changed/);
    expect(await everyRow(sourceUrl)).toEqual(before);
  });

  it("with --force wipes the database and restores it, and the app's own functions work on it", async () => {
    await db.$disconnect(); // the app stopped, as docs/backups.md asks
    const summary = await restoreBackup(sourceUrl, backup.file, { force: true });
    expect(summary.wiped).toBeGreaterThan(20);
    expect(await everyRow(sourceUrl)).toEqual(atSnapshot);

    const { annotations } = await listAnnotations(s.member.id, s.group.id, SLUG);
    const listed = new Set(annotations.map((a) => a.id));
    for (const id of seeded.notes) expect(listed).toContain(id);
    for (const id of during.notes) expect(listed).not.toContain(id);
    // The group's event log goes on from where the snapshot left it.
    const more = await reply(s.other.id, s, seeded.notes[0]!, "After the restore.");
    expect(await db.annotation.count({ where: { id: more.id } })).toBe(1);
  });
});

describe("refusals and failures leave the target as it was", () => {
  it("refuses a backup from a newer schema than this code's", async () => {
    const newer = await emptyDatabase();
    await applyMigrations(newer);
    await sql(newer, `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, applied_steps_count)
                      VALUES ($1, $2, now(), '29991231000000_from_the_future', 1)`, [randomUUID(), "0".repeat(64)]);
    const file = path.join(work, "newer.backup.gz");
    await writeBackup(newer, file);

    const target = await emptyDatabase();
    const error = await restoreBackup(target, file).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BackupError);
    expect((error as Error).message).toMatch(/newer Study Circle.*29991231000000_from_the_future.*Update the code/);
    expect(await tableCount(target)).toBe(0);
  });

  it("rolls back a restore from a file cut short: no table is left behind", async () => {
    const whole = zlib.gunzipSync(fs.readFileSync(backup.file));
    const file = path.join(work, "cut.backup.gz");
    fs.writeFileSync(file, zlib.gzipSync(whole.subarray(0, Math.floor(whole.length * 0.8))));
    const target = await emptyDatabase();
    const error = await restoreBackup(target, file).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BackupError);
    expect((error as Error).message).toMatch(/ends early .*Nothing was restored/);
    expect(await tableCount(target)).toBe(0);
  });

  it("rolls back a restore whose rows Postgres rejects, naming the table", async () => {
    const text = zlib.gunzipSync(fs.readFileSync(backup.file)).toString("utf8");
    const start = text.indexOf("\n", text.indexOf('COPY "Annotation"')) + 1;
    const damaged = `${text.slice(0, start)}not-a-uuid${text.slice(start + 10)}`;
    const file = path.join(work, "damaged.backup.gz");
    fs.writeFileSync(file, zlib.gzipSync(damaged));
    const target = await emptyDatabase();
    const error = await restoreBackup(target, file).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BackupError);
    expect((error as Error).message).toMatch(/Restoring Annotation failed: .*uuid.*Nothing was restored/);
    expect(await tableCount(target)).toBe(0);
  });

  it("refuses a file that is not a backup", async () => {
    const file = path.join(work, "notes.txt");
    fs.writeFileSync(file, "just some notes\n");
    const error = await restoreBackup(await emptyDatabase(), file).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BackupError);
    expect((error as Error).message).toMatch(/is not a Study Circle backup/);
  });

  it("refuses while another session (the app) is connected, unless forced", async () => {
    const target = await emptyDatabase();
    const app = new pg.Client({ connectionString: target });
    await app.connect();
    try {
      const error = await restoreBackup(target, backup.file).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(BackupError);
      expect((error as Error).message).toMatch(/1 other session is connected .*is the app running\?.*Nothing was changed/);
      expect(await tableCount(target)).toBe(0);
      const forced = await restoreBackup(target, backup.file, { force: true });
      expect(forced.otherSessions).toBe(1);
      expect(await everyRow(target)).toEqual(atSnapshot);
    } finally {
      await app.end();
    }
  });
});

describe("schemas of other versions", () => {
  it("brings a backup from an older schema up to this code's migrations", async () => {
    const all = readMigrations();
    const olderDir = path.join(work, "older-migrations");
    for (const m of all.slice(0, -2)) fs.cpSync(path.join(MIGRATIONS_DIR, m.name), path.join(olderDir, m.name), { recursive: true });
    const older = await emptyDatabase();
    await applyMigrations(older, { dir: olderDir });
    await sql(older, `INSERT INTO "User" (id, email, name, "updatedAt") VALUES ('olduser0000000000000001', 'old@example.org', 'Old Reader', now())`);
    const file = path.join(work, "older.backup.gz");
    const olderBackup = await writeBackup(older, file);
    expect(olderBackup.manifest.migrations).toHaveLength(all.length - 2);

    const target = await emptyDatabase();
    const summary = await restoreBackup(target, file);
    expect(summary.migratedAfter).toEqual(all.slice(-2).map((m) => m.name));
    expect(await sql(target, `SELECT email FROM "User"`)).toEqual([{ email: "old@example.org" }]);
    const history = await sql<{ migration_name: string }>(target, `SELECT migration_name FROM "_prisma_migrations" ORDER BY 1`);
    expect(history.map((h) => h.migration_name)).toEqual(all.map((m) => m.name));
  });

  it("carries sequences over, so new rows do not reuse numbers", async () => {
    const dir = path.join(work, "with-counter");
    fs.cpSync(MIGRATIONS_DIR, dir, { recursive: true });
    fs.mkdirSync(path.join(dir, "29990101000000_counter"));
    fs.writeFileSync(path.join(dir, "29990101000000_counter", "migration.sql"), `CREATE TABLE "Counter" ("id" SERIAL PRIMARY KEY, "label" TEXT NOT NULL);`);
    const source = await emptyDatabase();
    await applyMigrations(source, { dir });
    await sql(source, `INSERT INTO "Counter" (label) VALUES ('one'), ('two'), ('three')`);
    await sql(source, `DELETE FROM "Counter" WHERE label = 'three'`);
    const file = path.join(work, "counter.backup.gz");
    await writeBackup(source, file);

    const target = await emptyDatabase();
    await restoreBackup(target, file, { migrationsDir: dir });
    const next = await sql<{ id: number }>(target, `INSERT INTO "Counter" (label) VALUES ('four') RETURNING id`);
    expect(next[0]!.id).toBe(4);
  });
});
