// Importing notes against a real Postgres: a group's conversation exported as JSON-LD
// (lib/annotations/jsonld.ts, over the notes and replies as the API lists them) and
// imported into another group lands as the same notes, threads, tags, places and
// attribution; a Hypothesis export is placed by its quotes; and every bad import is
// refused with a clear message and changes nothing.
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { CONTENT_DIR, loadTexts } from "@/lib/content/load";
import { refused, scenario } from "@/lib/groups/test-fixtures";
import { createAnnotation, listAnnotations, type AnnotationView } from "@/lib/annotations/annotations";
import { toAnnotationPage, toThreadCollection } from "@/lib/annotations/jsonld";
import { createDiscussion, createReply, listTextReplies } from "@/lib/discussion/threads";
import { describeExport, exportStream } from "@/lib/export/export";
import { importNotes, readImportJson } from "./import";

const SLUG = "the-need-for-a-revolutionary-party";
const ORIGIN = "https://circle.example.org";
let versionId: string;
let paragraphs: { id: string; plainText: string }[];

beforeAll(async () => {
  await loadTexts(db, CONTENT_DIR);
  const text = await db.text.findUniqueOrThrow({ where: { slug: SLUG }, select: { currentVersionId: true } });
  versionId = text.currentVersionId!;
  const blocks = await db.block.findMany({ where: { versionId }, orderBy: { position: "asc" }, select: { id: true, plainText: true, kind: true } });
  paragraphs = blocks.filter((b) => b.kind === "paragraph" && b.plainText.length > 100);
});

const on = (block: { id: string; plainText: string }, from: number, to: number) => ({
  versionId,
  startBlockId: block.id,
  startOffset: from,
  endBlockId: block.id,
  endOffset: to,
  exact: block.plainText.slice(from, to),
});

/** Every row an import could write, counted. */
async function counts() {
  const [annotations, events, follows, notifications, mentions] = await Promise.all([
    db.annotation.count(),
    db.event.count(),
    db.threadFollow.count(),
    db.notification.count(),
    db.mention.count(),
  ]);
  return { annotations, events, follows, notifications, mentions };
}

/** The whole conversation on the text as a facilitator of the group may list it (as the API's JSON-LD GET does). */
async function conversation(userId: string, groupId: string) {
  const [notes, discussions, replies] = await Promise.all([
    listAnnotations(userId, groupId, SLUG),
    listAnnotations(userId, groupId, SLUG, "text"),
    listTextReplies(userId, groupId, SLUG),
  ]);
  return [...notes.annotations, ...discussions.annotations, ...replies];
}

/** A note's content, without what the import gives anew (ids, author, dates). */
const shape = (n: AnnotationView, all: AnnotationView[], key: (n: AnnotationView) => string) => ({
  kind: n.kind,
  body: n.body,
  tags: n.tags,
  color: n.color,
  visibility: n.visibility,
  target: n.target,
  title: n.title,
  quote: n.quote,
  position: n.position,
  anchorState: n.anchorState,
  parent: n.parentId ? key(all.find((p) => p.id === n.parentId)!) : null,
  thread: n.threadId ? key(all.find((p) => p.id === n.threadId)!) : null,
});

