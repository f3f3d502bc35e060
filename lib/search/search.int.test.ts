// Search finds only what its reader may see — decided inside the statement — and finds it
// the way people write: stems, accents, phrases, exclusions, tags and filters. Held here
// to getAnnotation's answers (and peekLocked's) for every kind of note and every kind of
// person, on a real Postgres.
import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { createAnnotation, deleteAnnotation, editAnnotation, getAnnotation, setHidden } from "@/lib/annotations/annotations";
import { createAnnotationSchema } from "@/lib/annotations/schemas";
import { noteTags } from "@/lib/annotations/tags";
import { AppError } from "@/lib/errors";
import { createReply, setAnswer } from "@/lib/discussion/threads";
import { refused, scenario, type Scenario } from "@/lib/groups/test-fixtures";
import { addGroupText } from "@/lib/library/group-texts";
import { createReading, peekLocked } from "@/lib/readings/readings";
import { readingSchema } from "@/lib/readings/schemas";
import { SLUG, loadPassage, writeNote, type Passage } from "@/lib/realtime/test-fixtures";
import { searchSchema } from "./schemas";
import { CANDIDATES, listTags, searchGroup } from "./search";
import type { SearchResult } from "./view";

let passage: Passage;
beforeAll(async () => {
  passage = await loadPassage();
});

const find = async (userId: string, groupId: string, params: Record<string, string>) =>
  (await searchGroup(userId, groupId, searchSchema.parse(params))).results;

/** Every result of a search, page by page. */
async function findAll(userId: string, groupId: string, params: Record<string, string>) {
  const all: SearchResult[] = [];
  let cursor: string | undefined;
  for (let pages = 0; pages < 100; pages++) {
    const page = await searchGroup(userId, groupId, searchSchema.parse({ ...params, ...(cursor ? { cursor } : {}) }));
    all.push(...page.results);
    if (!page.nextCursor) return all;
    cursor = page.nextCursor;
  }
  throw new Error("more than 100 pages");
}

// Each note carries a word of its own (and a tag of its own), so whether a person finds it
// is one search.
const word = (name: string) => `zq${name.toLowerCase()}`;
const body = (name: string) => `A thought about ${word(name)} and organising. #t-${name.toLowerCase()}`;

const reply = (s: Scenario, userId: string, parentId: string, name: string) =>
  createReply(userId, s.group.id, parentId, { id: randomUUID(), body: body(name) }).then((r) => r.reply.id);

/** A group holding every kind of note and reply the rules tell apart. */
async function world(s: Scenario) {
  const note = (name: string, userId: string, visibility: "group" | "private" = "group", kind: "comment" | "question" | "highlight" = "comment") =>
    writeNote(passage, s.group.id, userId, { body: body(name), visibility, kind }).then((n) => n.id);
  const shared = await note("Shared", s.other.id);
  const question = await note("Question", s.other.id, "group", "question");
  const privateNote = await note("PrivateNote", s.other.id, "private");
  const ownPrivate = await note("OwnPrivate", s.member.id, "private");
  const hidden = await note("Hidden", s.other.id);
  const replyToShared = await reply(s, s.member.id, shared, "ReplyToShared");
  const replyToHidden = await reply(s, s.facilitator.id, hidden, "ReplyToHidden");
  const replyInPrivate = await reply(s, s.other.id, privateNote, "ReplyInPrivate");
  const hiddenReply = await reply(s, s.facilitator.id, shared, "HiddenReply");
  const deleted = await note("Deleted", s.other.id);
  const deletedWithReply = await note("DeletedWithReply", s.other.id);
  const replyUnderDeleted = await reply(s, s.member.id, deletedWithReply, "ReplyUnderDeleted");
  await setHidden(s.facilitator.id, s.group.id, hidden, true);
  await setHidden(s.facilitator.id, s.group.id, hiddenReply, true);
  await deleteAnnotation(s.other.id, s.group.id, deleted);
  await deleteAnnotation(s.other.id, s.group.id, deletedWithReply);
  return { shared, question, privateNote, ownPrivate, hidden, replyToShared, replyToHidden, replyInPrivate, hiddenReply, deleted, deletedWithReply, replyUnderDeleted };
}

