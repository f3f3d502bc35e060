// Exports hold to what each person could read in the app: another member's private note,
// hidden notes (facilitators excepted), deleted notes and a text still closed by "post
// before you peek" never appear, in any format; the whole group is for facilitators; one
// group's member cannot export another's. And a big export streams and parses.
import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { deleteAnnotation, getAnnotation, listAnnotations, setHidden } from "@/lib/annotations/annotations";
import { toAnnotationPage, toThreadCollection, toWebAnnotation } from "@/lib/annotations/jsonld";
import { getThread, listTextReplies } from "@/lib/discussion/threads";
import { createReply } from "@/lib/discussion/threads";
import { refused, scenario, type Scenario } from "@/lib/groups/test-fixtures";
import { createReading } from "@/lib/readings/readings";
import { readingSchema } from "@/lib/readings/schemas";
import { SLUG, loadPassage, writeNote, type Passage } from "@/lib/realtime/test-fixtures";
import { MAX_CONCURRENT, describeExport, exportStream, type ExportScope } from "./export";
import { EXPORT_FORMATS, type ExportFormat } from "./formats";
import { parseCsv } from "./csv-parse";
import { annotationValidator, collectionValidator, pageValidator } from "./w3c-schemas";

let passage: Passage;
beforeAll(async () => {
  passage = await loadPassage();
});

const ORIGIN = "https://circle.example";

async function exported(scope: ExportScope, format: ExportFormat, batch?: number, page?: number): Promise<string> {
  const meta = { ...(await describeExport(scope)), format, origin: ORIGIN, iri: `${ORIGIN}/export?format=${format}`, page };
  return new Response(await exportStream(scope, meta, { batch })).text();
}

type Collection = { type: string; total: number; first: { type: string; items: { id: string; motivation: string; target: unknown; body?: unknown }[] } };
/** The statement alone, without the checks made before a download starts. */
async function rawExport(scope: ExportScope, format: ExportFormat): Promise<string> {
  const meta = { format, origin: ORIGIN, iri: `${ORIGIN}/export`, title: "T", groupName: null, textTitle: null, acrossGroups: false };
  return new Response(await exportStream(scope, meta)).text();
}

const idsIn = (jsonld: string) => (JSON.parse(jsonld) as Collection).first.items.map((i) => i.id.split("/").pop()!);

// Each note's body carries a word of its own, so whether it appears in any format is one search.
const word = (name: string) => `zq${name.toLowerCase()}`;

async function world(s: Scenario) {
  const note = (name: string, userId: string, visibility: "group" | "private" = "group", kind: "comment" | "question" | "highlight" = "comment") =>
    writeNote(passage, s.group.id, userId, { body: `About ${word(name)}. #t-${name.toLowerCase()}`, visibility, kind }).then((n) => n.id);
  const reply = (userId: string, parentId: string, name: string) =>
    createReply(userId, s.group.id, parentId, { id: randomUUID(), body: `Re ${word(name)}` }).then((r) => r.reply.id);
  const ids = {
    shared: await note("Shared", s.other.id, "group", "question"),
    privateNote: await note("PrivateNote", s.other.id, "private"),
    ownPrivate: await note("OwnPrivate", s.member.id, "private"),
    hidden: await note("Hidden", s.other.id),
    deleted: await note("Deleted", s.other.id),
    deletedWithReply: await note("DeletedWithReply", s.other.id),
  } as Record<string, string>;
  ids.replyToShared = await reply(s.member.id, ids.shared!, "ReplyToShared");
  ids.replyToReply = await reply(s.other.id, ids.replyToShared, "ReplyToReply");
  ids.hiddenReply = await reply(s.facilitator.id, ids.shared!, "HiddenReply");
  ids.replyInPrivate = await reply(s.other.id, ids.privateNote!, "ReplyInPrivate");
  ids.replyToHidden = await reply(s.facilitator.id, ids.hidden!, "ReplyToHidden");
  ids.replyUnderDeleted = await reply(s.member.id, ids.deletedWithReply!, "ReplyUnderDeleted");
  await setHidden(s.facilitator.id, s.group.id, ids.hidden!, true);
  await setHidden(s.facilitator.id, s.group.id, ids.hiddenReply, true);
  await deleteAnnotation(s.other.id, s.group.id, ids.deleted!);
  await deleteAnnotation(s.other.id, s.group.id, ids.deletedWithReply!);
  return ids;
}

