// Notes against a real Postgres: idempotent creation under races, edits that lose a
// race, selections made on an older version, and the whole library reloaded after an
// edit — with notes moved, kept exactly, or kept as orphans until someone places them.
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { CONTENT_DIR, loadTexts } from "@/lib/content/load";
import { refused, scenario } from "@/lib/groups/test-fixtures";
import { createAnnotation, editAnnotation, getAnnotation, listAnnotations, placeAnnotation } from "./annotations";

const SLUG = "the-need-for-a-revolutionary-party";
let contentDir: string;

beforeAll(async () => {
  contentDir = fs.mkdtempSync(path.join(os.tmpdir(), "sc-notes-"));
  fs.cpSync(CONTENT_DIR, contentDir, { recursive: true });
  await loadTexts(db, contentDir);
});

async function current() {
  const text = await db.text.findUniqueOrThrow({ where: { slug: SLUG }, select: { currentVersionId: true } });
  const blocks = await db.block.findMany({
    where: { versionId: text.currentVersionId! },
    orderBy: { position: "asc" },
    select: { id: true, plainText: true, kind: true },
  });
  return { versionId: text.currentVersionId!, paragraphs: blocks.filter((b) => b.kind === "paragraph" && b.plainText.length > 100) };
}

const on = (versionId: string, block: { id: string; plainText: string }, from: number, to: number) => ({
  versionId,
  startBlockId: block.id,
  startOffset: from,
  endBlockId: block.id,
  endOffset: to,
  exact: block.plainText.slice(from, to),
});

describe("creating and editing notes", () => {
  it("a new note comes back as it is read afterwards, field for field, with its writer following it and one event", async () => {
    const s = await scenario();
    const { versionId, paragraphs } = await current();
    const notes = [
      { kind: "highlight" as const, color: "green" as const, body: "", visibility: "group" as const },
      { kind: "comment" as const, color: null as "green" | null, body: "A comment, with “quotes” and a tab\there.", visibility: "private" as const },
      { kind: "question" as const, color: null as "green" | null, body: `Why, @${s.other.name}?`, visibility: "group" as const },
    ];
    for (const [i, note] of notes.entries()) {
      const before = (await db.group.findUniqueOrThrow({ where: { id: s.group.id } })).eventSeq;
      const input = { id: randomUUID(), text: SLUG, ...note, anchor: on(versionId, paragraphs[i]!, 5, 40) };
      const { annotation, created } = await createAnnotation(s.member.id, s.group.id, input);
      expect(created).toBe(true);
      const { textSlug, ...read } = await getAnnotation(s.member.id, s.group.id, input.id);
      expect(textSlug).toBe(SLUG);
      expect(annotation, note.kind).toEqual(read);
      expect(await db.threadFollow.count({ where: { threadId: input.id, userId: s.member.id, following: true } })).toBe(1);
      const events = await db.event.findMany({ where: { groupId: s.group.id, seq: { gt: before } } });
      expect(events.map((e) => [e.kind, e.annotationId, e.actorId, e.onlyUserId])).toEqual([
        ["annotation.created", input.id, s.member.id, note.visibility === "private" ? s.member.id : null],
      ]);
    }
    // The one naming a member told them.
    expect(await db.notification.count({ where: { userId: s.other.id, kind: "mention" } })).toBe(1);
  });

  it("the same note sent several times at once is stored once", async () => {
    const s = await scenario();
    const { versionId, paragraphs } = await current();
    const input = { id: randomUUID(), text: SLUG, kind: "comment" as const, color: null, body: "Once.", visibility: "group" as const, anchor: on(versionId, paragraphs[0]!, 0, 30) };
    const results = await Promise.all(Array.from({ length: 5 }, () => createAnnotation(s.member.id, s.group.id, input)));
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(new Set(results.map((r) => r.annotation.id))).toEqual(new Set([input.id]));
    expect(await db.annotation.count({ where: { id: input.id } })).toBe(1);
    // Another member sending that id is refused, and learns nothing of the note.
    const error = await refused(createAnnotation(s.other.id, s.group.id, input), "CONFLICT");
    expect(error.message).not.toContain("Once.");
  });

  it("two edits of the same revision: one wins, the other gets the newer text", async () => {
    const s = await scenario();
    const { versionId, paragraphs } = await current();
    const { annotation } = await createAnnotation(s.member.id, s.group.id, {
      id: randomUUID(),
      text: SLUG,
      kind: "comment",
      color: null,
      body: "First words.",
      visibility: "group",
      anchor: on(versionId, paragraphs[1]!, 0, 30),
    });
    const outcomes = await Promise.allSettled(
      ["From the laptop.", "From the phone."].map((body) => editAnnotation(s.member.id, s.group.id, annotation.id, { revision: 1, body })),
    );
    const won = outcomes.filter((o) => o.status === "fulfilled");
    const lost = outcomes.filter((o): o is PromiseRejectedResult => o.status === "rejected");
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    const error = lost[0]!.reason as AppError;
    expect(error.code).toBe("CONFLICT");
    const stored = await db.annotation.findUniqueOrThrow({ where: { id: annotation.id } });
    expect(stored.revision).toBe(2);
    expect((error.details?.current as { body: string }).body).toBe(stored.body);
  });

  it("a comment edited to nothing is refused and kept", async () => {
    const s = await scenario();
    const { versionId, paragraphs } = await current();
    const { annotation } = await createAnnotation(s.member.id, s.group.id, {
      id: randomUUID(),
      text: SLUG,
      kind: "question",
      color: null,
      body: "Kept?",
      visibility: "group",
      anchor: on(versionId, paragraphs[2]!, 0, 30),
    });
    await refused(editAnnotation(s.member.id, s.group.id, annotation.id, { revision: 1, body: "" }), "BAD_REQUEST");
    expect(await db.annotation.findUniqueOrThrow({ where: { id: annotation.id } })).toMatchObject({ body: "Kept?", revision: 1 });
  });

  it("selections that do not fit the text store nothing", async () => {
    const s = await scenario();
    const { versionId, paragraphs } = await current();
    const p = paragraphs[0]!;
    const other = await db.text.findFirstOrThrow({ where: { slug: { not: SLUG } }, select: { currentVersionId: true } });
    const bad = [
      { ...on(versionId, p, 0, 30), exact: "not these words at all, no" },
      { ...on(versionId, p, 0, 30), endOffset: p.plainText.length + 1 },
      { ...on(versionId, p, 30, 0), exact: "" },
      { ...on(versionId, p, 0, 30), startBlockId: "p-nonexistent", endBlockId: "p-nonexistent" },
      { ...on(versionId, p, 0, 30), versionId: other.currentVersionId! },
    ];
    for (const anchor of bad)
      await refused(
        createAnnotation(s.member.id, s.group.id, { id: randomUUID(), text: SLUG, kind: "highlight", color: "yellow", body: "", visibility: "group", anchor }),
        "BAD_REQUEST",
      );
    expect(await db.annotation.count({ where: { groupId: s.group.id } })).toBe(0);
  });
});