/** What the rest of the app says: may this person read the note, and is the text open to them? */
async function seenOneByOne(s: Scenario, userId: string, annotationId: string): Promise<boolean> {
  try {
    const annotation = await getAnnotation(userId, s.group.id, annotationId);
    const thread = annotation.threadId ? await db.annotation.findUniqueOrThrow({ where: { id: annotation.threadId }, select: { authorId: true } }) : null;
    return annotation.author.id === userId || thread?.authorId === userId || !(await peekLocked(userId, s.group.id, passage.textId));
  } catch {
    return false;
  }
}

const people = (s: Scenario) => ({ facilitator: s.facilitator, member: s.member, other: s.other, removed: s.removed, outsider: s.outsider });

/** For each note: who finds it by its word, who sees its tag counted, and who may read it one by one. */
async function compare(s: Scenario, notes: Record<string, string>) {
  const bySearch: Record<string, string[]> = {};
  const byTags: Record<string, string[]> = {};
  const oneByOne: Record<string, string[]> = {};
  const everyTag: Record<string, string[]> = {};
  for (const [who, p] of Object.entries(people(s))) {
    const tags = await listTags(p.id, s.group.id).catch((error: unknown) => {
      if (!(error instanceof AppError && error.code === "NOT_FOUND")) throw error;
      return null;
    });
    everyTag[who] = tags?.map((t) => t.tag) ?? [];
  }
  for (const [name, id] of Object.entries(notes)) {
    bySearch[name] = [];
    byTags[name] = [];
    oneByOne[name] = [];
    for (const [who, p] of Object.entries(people(s))) {
      const results = await find(p.id, s.group.id, { q: word(name) }).catch((error: unknown) => {
        if (!(error instanceof AppError && error.code === "NOT_FOUND")) throw error;
        return [];
      });
      // Nothing of the note may show in anyone else's results: not its id, not its words.
      const hits = results.filter((r) => r.id === id);
      if (hits.length) bySearch[name].push(who);
      for (const r of results) if (r.id !== id) expect(r.snippet.toLowerCase()).not.toContain(word(name));
      if (everyTag[who]!.includes(`t-${name.toLowerCase()}`)) byTags[name].push(who);
      if (await seenOneByOne(s, p.id, id)) oneByOne[name].push(who);
    }
  }
  expect(bySearch).toEqual(oneByOne);
  expect(byTags).toEqual(oneByOne);
  return bySearch;
}