describe("a group's notes exported as JSON-LD and imported into another group", () => {
  it("land as the same notes, threads, tags and places, with their writers and dates as attribution", async () => {
    const a = await scenario("Group A");
    const b = await scenario("Group B");
    const [p1, p2, p3] = paragraphs;
    const made = async (userId: string, input: Omit<Parameters<typeof createAnnotation>[2], "id" | "text">) =>
      (await createAnnotation(userId, a.group.id, { id: randomUUID(), text: SLUG, ...input })).annotation;
    const comment = await made(a.member.id, { kind: "comment", color: null, body: "Read this with #chile in mind.", visibility: "group", anchor: on(p1!, 10, 60) });
    const question = await made(a.other.id, { kind: "question", color: null, body: "Is this still true? #strategy", visibility: "group", anchor: on(p2!, 0, 40) });
    await made(a.member.id, { kind: "highlight", color: "green", body: "", visibility: "group", anchor: on(p3!, 5, 25) });
    await made(a.facilitator.id, { kind: "comment", color: null, body: "My own reminder.", visibility: "private", anchor: on(p3!, 30, 70) });
    const r1 = (await createReply(a.other.id, a.group.id, comment.id, { id: randomUUID(), body: "Agreed — and #iran too." })).reply;
    await createReply(a.member.id, a.group.id, r1.id, { id: randomUUID(), body: "A reply to the reply." });
    await createReply(a.facilitator.id, a.group.id, question.id, { id: randomUUID(), body: "Let's take it to the meeting." });
    const discussion = await createDiscussion(a.member.id, a.group.id, { id: randomUUID(), text: SLUG, kind: "comment", title: "First impressions", body: "What did everyone make of it?" });
    await createReply(a.other.id, a.group.id, discussion.discussion.id, { id: randomUUID(), body: "Short and sharp." });

    const exported = await conversation(a.facilitator.id, a.group.id);
    expect(exported).toHaveLength(9);
    // Written to a file and read back, as a person would move it.
    const file = JSON.stringify(toAnnotationPage(exported, { origin: ORIGIN, groupId: a.group.id, textSlug: SLUG }));
    const report = await importNotes(b.facilitator.id, b.group.id, readImportJson(new TextEncoder().encode(file)), null);
    expect(report).toEqual({ source: "study-circle", text: { slug: SLUG, title: expect.any(String) }, placed: 5, orphaned: 0, replies: 4, refused: [] });

    const imported = await conversation(b.facilitator.id, b.group.id);
    expect(imported).toHaveLength(9);
    const key = (n: AnnotationView) => `${n.kind}:${n.title ?? ""}:${n.body}:${n.quote.exact}`;
    const before = exported.map((n) => shape(n, exported, key)).sort((x, y) => JSON.stringify(x).localeCompare(JSON.stringify(y)));
    const after = imported.map((n) => shape(n, imported, key)).sort((x, y) => JSON.stringify(x).localeCompare(JSON.stringify(y)));
    expect(after).toEqual(before);
    // Under the importer's account, with the writers' names and dates as attribution.
    for (const note of imported) {
      const original = exported.find((n) => key(n) === key(note))!;
      expect(note.author.id).toBe(b.facilitator.id);
      expect(note.imported).toEqual({ source: "study-circle", authorName: original.author.name, createdAt: original.createdAt });
    }
    // The private note stays private: the importer's, seen by no one else in group B.
    const memberView = await conversation(b.member.id, b.group.id);
    expect(memberView.map((n) => n.body)).not.toContain("My own reminder.");
    expect(memberView).toHaveLength(8);
    // Replies keep their order in the thread.
    const thread = imported.filter((n) => n.threadId === imported.find((x) => x.body === comment.body)!.id);
    expect(thread.map((n) => n.body)).toEqual(["Agreed — and #iran too.", "A reply to the reply."]);

    // The same through the file people download (lib/export: the text's notes, as A's facilitator gets them).
    const c = await scenario("Group C");
    const scope = { kind: "group" as const, userId: a.facilitator.id, groupId: a.group.id, text: SLUG, mine: false };
    const meta = { ...(await describeExport(scope)), format: "jsonld" as const, origin: ORIGIN, iri: `${ORIGIN}/export` };
    const download = new Uint8Array(await new Response(await exportStream(scope, meta)).arrayBuffer());
    const again = await importNotes(c.facilitator.id, c.group.id, readImportJson(download), null);
    expect(again).toEqual({ source: "study-circle", text: { slug: SLUG, title: expect.any(String) }, placed: 5, orphaned: 0, replies: 4, refused: [] });
    const viaDownload = await conversation(c.facilitator.id, c.group.id);
    expect(viaDownload.map((n) => shape(n, viaDownload, key)).sort((x, y) => JSON.stringify(x).localeCompare(JSON.stringify(y)))).toEqual(before);
    for (const note of viaDownload) {
      const original = exported.find((n) => key(n) === key(note))!;
      expect(note.imported).toEqual({ source: "study-circle", authorName: original.author.name, createdAt: original.createdAt });
    }
  });

  it("reads a thread exported as an AnnotationCollection, and tags given as tagging bodies", async () => {
    const a = await scenario("Group A");
    const b = await scenario("Group B");
    const note = (
      await createAnnotation(a.member.id, a.group.id, { id: randomUUID(), text: SLUG, kind: "comment", color: null, body: "A thread to copy.", visibility: "group", anchor: on(paragraphs[4]!, 0, 30) })
    ).annotation;
    const reply = (await createReply(a.other.id, a.group.id, note.id, { id: randomUUID(), body: "Its reply." })).reply;
    const collection = toThreadCollection([note, reply], { origin: ORIGIN, groupId: a.group.id, textSlug: SLUG, threadId: note.id });
    const first = collection.first.items[0] as Record<string, unknown>;
    first.body = [first.body, { type: "TextualBody", purpose: "tagging", value: "Dual Power" }, { type: "TextualBody", purpose: "tagging", value: "soviets" }];
    const report = await importNotes(b.facilitator.id, b.group.id, JSON.parse(JSON.stringify(collection)), null);
    expect(report).toMatchObject({ placed: 1, orphaned: 0, replies: 1, refused: [] });
    const [copied] = (await listAnnotations(b.member.id, b.group.id, SLUG)).annotations;
    expect(copied).toMatchObject({ body: "A thread to copy.", fieldTags: ["dual-power", "soviets"], position: note.position, replyCount: 1 });
  });
});

