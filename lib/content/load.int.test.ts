import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { freshDatabase, type TestDatabase } from "@/scripts/lib/test-database";
import { CONTENT_DIR, ContentLoadError, loadTexts } from "./load";

let test: TestDatabase;
let contentDir: string;

/** A private copy of content/ that a test may edit. */
function copyContent(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sc-content-"));
  fs.cpSync(CONTENT_DIR, dir, { recursive: true });
  return dir;
}

const counts = async () => ({
  texts: await test.db.text.count(),
  versions: await test.db.textVersion.count(),
  blocks: await test.db.block.count(),
});

beforeAll(async () => {
  test = await freshDatabase();
});
afterAll(async () => {
  await test.drop();
});
beforeEach(async () => {
  await test.db.text.deleteMany();
  contentDir = copyContent();
});

describe("loading the library", () => {
  it("stores every text as version 1 with its blocks in order", async () => {
    const report = await loadTexts(test.db, contentDir);
    expect(report.created).toHaveLength(5);
    const texts = await test.db.text.findMany({
      include: { currentVersion: { include: { blocks: { orderBy: { position: "asc" } } } } },
    });
    expect(texts).toHaveLength(5);
    for (const text of texts) {
      expect(text.currentVersion?.number).toBe(1);
      expect(text.currentVersion?.blocks.length).toBeGreaterThan(5);
      expect(text.currentVersion?.blocks.map((b) => b.position)).toEqual(text.currentVersion?.blocks.map((_, i) => i));
    }
    const lenin = texts.find((t) => t.slug === "organisation-of-the-masses")!;
    expect(lenin.currentVersion).toMatchObject({ author: "V. I. Lenin", year: 1906 });
  });

  it("is idempotent: an unchanged library writes nothing", async () => {
    await loadTexts(test.db, contentDir);
    const before = await counts();
    const ids = await test.db.block.findMany({ select: { versionId: true, id: true }, orderBy: [{ versionId: "asc" }, { position: "asc" }] });
    const report = await loadTexts(test.db, contentDir);
    expect(report).toEqual({ created: [], updated: [], unchanged: expect.arrayContaining([]), reanchored: {} });
    expect(report.unchanged).toHaveLength(5);
    expect(await counts()).toEqual(before);
    expect(await test.db.block.findMany({ select: { versionId: true, id: true }, orderBy: [{ versionId: "asc" }, { position: "asc" }] })).toEqual(ids);
  });

  it("adds a version for a changed file, keeps the old one, and keeps ids of untouched paragraphs", async () => {
    await loadTexts(test.db, contentDir);
    const file = path.join(contentDir, "texts", "the-need-for-a-revolutionary-party.md");
    const original = fs.readFileSync(file, "utf8");
    fs.writeFileSync(file, original.trimEnd() + "\n\nA paragraph added by an editor.\n");

    const report = await loadTexts(test.db, contentDir);
    expect(report.updated).toEqual(["the-need-for-a-revolutionary-party"]);
    expect(report.unchanged).toHaveLength(4);

    const text = await test.db.text.findUniqueOrThrow({
      where: { slug: "the-need-for-a-revolutionary-party" },
      include: { versions: { include: { blocks: true }, orderBy: { number: "asc" } }, currentVersion: true },
    });
    expect(text.versions.map((v) => v.number)).toEqual([1, 2]);
    expect(text.currentVersion?.number).toBe(2);
    const [v1, v2] = text.versions;
    expect(v2!.blocks.length).toBe(v1!.blocks.length + 1);
    const v2Ids = new Set(v2!.blocks.map((b) => b.id));
    for (const block of v1!.blocks) expect(v2Ids.has(block.id)).toBe(true);

    // Loading the same edit again changes nothing.
    expect((await loadTexts(test.db, contentDir)).unchanged).toHaveLength(5);
    expect(await test.db.textVersion.count({ where: { textId: text.id } })).toBe(2);
  });

  it("stops at a malformed file, names it, and loads nothing at all", async () => {
    fs.writeFileSync(path.join(contentDir, "texts", "broken.md"), "---\ntitle: Broken\n---\n\n");
    let caught: unknown;
    try {
      await loadTexts(test.db, contentDir);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ContentLoadError);
    expect((caught as Error).message).toContain("content/texts/broken.md");
    expect((caught as Error).message).toMatch(/original/);
    expect(await counts()).toEqual({ texts: 0, versions: 0, blocks: 0 });
  });

  it("stops when a text's original is missing from content/sources", async () => {
    fs.rmSync(path.join(contentDir, "sources", "the-workers-opposition.txt"));
    await expect(loadTexts(test.db, contentDir)).rejects.toThrow(/the-workers-opposition\.md: its original/);
    expect((await counts()).texts).toBe(0);
  });

  it("rolls back everything when writing fails half-way", async () => {
    await loadTexts(test.db, contentDir);
    const before = await counts();
    // Edit two texts; make the second write fail inside the transaction.
    for (const slug of ["the-need-for-a-revolutionary-party", "the-workers-opposition"]) {
      const file = path.join(contentDir, "texts", `${slug}.md`);
      fs.writeFileSync(file, fs.readFileSync(file, "utf8") + "\nOne more paragraph.\n");
    }
    await test.db.$executeRawUnsafe(`
      CREATE FUNCTION refuse_kollontai() RETURNS trigger AS $$
      BEGIN
        IF (SELECT slug FROM "Text" WHERE id = NEW."textId") = 'the-workers-opposition' THEN
          RAISE EXCEPTION 'refused for the test';
        END IF;
        RETURN NEW;
      END $$ LANGUAGE plpgsql`);
    await test.db.$executeRawUnsafe(
      `CREATE TRIGGER refuse BEFORE INSERT ON "TextVersion" FOR EACH ROW EXECUTE FUNCTION refuse_kollontai()`,
    );
    try {
      await expect(loadTexts(test.db, contentDir)).rejects.toThrow(/refused for the test/);
      expect(await counts()).toEqual(before);
    } finally {
      await test.db.$executeRawUnsafe(`DROP TRIGGER refuse ON "TextVersion"`);
      await test.db.$executeRawUnsafe(`DROP FUNCTION refuse_kollontai()`);
    }
  });
});