describe("search finds only what its reader may see", () => {
  it("agrees with getAnnotation for shared, private, hidden and deleted notes and their replies, in results and in tag counts", async () => {
    const s = await scenario("Search");
    const found = await compare(s, await world(s));
    // A few answers spelled out, so that agreeing on nothing cannot pass.
    expect(found.shared).toEqual(["facilitator", "member", "other"]);
    expect(found.privateNote).toEqual(["other"]);
    expect(found.ownPrivate).toEqual(["member"]);
    expect(found.replyInPrivate).toEqual(["other"]);
    expect(found.hidden).toEqual(["facilitator", "other"]);
    expect(found.hiddenReply).toEqual(["facilitator"]);
    expect(found.deleted).toEqual([]);
    expect(found.replyUnderDeleted).toEqual(["facilitator", "member", "other"]);
  });

  it("keeps the group's notes closed to a member whose week asks them to post first, until they do", async () => {
    const s = await scenario("Search peek");
    await createReading(
      s.facilitator.id,
      s.group.id,
      readingSchema.parse({ text: SLUG, weekOf: "2026-12-07", due: "2026-12-13T18:00", postBeforePeek: true, prompts: [{ body: "What is it for?" }] }),
    );
    // What others wrote before the member posted (the member cannot reply to what they cannot see).
    const note = (name: string, userId: string, visibility: "group" | "private" = "group") =>
      writeNote(passage, s.group.id, userId, { body: body(name), visibility }).then((n) => n.id);
    const notes = {
      shared: await note("Shared", s.other.id),
      chair: await note("Chair", s.facilitator.id),
      ownPrivate: await note("OwnPrivate", s.member.id, "private"),
    };
    const replyToShared = await reply(s, s.facilitator.id, notes.shared, "ReplyToShared");
    const found = await compare(s, { ...notes, replyToShared });
    expect(found.shared).toEqual(["facilitator", "other"]);
    expect(found.ownPrivate).toEqual(["member"]);
    // The text itself stays searchable: only the notes are closed.
    expect((await find(s.member.id, s.group.id, { q: "masses" })).some((r) => r.type === "passage")).toBe(true);
    await writeNote(passage, s.group.id, s.member.id, { body: "My own first thought." });
    expect((await find(s.member.id, s.group.id, { q: word("Shared") })).map((r) => r.id)).toEqual([notes.shared]);
  });

  it("answers 404 to people outside the group, and never shows another group's notes or texts", async () => {
    const s = await scenario("Search A");
    const b = await scenario("Search B");
    await writeNote(passage, b.group.id, b.member.id, { body: body("Elsewhere") });
    const ownText = await addGroupText(b.facilitator.id, b.group.id, { title: "Quiet Book", author: "B", markdown: "A paragraph about zqsecretword and reading.\n" }, { draft: false });
    for (const p of [s.outsider, s.removed, b.member]) {
      await refused(searchGroup(p.id, s.group.id, searchSchema.parse({ q: "organising" })), "NOT_FOUND");
      await refused(listTags(p.id, s.group.id), "NOT_FOUND");
    }
    await refused(searchGroup(s.member.id, "not-a-group-id", searchSchema.parse({ q: "x" })), "NOT_FOUND");
    expect(await find(s.member.id, s.group.id, { q: word("Elsewhere") })).toEqual([]);
    expect(await find(s.member.id, s.group.id, { q: "zqsecretword" })).toEqual([]);
    await refused(searchGroup(s.member.id, s.group.id, searchSchema.parse({ q: "zqsecretword", text: ownText.slug })), "NOT_FOUND");
    await refused(listTags(s.member.id, s.group.id, { text: ownText.slug }), "NOT_FOUND");
    // In its own group, the uploaded text is searched like the shared library.
    const mine = await find(b.member.id, b.group.id, { q: "zqsecretword" });
    expect(mine).toMatchObject([{ type: "passage", textSlug: ownText.slug, textTitle: "Quiet Book" }]);
    expect(mine[0]!.href).toMatch(new RegExp(`^/groups/${b.group.id}/texts/${ownText.slug}\\?at=[a-z0-9-]+#[a-z0-9-]+$`));
    expect((await listTags(s.member.id, s.group.id)).map((t) => t.tag)).not.toContain("t-elsewhere");
  });
});

describe("search reads queries the way people write them", () => {
  it("stems English, folds accents, keeps quoted phrases together and leaves out -words", async () => {
    const s = await scenario("Search words");
    const note = (b: string) => writeNote(passage, s.group.id, s.other.id, { body: b }).then((n) => n.id);
    const organise = await note("Workers organised the strike committee.");
    const accented = await note("Kollontaï on the café and the family.");
    const phrase = await note("Dual power is a passing moment.");
    const scattered = await note("Power is dual, and the hour ends.");
    const ids = async (q: string) => (await find(s.member.id, s.group.id, { q })).filter((r) => r.type !== "passage").map((r) => r.id);
    expect(await ids("organising strikes")).toEqual([organise]);
    expect(await ids("kollontai cafe")).toEqual([accented]);
    expect(await ids("Kollontaï")).toEqual([accented]);
    expect((await ids("dual power")).sort()).toEqual([phrase, scattered].sort());
    expect(await ids('"dual power"')).toEqual([phrase]);
    expect(await ids("dual -passing")).toEqual([scattered]);
    expect(await ids("the")).toEqual([]);
  });

  it("finds passages of the shared library with a link to the paragraph, ranked, each snippet plain text with its words marked", async () => {
    const s = await scenario("Search passages");
    const results = await find(s.member.id, s.group.id, { q: "masses organisation", text: SLUG });
    expect(results.length).toBeGreaterThan(1);
    const first = results[0]!;
    expect(first).toMatchObject({ type: "passage", textSlug: SLUG, kind: null, author: null });
    expect(first.href).toMatch(new RegExp(`^/groups/${s.group.id}/texts/${SLUG}\\?at=([a-z0-9-]+)#\\1$`));
    expect(first.marks.length).toBeGreaterThan(0);
    for (const [start, end] of first.marks) expect(first.snippet.slice(start, end).toLowerCase()).toMatch(/^(mass|organi)/);
    expect(first.snippet).not.toMatch(/[\u0000-\u001f]/);
  });

  it("marks a match deep in a long paragraph, from the words around it", async () => {
    const s = await scenario("Search long paragraph");
    const filler = Array.from({ length: 150 }, (_, i) => `word${i}`).join(" ");
    const text = await addGroupText(s.facilitator.id, s.group.id, { title: "Long Paragraph", author: "A", markdown: `${filler} the zqdeep struggle ${filler}.\n` }, { draft: false });
    const [hit] = await find(s.member.id, s.group.id, { q: "zqdeep", text: text.slug });
    expect(hit!.type).toBe("passage");
    expect(hit!.marks.map(([a, b]) => hit!.snippet.slice(a, b))).toEqual(["zqdeep"]);
    expect(hit!.snippet.length).toBeLessThan(400);
  });

  it("returns a note's markup as plain text: nothing in a body becomes HTML or a mark of its own", async () => {
    const s = await scenario("Search markup");
    const id = (await writeNote(passage, s.group.id, s.other.id, { body: 'zqmarkup <img src=x onerror="alert(1)"> <mark>not</mark> **bold**' })).id;
    const [hit] = await find(s.member.id, s.group.id, { q: "zqmarkup" });
    expect(hit!.id).toBe(id);
    // ts_headline leaves tags out of its fragments; what remains is words, rendered as text.
    expect(hit!.snippet).toBe("zqmarkup not bold");
    expect(hit!.marks).toEqual([[0, "zqmarkup".length]]);
    expect(hit!.href).toBe(`/groups/${s.group.id}/texts/${SLUG}?thread=${id}`);
  });
});