describe("threads in a file", () => {
  it("keep a deleted note's place for its replies, and refuse replies to a highlight, to a missing note or in a circle", async () => {
    const { facilitator, member, group } = await scenario();
    const iri = (n: number) => `${ORIGIN}/api/groups/g/annotations/00000000-0000-4000-8000-00000000000${n}`;
    const quote = (exact: string) => ({ type: "SpecificResource", source: `${ORIGIN}/texts/${SLUG}`, selector: [{ type: "TextQuoteSelector", exact }] });
    const reply = (n: number, parent: number, value: string) => ({ id: iri(n), type: "Annotation", motivation: "replying", target: iri(parent), body: { type: "TextualBody", value } });
    const file = {
      type: "AnnotationPage",
      items: [
        { id: iri(1), type: "Annotation", motivation: "commenting", "sc:deleted": true, target: quote(paragraphs[0]!.plainText.slice(0, 30)) },
        reply(2, 1, "Still here."),
        { id: iri(3), type: "Annotation", motivation: "highlighting", target: quote(paragraphs[1]!.plainText.slice(0, 30)) },
        reply(4, 3, "On a highlight."),
        reply(5, 9, "Its note is elsewhere."),
        reply(6, 7, "Round"),
        reply(7, 6, "and round."),
      ],
    };
    const report = await importNotes(facilitator.id, group.id, file, null);
    expect(report).toMatchObject({ placed: 2, orphaned: 0, replies: 1 });
    expect(report.refused).toHaveLength(4);
    expect(report.refused.map((r) => r.reason).sort()).toEqual(
      [
        "It answers a highlight, which has no conversation.",
        "It answers a note that is not in the file.",
        // One of the circle is found to be in one; the other answers it.
        "It answers a note that was not imported.",
        "Its replies answer each other in a circle: there is no note they start from.",
      ].sort(),
    );
    const notes = (await listAnnotations(member.id, group.id, SLUG)).annotations;
    const placeholder = notes.find((n) => n.deleted)!;
    expect(placeholder).toMatchObject({ body: "", replyCount: 1, imported: null });
    const [kept] = await listTextReplies(member.id, group.id, SLUG);
    expect(kept).toMatchObject({ body: "Still here.", parentId: placeholder.id, threadId: placeholder.id });
  });
});