const NAMES = (ids: Record<string, string>) => Object.fromEntries(Object.entries(ids).map(([k, v]) => [v, k]));

describe("what an export holds", () => {
  it("a member's text export: what they read in the app, in every format, and nothing else", async () => {
    const s = await scenario("Export");
    const ids = await world(s);
    const names = NAMES(ids);
    const expected: Record<string, string[]> = {
      member: ["shared", "replyToShared", "replyToReply", "ownPrivate", "replyUnderDeleted"],
      // The author of the hidden note still sees it, and the replies in it.
      other: ["shared", "replyToShared", "replyToReply", "privateNote", "replyInPrivate", "hidden", "replyToHidden", "replyUnderDeleted"],
      facilitator: ["shared", "replyToShared", "replyToReply", "hiddenReply", "hidden", "replyToHidden", "replyUnderDeleted"],
    };
    for (const who of ["member", "other", "facilitator"] as const) {
      const scope: ExportScope = { kind: "group", userId: s[who].id, groupId: s.group.id, text: SLUG, mine: false };
      const jsonld = await exported(scope, "jsonld");
      expect(idsIn(jsonld).map((id) => names[id] ?? id).sort(), who).toEqual([...expected[who]!].sort());
      for (const format of ["markdown", "csv"] as const) {
        const out = await exported(scope, format);
        for (const [name, id] of Object.entries(ids)) {
          const seen = expected[who]!.includes(name);
          expect(out.includes(word(name)), `${who} ${format} ${name}`).toBe(seen);
          // (A deleted note's id stays as the thread of the replies under it, as its placeholder does in the app.)
          if (format === "csv" && name !== "deletedWithReply") expect(out.includes(id), `${who} csv ${name} id`).toBe(seen);
        }
      }
    }
  });

  it("mine=1 and the account's export: only what the person wrote, with its passage", async () => {
    const s = await scenario("Mine");
    const ids = await world(s);
    const names = NAMES(ids);
    const mine = idsIn(await exported({ kind: "group", userId: s.member.id, groupId: s.group.id, mine: true }, "jsonld"));
    expect(mine.map((id) => names[id]).sort()).toEqual(["ownPrivate", "replyToShared", "replyUnderDeleted"].sort());
    const everywhere = await exported({ kind: "me", userId: s.member.id }, "markdown");
    expect(everywhere).toContain(word("OwnPrivate"));
    expect(everywhere).toContain(`> ${passage.block.plainText.slice(0, 12)}`);
    expect(everywhere).not.toContain(word("Shared"));
  });

  it("a text still closed by post before you peek exports only one's own", async () => {
    const s = await scenario("Peek");
    await createReading(
      s.facilitator.id,
      s.group.id,
      readingSchema.parse({ text: SLUG, weekOf: "2026-12-07", due: "2026-12-13T18:00", postBeforePeek: true, prompts: [{ body: "Why?" }] }),
    );
    const others = await writeNote(passage, s.group.id, s.other.id, { body: `Before ${word("Locked")}` });
    const own = await writeNote(passage, s.group.id, s.member.id, { body: `Mine ${word("Mine")}`, visibility: "private" });
    for (const format of EXPORT_FORMATS) {
      const out = await exported({ kind: "group", userId: s.member.id, groupId: s.group.id, text: SLUG, mine: false }, format);
      expect(out).not.toContain(word("Locked"));
      expect(out).not.toContain(others.id);
      expect(out).toContain(word("Mine"));
    }
    expect(idsIn(await exported({ kind: "group", userId: s.member.id, groupId: s.group.id, text: SLUG, mine: false }, "jsonld"))).toEqual([own.id]);
    // The facilitator is never locked out.
    expect(await exported({ kind: "group", userId: s.facilitator.id, groupId: s.group.id, mine: false }, "csv")).toContain(word("Locked"));
  });

  it("the whole group is for facilitators; outsiders and other groups' members get not found", async () => {
    const s = await scenario("Whole");
    const b = await scenario("Other group");
    await writeNote(passage, b.group.id, b.member.id, { body: `B ${word("Bsecret")}` });
    await refused(describeExport({ kind: "group", userId: s.member.id, groupId: s.group.id, mine: false }), "NOT_FOUND");
    await describeExport({ kind: "group", userId: s.facilitator.id, groupId: s.group.id, mine: false });
    for (const userId of [s.outsider.id, s.removed.id, s.member.id, s.facilitator.id]) {
      await refused(describeExport({ kind: "group", userId, groupId: b.group.id, text: SLUG, mine: false }), "NOT_FOUND");
      await refused(describeExport({ kind: "group", userId, groupId: b.group.id, mine: true }), "NOT_FOUND");
      // The statement itself holds too: nothing of B's, however it is called.
      for (const scope of [{ text: SLUG }, { text: undefined }])
        expect(await rawExport({ kind: "group", userId, groupId: b.group.id, ...scope, mine: false }, "csv")).not.toContain(word("Bsecret"));
    }
    await refused(describeExport({ kind: "group", userId: s.member.id, groupId: s.group.id, text: "no-such-text", mine: false }), "NOT_FOUND");
    await writeNote(passage, s.group.id, s.other.id, { body: "In A." });
    const members = await rawExport({ kind: "group", userId: s.member.id, groupId: s.group.id, mine: false }, "csv");
    expect(members.trim().split("\r\n")).toHaveLength(1);
  });
});