describe("a text edited and reloaded", () => {
  it("carries every note to the new version: in place, moved, or kept as an orphan that can be placed again", async () => {
    const s = await scenario();
    const { versionId, paragraphs } = await current();
    const make = (block: { id: string; plainText: string }, from: number, to: number, body: string) =>
      createAnnotation(s.member.id, s.group.id, { id: randomUUID(), text: SLUG, kind: "comment", color: null, body, visibility: "group", anchor: on(versionId, block, from, to) });
    const untouched = (await make(paragraphs[0]!, 0, 40, "Untouched paragraph.")).annotation;
    const edited = (await make(paragraphs[1]!, 20, 80, "Paragraph with a fix before the quote.")).annotation;
    const doomed = (await make(paragraphs[2]!, 10, 70, "Paragraph that will be cut.")).annotation;

    // The editor fixes a word at the start of the second paragraph and cuts the third.
    const file = path.join(contentDir, "texts", `${SLUG}.md`);
    let source = fs.readFileSync(file, "utf8");
    const p2 = paragraphs[1]!.plainText;
    const firstWord = p2.match(/^\S+/)![0];
    expect(source).toContain(p2.slice(0, 40));
    source = source.replace(p2.slice(0, 40), `${firstWord}, indeed,${p2.slice(firstWord.length, 40)}`);
    const p3 = paragraphs[2]!.plainText;
    expect(source).toContain(p3);
    source = source.replace(p3, "");
    fs.writeFileSync(file, source);

    const report = await loadTexts(db, contentDir);
    expect(report.updated).toEqual([SLUG]);
    // Every note on the text is counted (other tests in this file left some too).
    const counts = report.reanchored[SLUG]!;
    expect(counts.exact + counts.moved + counts.orphan).toBe(await db.annotation.count({ where: { text: { slug: SLUG } } }));
    expect(counts.moved).toBeGreaterThanOrEqual(1);
    expect(counts.orphan).toBeGreaterThanOrEqual(1);

    const after = await current();
    expect(after.versionId).not.toBe(versionId);
    const { annotations, text } = await listAnnotations(s.member.id, s.group.id, SLUG);
    expect(text.versionId).toBe(after.versionId);
    const byId = new Map(annotations.map((n) => [n.id, n]));
    expect(byId.get(untouched.id)).toMatchObject({ anchorState: "exact", versionId: after.versionId, position: untouched.position, quote: untouched.quote });
    expect(byId.get(edited.id)).toMatchObject({ anchorState: "moved", quote: { exact: edited.quote.exact } });
    expect(byId.get(edited.id)!.position!.startOffset).toBe(edited.position!.startOffset + ", indeed,".length);
    expect(byId.get(doomed.id)).toMatchObject({ anchorState: "orphan", position: null, quote: doomed.quote, body: "Paragraph that will be cut." });

    // A facilitator places the orphan on new words.
    const target = after.paragraphs[3]!;
    const placed = await placeAnnotation(s.facilitator.id, s.group.id, doomed.id, on(after.versionId, target, 0, 25));
    expect(placed).toMatchObject({ anchorState: "exact", position: { startBlockId: target.id, startOffset: 0, endOffset: 25 } });

    // Loading the same files again changes nothing.
    const again = await loadTexts(db, contentDir);
    expect(again.updated).toEqual([]);
    expect(again.reanchored).toEqual({});

    // A selection made on the old page is carried to the new version when it is sent.
    const late = await createAnnotation(s.member.id, s.group.id, {
      id: randomUUID(),
      text: SLUG,
      kind: "highlight",
      color: "green",
      body: "",
      visibility: "group",
      anchor: on(versionId, paragraphs[0]!, 5, 35),
    });
    expect(late.annotation).toMatchObject({ versionId: after.versionId, quote: { exact: paragraphs[0]!.plainText.slice(5, 35) } });
    // …unless its words are gone: then the reader is asked to reload.
    await refused(
      createAnnotation(s.member.id, s.group.id, { id: randomUUID(), text: SLUG, kind: "highlight", color: "green", body: "", visibility: "group", anchor: on(versionId, paragraphs[2]!, 10, 70) }),
      "CONFLICT",
    );
  });
});