describe("search filters and pages", () => {
  it("filters by kind, question state, author, mine, tag, text and dates, and links a reply to its thread", async () => {
    const s = await scenario("Search filters");
    const comment = (await writeNote(passage, s.group.id, s.other.id, { body: "Filters: zqfilter in a comment. #Strike" })).id;
    const open = (await writeNote(passage, s.group.id, s.other.id, { kind: "question", body: "Is zqfilter open?" })).id;
    const answered = (await writeNote(passage, s.group.id, s.member.id, { kind: "question", body: "Is zqfilter answered?" })).id;
    const answer = await reply(s, s.other.id, answered, "Answer");
    await db.annotation.update({ where: { id: answer }, data: { body: "zqfilter: yes, it is. #strike" } });
    await setAnswer(s.member.id, s.group.id, answered, answer);
    const ids = async (params: Record<string, string>) => (await find(s.member.id, s.group.id, { q: "zqfilter", ...params })).map((r) => r.id).sort();
    expect(await ids({})).toEqual([comment, open, answered, answer].sort());
    expect(await ids({ kind: "comment" })).toEqual([comment]);
    expect(await ids({ kind: "question" })).toEqual([open, answered, answer].sort());
    expect(await ids({ state: "open" })).toEqual([open]);
    expect(await ids({ state: "answered" })).toEqual([answered, answer].sort());
    expect(await ids({ author: s.other.id })).toEqual([comment, open, answer].sort());
    expect(await ids({ mine: "1" })).toEqual([answered]);
    expect(await ids({ tag: "strike" })).toEqual([comment, answer].sort());
    expect(await ids({ tag: "#STRIKE" })).toEqual([comment, answer].sort());
    expect(await ids({ q: "#strike zqfilter" })).toEqual([comment, answer].sort());
    expect(await ids({ text: "the-need-for-a-revolutionary-party" })).toEqual([]);
    expect(await ids({ from: "2000-01-01", to: "2000-12-31" })).toEqual([]);
    const today = new Date().toISOString().slice(0, 10);
    expect(await ids({ from: "2000-01-01", to: "2099-12-31" })).toHaveLength(4);
    expect((await ids({ from: today })).length).toBeGreaterThanOrEqual(0);
    const [hit] = await find(s.member.id, s.group.id, { q: "zqfilter", tag: "strike", kind: "question" });
    expect(hit).toMatchObject({ type: "reply", id: answer, threadKind: "question", href: `/groups/${s.group.id}/texts/${SLUG}?thread=${answered}&reply=${answer}` });
    // Tags alone, with no words: the newest first.
    expect((await find(s.member.id, s.group.id, { tag: "strike" })).map((r) => r.id)).toEqual([answer, comment]);
    // An empty search asks for nothing.
    expect(await find(s.member.id, s.group.id, {})).toEqual([]);
  });

  it("pages by keyset: every result once, in the order of one long page", async () => {
    const s = await scenario("Search pages");
    for (let i = 0; i < 9; i++)
      await writeNote(passage, s.group.id, s.other.id, { body: `zqpage ${"organising ".repeat(i % 3)}note ${i}` });
    const one = await find(s.member.id, s.group.id, { q: "zqpage organising", limit: "50" });
    const paged = await findAll(s.member.id, s.group.id, { q: "zqpage organising", limit: "2" });
    expect(paged.map((r) => r.id)).toEqual(one.map((r) => r.id));
    expect(new Set(paged.map((r) => r.id)).size).toBe(paged.length);
    await refused(searchGroup(s.member.id, s.group.id, searchSchema.parse({ q: "x", cursor: "bm90LWEtY3Vyc29y" })), "BAD_REQUEST");
  });
});