describe("formats", () => {
  it("JSON-LD: a collection, a page, and annotations that pass the W3C test suite's MUST assertions", async () => {
    const s = await scenario("W3C");
    await world(s);
    const doc = JSON.parse(await exported({ kind: "group", userId: s.facilitator.id, groupId: s.group.id, mine: false }, "jsonld")) as Collection & Record<string, unknown>;
    expect(collectionValidator(doc), JSON.stringify(collectionValidator.errors)).toBe(true);
    expect(pageValidator(doc.first), JSON.stringify(pageValidator.errors)).toBe(true);
    expect(doc.total).toBe(doc.first.items.length);
    for (const item of doc.first.items) {
      const annotation = { "@context": "http://www.w3.org/ns/anno.jsonld", ...item };
      expect(annotationValidator(annotation), `${JSON.stringify(item)}: ${JSON.stringify(annotationValidator.errors)}`).toBe(true);
    }
    const byMotivation = new Map(doc.first.items.map((i) => [i.motivation, i]));
    expect([...byMotivation.keys()].sort()).toEqual(["commenting", "questioning", "replying"]);
    const question = byMotivation.get("questioning")!;
    expect(question.body).toEqual([
      { type: "TextualBody", value: `About ${word("Shared")}. #t-shared`, format: "text/markdown", purpose: "questioning" },
      { type: "TextualBody", purpose: "tagging", value: "t-shared" },
    ]);
    const target = question.target as { selector: { type: string; value?: string; refinedBy?: unknown }[] };
    expect(target.selector.map((x) => x.type)).toEqual(["TextQuoteSelector", "RangeSelector", "FragmentSelector"]);
    expect(target.selector[2]).toEqual({
      type: "FragmentSelector",
      conformsTo: "http://tools.ietf.org/rfc/rfc3986",
      value: passage.block.id,
      refinedBy: { type: "TextPositionSelector", start: 0, end: 12 },
    });
    const reply = byMotivation.get("replying")!;
    expect(reply.target).toMatch(new RegExp(`^${ORIGIN}/api/groups/${s.group.id}/annotations/[0-9a-f-]{36}$`));
  });

  it("the API's own JSON-LD — one note, a text's notes, a thread — passes the same assertions", async () => {
    const s = await scenario("Served");
    const ids = await world(s);
    const where = { origin: ORIGIN, groupId: s.group.id, textSlug: SLUG };
    // As app/api/groups/[groupId]/annotations/[annotationId]/route.ts answers it.
    const one = await getAnnotation(s.member.id, s.group.id, ids.shared!);
    const single = toWebAnnotation(one, where);
    expect(annotationValidator(single), JSON.stringify(annotationValidator.errors)).toBe(true);
    // As …/annotations?text= answers it with Accept: application/ld+json.
    const [list, replies] = await Promise.all([listAnnotations(s.facilitator.id, s.group.id, SLUG), listTextReplies(s.facilitator.id, s.group.id, SLUG)]);
    const page = toAnnotationPage([...list.annotations, ...replies], where);
    expect(pageValidator(page), JSON.stringify(pageValidator.errors)).toBe(true);
    for (const item of page.items) expect(annotationValidator({ "@context": page["@context"], ...item }), JSON.stringify(annotationValidator.errors)).toBe(true);
    // A thread (…/threads/:id).
    const thread = await getThread(s.member.id, s.group.id, ids.shared!);
    const collection = toThreadCollection([thread.thread, ...thread.replies], { ...where, threadId: ids.shared! });
    expect(collectionValidator(collection), JSON.stringify(collectionValidator.errors)).toBe(true);
    expect(pageValidator(collection.first)).toBe(true);
    for (const item of collection.first.items) expect(annotationValidator({ "@context": collection["@context"], ...item })).toBe(true);
  });

  it("CSV: one row per note or reply under a header; Markdown: the passage quoted, replies nested", async () => {
    const s = await scenario("Formats");
    const ids = await world(s);
    const rows = parseCsv(await exported({ kind: "group", userId: s.facilitator.id, groupId: s.group.id, mine: false }, "csv"));
    expect(rows[0]).toEqual(["id", "parent_id", "thread_id", "text", "paragraph", "quote", "kind", "body", "tags", "author", "created", "modified", "visibility"]);
    expect(rows).toHaveLength(8);
    const reply = rows.find((r) => r[0] === ids.replyToReply)!;
    expect([reply[1], reply[2], reply[3], reply[4], reply[6]]).toEqual([ids.replyToShared, ids.shared, SLUG, passage.block.id, "reply"]);
    expect(rows.find((r) => r[0] === ids.hidden)![12]).toBe("hidden");
    const md = await exported({ kind: "group", userId: s.member.id, groupId: s.group.id, text: SLUG, mine: false }, "markdown");
    expect(md).toMatch(/^# Notes on .+ — Formats/);
    expect(md).toContain(`> ${passage.block.plainText.slice(0, 12)}`);
    expect(md).toMatch(/\n- \*\*Other \d+\*\* · \d{4}-\d\d-\d\d · question · #t-shared\n/);
    expect(md).toMatch(/\n  - \*\*Member \d+\*\* · \d{4}-\d\d-\d\d · reply\n\n    Re zqreplytoshared\n/);
    expect(md).toMatch(/\n    - \*\*Other \d+\*\* · \d{4}-\d\d-\d\d · reply\n\n      Re zqreplytoreply\n/);
  });
});

describe("a big export streams", () => {
  it("10,000 notes and 2,000 replies, read in batches, complete and parse in every format", async () => {
    const s = await scenario("Big");
    const NOTES = 10_000;
    const blocks = await db.block.findMany({ where: { versionId: passage.versionId, kind: "paragraph" }, select: { id: true, plainText: true } });
    const notes = Array.from({ length: NOTES }, (_, i) => {
      const block = blocks[i % blocks.length]!;
      return {
        id: randomUUID(),
        groupId: s.group.id,
        textId: passage.textId,
        versionId: passage.versionId,
        authorId: i % 2 ? s.member.id : s.other.id,
        kind: "comment" as const,
        body: i % 7 === 0 ? `=HYPERLINK("x") note ${i}, "quoted"\nsecond line` : `Note ${i}`,
        startBlockId: block.id,
        startOffset: 0,
        endBlockId: block.id,
        endOffset: Math.min(10, block.plainText.length),
        exact: block.plainText.slice(0, 10),
        createdAt: new Date(Date.now() - (NOTES - i) * 1000),
      };
    });
    await db.annotation.createMany({ data: notes });
    const replies = notes.slice(0, 2_000).map((n, i) => ({ ...n, id: randomUUID(), kind: "reply" as const, body: `Reply ${i}`, parentId: n.id, threadId: n.id, createdAt: new Date() }));
    await db.annotation.createMany({ data: replies });
    const scope: ExportScope = { kind: "group", userId: s.facilitator.id, groupId: s.group.id, mine: false };
    const started = performance.now();
    const jsonld = await exported(scope, "jsonld");
    const seconds = (performance.now() - started) / 1000;
    const doc = JSON.parse(jsonld) as Collection;
    expect(doc.total).toBe(12_000);
    expect(new Set(doc.first.items.map((i) => i.id)).size).toBe(12_000);
    const rows = parseCsv(await exported(scope, "csv"));
    expect(rows).toHaveLength(12_001);
    expect(rows.filter((r) => r[7]!.startsWith("'=HYPERLINK"))).toHaveLength(Math.ceil(NOTES / 7));
    // Small batches give the same rows in the same order as big ones: the keyset loses nothing.
    expect(await exported(scope, "csv", 333)).toBe(await exported(scope, "csv"));
    const md = await exported(scope, "markdown");
    expect(md).toContain("12000 notes and replies.");
    // Paged: page n holds items (n-1)·1000 … n·1000-1 of the same order, linked to the pages beside it.
    type Page = { id: string; type: string; startIndex: number; partOf: { id: string }; items: { id: string }[]; next?: string; prev?: string };
    const page = async (n: number) => JSON.parse(await exported(scope, "jsonld", 400, n)) as Page;
    const [first, second, last, beyond] = await Promise.all([page(1), page(2), page(12), page(13)]);
    for (const p of [first, second, last]) expect(pageValidator(p), JSON.stringify(pageValidator.errors)).toBe(true);
    expect([first.items.length, first.startIndex, first.next, first.prev]).toEqual([1000, 0, `${ORIGIN}/export?format=jsonld&page=2`, undefined]);
    expect(first.partOf.id).toBe(`${ORIGIN}/export?format=jsonld`);
    expect(second.items.map((i) => i.id)).toEqual(doc.first.items.slice(1000, 2000).map((i) => i.id));
    expect([last.items.length, last.startIndex, last.next, last.prev]).toEqual([1000, 11_000, undefined, `${ORIGIN}/export?format=jsonld&page=11`]);
    expect(beyond.items).toEqual([]);
    expect(seconds).toBeLessThan(10);
  }, 120_000);
});

describe("streams hold a connection each, and give it back", () => {
  it("at most MAX_CONCURRENT at once; a cancelled download frees its turn for the next", async () => {
    const s = await scenario("Turns");
    for (const body of ["One note.", "Two.", "Three."]) await writeNote(passage, s.group.id, s.member.id, { body });
    const scope: ExportScope = { kind: "group", userId: s.facilitator.id, groupId: s.group.id, mine: false };
    const meta = { ...(await describeExport(scope)), format: "csv" as const, origin: ORIGIN, iri: `${ORIGIN}/export` };
    // Batches of one row: each stream reads its first and waits for its reader, holding its turn.
    const open = await Promise.all(Array.from({ length: MAX_CONCURRENT }, () => exportStream(scope, meta, { batch: 1 })));
    let started = false;
    const next = exportStream(scope, meta).then((stream) => {
      started = true;
      return stream;
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(started).toBe(false);
    await open[0]!.cancel();
    const text = await new Response(await next).text();
    expect(started).toBe(true);
    expect(text).toContain("One note.");
    // The others, read to the end, give theirs back too.
    for (const stream of open.slice(1)) expect(await new Response(stream).text()).toContain("One note.");
    expect(await exported(scope, "csv")).toContain("One note.");
  });
});