describe("a file with notes on several texts", () => {
  it("is imported one text at a time: the chosen one's notes, the others refused with the text they are on", async () => {
    const { facilitator, group } = await scenario();
    const on = (slug: string, exact: string) => ({
      type: "Annotation",
      motivation: "commenting",
      body: { type: "TextualBody", value: `On ${slug}.` },
      target: { source: `${ORIGIN}/texts/${slug}`, selector: [{ type: "TextQuoteSelector", exact }] },
    });
    const file = [on(SLUG, paragraphs[2]!.plainText.slice(0, 40)), on("the-workers-opposition", "the workers")];
    const before = await counts();
    expect((await refused(importNotes(facilitator.id, group.id, file, null), "BAD_REQUEST")).message).toMatch(/notes on 2 texts/);
    expect((await refused(importNotes(facilitator.id, group.id, file, "organisation-of-the-masses"), "BAD_REQUEST")).message).toMatch(/none of them this one/);
    expect(await counts()).toEqual(before);
    const report = await importNotes(facilitator.id, group.id, file, SLUG);
    expect(report).toMatchObject({ placed: 1, orphaned: 0, refused: [{ reason: expect.stringContaining("another text (the-workers-opposition)"), note: "On the-workers-opposition." }] });
  });
});

describe("a Hypothesis export", () => {
  const fixture = () => fs.readFileSync(path.join(import.meta.dirname, "fixtures", "hypothesis.json"));

  it("is placed by its quotes: a reply in its thread, words not in the text to the orphan review, a page note refused", async () => {
    const { facilitator, member, group } = await scenario();
    const before = await counts();
    const report = await importNotes(facilitator.id, group.id, readImportJson(fixture()), SLUG);
    expect(report.source).toBe("hypothesis");
    expect(report.placed).toBe(2);
    expect(report.orphaned).toBe(1);
    expect(report.replies).toBe(1);
    expect(report.refused).toEqual([{ reason: expect.stringMatching(/quotes no words/), note: "A good article to start the term with." }]);
    expect((await counts()).annotations - before.annotations).toBe(4);

    const list = await listAnnotations(facilitator.id, group.id, SLUG);
    const ana = list.annotations.find((n) => n.body.startsWith("The numbers are the point"))!;
    expect(ana).toMatchObject({
      kind: "comment",
      anchorState: "exact",
      quote: { exact: "with 12,000 members, to over 200,000 between February" },
      fieldTags: ["bolsheviks", "party-growth"],
      imported: { source: "hypothesis", authorName: "Ana Ruiz", createdAt: "2024-03-03T10:15:22.481Z" },
      author: { id: facilitator.id },
      replyCount: 1,
    });
    const block = paragraphs.find((p) => p.id === ana.position!.startBlockId)!;
    expect(block.plainText.slice(ana.position!.startOffset, ana.position!.endOffset)).toBe("with 12,000 members, to over 200,000 between February");
    const orphan = list.annotations.find((n) => n.body === "This sentence was cut from the version we read.")!;
    expect(orphan).toMatchObject({ anchorState: "orphan", position: null, quote: { exact: expect.stringContaining("Paris Commune") } });
    // "Only me" in Hypothesis stays private: the importer's highlight, not the group's.
    const highlight = list.annotations.find((n) => n.kind === "highlight")!;
    expect(highlight).toMatchObject({ visibility: "private", imported: { authorName: "Ben Kowalski" } });
    expect((await listAnnotations(member.id, group.id, SLUG)).annotations.map((n) => n.id)).not.toContain(highlight.id);
    const [reply] = await listTextReplies(member.id, group.id, SLUG);
    expect(reply).toMatchObject({ parentId: ana.id, body: "Clear slogans, and patience: they were a minority until September.", imported: { authorName: "Ben Kowalski" } });
  });

  it("needs the text it is for", async () => {
    const { facilitator, group } = await scenario();
    const before = await counts();
    const error = await refused(importNotes(facilitator.id, group.id, readImportJson(fixture()), null), "BAD_REQUEST");
    expect(error.message).toMatch(/Say which text/);
    expect(await counts()).toEqual(before);
  });

  it("refuses a reply whose note is not in the file", async () => {
    const { facilitator, group } = await scenario();
    const rows = JSON.parse(fixture().toString()).rows.filter((r: { id: string }) => r.id !== "Kx2pQm7aEe6yA1Pb3cZ9dw");
    const report = await importNotes(facilitator.id, group.id, rows, SLUG);
    expect(report.refused.map((r) => r.reason)).toContain("It answers a note that is not in the file.");
    expect(report.replies).toBe(0);
  });
});