describe("tags", () => {
  it("are the tag field's and the body's #tags, the same in Postgres as in the browser's grammar", async () => {
    const s = await scenario("Tags");
    const bodies = [
      "#Strike at the start, then (#dual-power) and [#the_party], but not a#b, #1917 or # heading",
      "Accents: #Kollontaï #café-society; a URL http://x.org/#frag and ##double",
      `#${"x".repeat(41)} is too long; #${"y".repeat(40)} is not`,
      "Repeated #same #SAME #Same, #ünïcode, #Ärger and #日本語",
    ];
    for (const b of bodies) {
      const input = createAnnotationSchema.parse({
        id: randomUUID(),
        text: SLUG,
        kind: "comment",
        body: b,
        tags: ["#Reading", "week-1"],
        anchor: { versionId: passage.versionId, startBlockId: passage.block.id, startOffset: 0, endBlockId: passage.block.id, endOffset: 5, exact: passage.block.plainText.slice(0, 5) },
      });
      const { annotation } = await createAnnotation(s.member.id, s.group.id, input);
      expect(annotation.fieldTags).toEqual(["reading", "week-1"]);
      expect(annotation.tags).toEqual(noteTags(b, ["reading", "week-1"]));
    }
    expect(noteTags(bodies[0]!, [])).toEqual(["dual-power", "strike", "the_party"]);
    expect(noteTags(bodies[1]!, [])).toEqual(["café-society", "kollontaï"]);
    // Editing the body or the field makes the tags again.
    const note = await writeNote(passage, s.group.id, s.member.id, { body: "Before #old" });
    const edited = await editAnnotation(s.member.id, s.group.id, note.id, { revision: 1, body: "After #new", tags: ["kept"] });
    expect(edited.tags).toEqual(["kept", "new"]);
    expect(await listTags(s.member.id, s.group.id)).toEqual(expect.arrayContaining([{ tag: "reading", count: 4 }, { tag: "kept", count: 1 }]));
    expect((await listTags(s.member.id, s.group.id)).map((t) => t.tag)).not.toContain("old");
    expect(await listTags(s.member.id, s.group.id, { text: "the-need-for-a-revolutionary-party" })).toEqual([]);
  });
});

describe("search in a big group", () => {
  it("ranks the newest matches of a very common word, says so, and still pages through them once each", async () => {
    const s = await scenario("Search capped");
    await db.$executeRaw`
      INSERT INTO "Annotation" (id, "groupId", "textId", "versionId", "authorId", kind, body, visibility, exact, "createdAt", "updatedAt")
      SELECT gen_random_uuid(), ${s.group.id}, ${passage.textId}, ${passage.versionId}, ${s.other.id}, 'comment', 'zqcommon word ' || g, 'group', 'x',
             now() - (g || ' seconds')::interval, now()
      FROM generate_series(1, ${CANDIDATES + 50}) g`;
    const page = await searchGroup(s.member.id, s.group.id, searchSchema.parse({ q: "zqcommon", limit: "5" }));
    expect(page.capped).toBe(true);
    expect(page.results).toHaveLength(5);
    expect((await searchGroup(s.member.id, s.group.id, searchSchema.parse({ q: "zqcommon 17" }))).capped).toBe(false);
    // Filters alone walk every note, newest first, a page at a time.
    const all = await findAll(s.member.id, s.group.id, { tag: "none-such" });
    expect(all).toEqual([]);
    const newest = await find(s.member.id, s.group.id, { author: s.other.id, limit: "3" });
    expect(newest.map((r) => r.snippet)).toEqual(["zqcommon word 1", "zqcommon word 2", "zqcommon word 3"]);
  });
});