describe("bad imports are refused and change nothing", () => {
  it("not JSON, the wrong shape, a text the group lacks, a non-facilitator, a non-member", async () => {
    const { facilitator, member, outsider, removed, group } = await scenario();
    const other = await scenario("Elsewhere");
    // A text only the other group has.
    const theirs = await db.text.create({ data: { slug: `theirs-${randomUUID().slice(0, 8)}`, groupId: other.group.id, addedById: other.facilitator.id } });
    const hypothesis = JSON.parse(fs.readFileSync(path.join(import.meta.dirname, "fixtures", "hypothesis.json"), "utf8"));
    const before = await counts();

    const notJson = await refused(async () => importNotes(facilitator.id, group.id, readImportJson(new TextEncoder().encode("<html>not json</html>")), SLUG), "BAD_REQUEST");
    expect(notJson.message).toMatch(/not JSON/);
    const wrong = await refused(importNotes(facilitator.id, group.id, { hello: "world" }, SLUG), "BAD_REQUEST");
    expect(wrong.message).toMatch(/not a Study Circle export/);
    await refused(importNotes(facilitator.id, group.id, [1, 2, 3], SLUG), "BAD_REQUEST");
    await refused(importNotes(facilitator.id, group.id, { type: "AnnotationPage", items: "nope" }, SLUG), "BAD_REQUEST");
    const lacks = await refused(importNotes(facilitator.id, group.id, hypothesis, theirs.slug), "NOT_FOUND");
    expect(lacks.message).toMatch(/no text/);
    await refused(importNotes(facilitator.id, group.id, hypothesis, "no-such-text"), "NOT_FOUND");
    const tooMany = Array.from({ length: 2001 }, () => hypothesis.rows[0]);
    expect((await refused(importNotes(facilitator.id, group.id, tooMany, SLUG), "TOO_LARGE")).message).toMatch(/at most 2,000/);
    // Only facilitators import; to anyone else the group is not there.
    for (const who of [member, outsider, removed, other.facilitator]) await refused(importNotes(who.id, group.id, hypothesis, SLUG), "NOT_FOUND");
    await refused(importNotes(facilitator.id, "not-a-group", hypothesis, SLUG), "NOT_FOUND");

    expect(await counts()).toEqual(before);
  });

  it("a file whose every note is refused stores nothing and says why", async () => {
    const { facilitator, group } = await scenario();
    const before = await counts();
    const report = await importNotes(facilitator.id, group.id, [{ id: "x", user: "acct:a@hypothes.is", uri: "https://example.org", text: "Page note", target: [{ source: "https://example.org" }] }], SLUG);
    expect(report).toMatchObject({ placed: 0, orphaned: 0, replies: 0, refused: [{ reason: expect.stringMatching(/quotes no words/) }] });
    expect(await counts()).toEqual(before);
  });

  it("a database failure mid-import leaves nothing behind", async () => {
    const { facilitator, group } = await scenario();
    const before = await counts();
    // A write that fails part way (here, the reply's row): the notes written before it go too.
    const hypothesis = JSON.parse(fs.readFileSync(path.join(import.meta.dirname, "fixtures", "hypothesis.json"), "utf8"));
    const trigger = `import_test_${randomUUID().replaceAll("-", "")}`;
    await db.$executeRawUnsafe(`CREATE FUNCTION ${trigger}() RETURNS trigger AS $$ BEGIN IF NEW.body LIKE 'Clear slogans%' THEN RAISE EXCEPTION 'boom'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql`);
    await db.$executeRawUnsafe(`CREATE TRIGGER ${trigger} BEFORE INSERT ON "Annotation" FOR EACH ROW EXECUTE FUNCTION ${trigger}()`);
    try {
      await expect(importNotes(facilitator.id, group.id, hypothesis, SLUG)).rejects.toThrow();
    } finally {
      await db.$executeRawUnsafe(`DROP TRIGGER ${trigger} ON "Annotation"`);
      await db.$executeRawUnsafe(`DROP FUNCTION ${trigger}()`);
    }
    expect(await counts()).toEqual(before);
  });
});
