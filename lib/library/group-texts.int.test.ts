// A group's own texts against a real Postgres: who may add and change them, that they are
// readable only through their group and only by its members (every path that takes a
// text's slug), drafts, retiring, and notes carried over when the text is edited.
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { createAnnotation } from "@/lib/annotations/annotations";
import { listAnnotations } from "@/lib/annotations/list";
import { createDiscussion, listTextReplies } from "@/lib/discussion/threads";
import { beHere } from "@/lib/realtime/presence";
import { createReading } from "@/lib/readings/readings";
import { readingSchema } from "@/lib/readings/schemas";
import { updateGroup } from "@/lib/groups/groups";
import { groupPatchSchema, groupSchema } from "@/lib/groups/schemas";
import { outcome, refused, scenario, type Scenario } from "@/lib/groups/test-fixtures";
import { addGroupText, discardDraft, getEditableText, listGroupTextsForEditing, previewSource, retireGroupText, saveGroupText } from "./group-texts";
import { getReadingText, listLibrary } from "./queries";

const P1 = "The first paragraph says that a study group reads slowly and together, week by week, and writes in the margins.";
const P2 = "The second paragraph argues that a note belongs to its passage, wherever the passage goes when the text is edited.";
const P3 = "The third paragraph closes the chapter with a short remark about meetings.";
const SOURCE = { title: "On Reading Together", author: "A. Member", markdown: `# Chapter One\n\n${P1}\n\n${P2}\n\n# Chapter Two\n\n${P3}\n` };

async function published(s: Scenario) {
  return addGroupText(s.facilitator.id, s.group.id, SOURCE, { draft: false });
}

async function blocksOf(slug: string) {
  const text = await db.text.findUniqueOrThrow({ where: { slug }, select: { currentVersionId: true } });
  const blocks = await db.block.findMany({ where: { versionId: text.currentVersionId! }, orderBy: { position: "asc" }, select: { id: true, plainText: true, kind: true } });
  return { versionId: text.currentVersionId!, blocks };
}

function noteOn(slug: string, versionId: string, block: { id: string; plainText: string }, quote: string) {
  const from = block.plainText.indexOf(quote);
  return {
    id: randomUUID(),
    text: slug,
    kind: "comment" as const,
    color: null,
    body: "A note on this.",
    visibility: "group" as const,
    anchor: { versionId, startBlockId: block.id, startOffset: from, endBlockId: block.id, endOffset: from + quote.length, exact: quote },
  };
}

describe("adding a text to a group", () => {
  it("facilitators add; members only where the group allows it; outsiders and removed members find no group", async () => {
    const s = await scenario();
    expect(await outcome(() => addGroupText(s.facilitator.id, s.group.id, SOURCE, { draft: false }))).toBe("ok");
    for (const who of [s.member, s.outsider, s.removed]) expect(await outcome(() => addGroupText(who.id, s.group.id, SOURCE, { draft: false }))).toBe("NOT_FOUND");
    await db.group.update({ where: { id: s.group.id }, data: { membersAddTexts: true } });
    expect(await outcome(() => addGroupText(s.member.id, s.group.id, SOURCE, { draft: false }))).toBe("ok");
    for (const who of [s.outsider, s.removed]) expect(await outcome(() => addGroupText(who.id, s.group.id, SOURCE, { draft: false }))).toBe("NOT_FOUND");
    expect(await db.text.count({ where: { groupId: s.group.id } })).toBe(2);
  });

  it("the group's settings let members add texts (the form's checkbox, or the API), and only facilitators change that", async () => {
    const s = await scenario();
    const form = (fields: Record<string, string>) => groupSchema.parse({ name: s.group.name, description: "", timeZone: "UTC", ...fields });
    await updateGroup(s.facilitator.id, s.group.id, form({ membersAddTexts: "on" }));
    expect(await outcome(() => addGroupText(s.member.id, s.group.id, SOURCE, { draft: true }))).toBe("ok");
    await updateGroup(s.facilitator.id, s.group.id, form({})); // an unticked box sends nothing
    expect(await outcome(() => addGroupText(s.member.id, s.group.id, SOURCE, { draft: true }))).toBe("NOT_FOUND");
    expect(await outcome(() => updateGroup(s.member.id, s.group.id, groupPatchSchema.parse({ membersAddTexts: true })))).toBe("NOT_FOUND");
    expect(await outcome(() => addGroupText(s.member.id, s.group.id, SOURCE, { draft: true }))).toBe("NOT_FOUND");
    expect(() => groupPatchSchema.parse({ membersAddTexts: "yes please" })).toThrow();
  });

  it("publishes the paragraph split the preview showed, and keeps the Markdown for editing", async () => {
    const s = await scenario();
    const preview = previewSource(SOURCE);
    const text = await published(s);
    expect(text.blocks).toEqual(preview.blocks);
    expect(text.blocks.map((b) => b.kind)).toEqual(["heading", "paragraph", "paragraph", "heading", "paragraph"]);
    const editable = await getEditableText(s.facilitator.id, s.group.id, text.slug);
    expect(editable).toMatchObject({ published: true, hasDraft: false, versionNumber: 1, source: { title: SOURCE.title, author: SOURCE.author, markdown: SOURCE.markdown } });
  });

  it("refuses source the parser cannot take, with the problem on the Markdown field and nothing written", async () => {
    const s = await scenario();
    const error = await refused(addGroupText(s.facilitator.id, s.group.id, { ...SOURCE, markdown: "A note[^1] that has no footnote." }, { draft: false }), "BAD_REQUEST");
    expect(error.details?.fieldErrors?.markdown?.[0]).toMatch(/Footnote reference \[\^1\] has no note/);
    expect(await db.text.count({ where: { groupId: s.group.id } })).toBe(0);
  });
});

describe("a group's text is readable only through its group, by its members", () => {
  it("every path that takes a text's slug finds it for members of its group and for nobody else", async () => {
    const s = await scenario();
    const { slug } = await published(s);
    const { versionId, blocks } = await blocksOf(slug);
    const paragraph = blocks.find((b) => b.plainText === P1)!;
    const b = await scenario("Other circle");

    // Reading it.
    expect(await getReadingText(slug)).toBeNull();
    expect((await getReadingText(slug, s.group.id, s.member.id))?.title).toBe(SOURCE.title);
    expect(await getReadingText(slug, s.group.id, s.outsider.id)).toBeNull();
    expect(await getReadingText(slug, s.group.id, s.removed.id)).toBeNull();
    expect(await getReadingText(slug, b.group.id, b.facilitator.id)).toBeNull();

    // Listing it.
    expect((await listLibrary()).some((t) => t.slug === slug)).toBe(false);
    expect((await listLibrary({ groupId: s.group.id, userId: s.member.id })).find((t) => t.slug === slug)).toMatchObject({ own: true });
    expect((await listLibrary({ groupId: b.group.id, userId: b.member.id })).some((t) => t.slug === slug)).toBe(false);
    expect((await listLibrary({ groupId: s.group.id, userId: b.member.id })).some((t) => t.slug === slug)).toBe(false);

    // Writing on it, from the other group: the text is not found there.
    await refused(createAnnotation(b.member.id, b.group.id, noteOn(slug, versionId, paragraph, "reads slowly")), "NOT_FOUND");
    await refused(listAnnotations(b.member.id, b.group.id, slug), "NOT_FOUND");
    await refused(listTextReplies(b.member.id, b.group.id, slug), "NOT_FOUND");
    await refused(createDiscussion(b.member.id, b.group.id, { id: randomUUID(), text: slug, kind: "comment", title: "About it", body: "Hello." }), "NOT_FOUND");
    const week = readingSchema.parse({ text: slug, weekOf: "2026-12-07", due: "2026-12-08T19:00" });
    const refusal = await refused(createReading(b.facilitator.id, b.group.id, week), "BAD_REQUEST");
    expect(refusal.details?.fieldErrors?.text).toBeDefined();
    await refused(beHere(b.member.id, b.group.id, { text: slug, blockId: paragraph.id }), "NOT_FOUND");
    expect(await db.presence.count({ where: { groupId: b.group.id } })).toBe(0);
    expect(await db.annotation.count({ where: { groupId: b.group.id } })).toBe(0);

    // And in its own group, the same calls work.
    await createAnnotation(s.member.id, s.group.id, noteOn(slug, versionId, paragraph, "reads slowly"));
    expect((await listAnnotations(s.member.id, s.group.id, slug)).annotations).toHaveLength(1);
    await createDiscussion(s.member.id, s.group.id, { id: randomUUID(), text: slug, kind: "comment", title: "About it", body: "Hello." });
    await createReading(s.facilitator.id, s.group.id, week);
    // A removed member reads nothing of it.
    await refused(listAnnotations(s.removed.id, s.group.id, slug), "NOT_FOUND");
  });
});

describe("drafts, editing and retiring", () => {
  it("a draft is nobody's reading until it is published", async () => {
    const s = await scenario();
    const draft = await addGroupText(s.facilitator.id, s.group.id, SOURCE, { draft: true, notes: ["Line 3 looks like a heading."] });
    expect(draft).toMatchObject({ draft: true, versionId: null });
    expect(await getReadingText(draft.slug, s.group.id, s.facilitator.id)).toBeNull();
    expect((await listLibrary({ groupId: s.group.id, userId: s.facilitator.id })).some((t) => t.slug === draft.slug)).toBe(false);
    expect(await getEditableText(s.facilitator.id, s.group.id, draft.slug)).toMatchObject({ published: false, hasDraft: true, notes: ["Line 3 looks like a heading."] });
    await refused(getEditableText(s.member.id, s.group.id, draft.slug), "NOT_FOUND");

    await saveGroupText(s.facilitator.id, s.group.id, draft.slug, { ...SOURCE, title: "Reading Together" }, { publish: false });
    expect((await getEditableText(s.facilitator.id, s.group.id, draft.slug)).source.title).toBe("Reading Together");
    const done = await saveGroupText(s.facilitator.id, s.group.id, draft.slug, { ...SOURCE, title: "Reading Together" }, { publish: true });
    expect(done).toMatchObject({ draft: false, versionNumber: 1 });
    expect((await getReadingText(draft.slug, s.group.id, s.member.id))?.title).toBe("Reading Together");
    expect(await getEditableText(s.facilitator.id, s.group.id, draft.slug)).toMatchObject({ hasDraft: false, published: true });
  });

  it("an edit keeps each note on its own passage: split by a new paragraph break, or moved to another chapter", async () => {
    const s = await scenario();
    const { slug } = await published(s);
    const { versionId, blocks } = await blocksOf(slug);
    const p1 = blocks.find((b) => b.plainText === P1)!;
    const p2 = blocks.find((b) => b.plainText === P2)!;
    const split = await createAnnotation(s.member.id, s.group.id, noteOn(slug, versionId, p1, "writes in the margins"));
    const moved = await createAnnotation(s.member.id, s.group.id, noteOn(slug, versionId, p2, "a note belongs to its passage"));

    // The first paragraph is split in two; the second moves into chapter two.
    const [head, tail] = [P1.slice(0, P1.indexOf(" week by week")), P1.slice(P1.indexOf("week by week"))];
    const edited = `# Chapter One\n\n${head}.\n\n${tail.charAt(0).toUpperCase()}${tail.slice(1)}\n\n# Chapter Two\n\n${P3}\n\n${P2}\n`;
    const result = await saveGroupText(s.facilitator.id, s.group.id, slug, { ...SOURCE, markdown: edited }, { publish: true });
    expect(result.versionNumber).toBe(2);
    expect(result.reanchored?.orphan).toBe(0);

    const after = await blocksOf(slug);
    for (const [note, quote] of [
      [split.annotation, "writes in the margins"],
      [moved.annotation, "a note belongs to its passage"],
    ] as const) {
      const row = await db.annotation.findUniqueOrThrow({ where: { id: note.id }, select: { versionId: true, startBlockId: true, startOffset: true, endOffset: true, exact: true, anchorState: true } });
      expect(row.versionId).toBe(after.versionId);
      expect(row.anchorState).not.toBe("orphan");
      const block = after.blocks.find((b) => b.id === row.startBlockId)!;
      expect(block.plainText.slice(row.startOffset!, row.endOffset!)).toBe(quote);
    }
  });

  it("only its editors change a text; a retired text leaves the library and the pickers but keeps its notes, and comes back", async () => {
    const s = await scenario();
    const { slug } = await published(s);
    for (const who of [s.member, s.outsider, s.removed]) {
      expect(await outcome(() => saveGroupText(who.id, s.group.id, slug, SOURCE, { publish: true }))).toBe("NOT_FOUND");
      expect(await outcome(() => retireGroupText(who.id, s.group.id, slug, true))).toBe("NOT_FOUND");
    }
    const b = await scenario("Other circle");
    expect(await outcome(() => retireGroupText(b.facilitator.id, b.group.id, slug, true))).toBe("NOT_FOUND");
    expect(await outcome(() => retireGroupText(b.facilitator.id, s.group.id, slug, true))).toBe("NOT_FOUND");

    const { versionId, blocks } = await blocksOf(slug);
    await createAnnotation(s.member.id, s.group.id, noteOn(slug, versionId, blocks.find((x) => x.plainText === P1)!, "reads slowly"));
    await retireGroupText(s.facilitator.id, s.group.id, slug, true);
    expect((await listLibrary({ groupId: s.group.id, userId: s.member.id })).some((t) => t.slug === slug)).toBe(false);
    expect(await getReadingText(slug, s.group.id, s.member.id)).toMatchObject({ retired: true });
    expect((await listAnnotations(s.member.id, s.group.id, slug)).annotations).toHaveLength(1);
    await retireGroupText(s.facilitator.id, s.group.id, slug, false);
    expect((await listLibrary({ groupId: s.group.id, userId: s.member.id })).some((t) => t.slug === slug)).toBe(true);
  });

  it("a member who may add texts edits their own, not others'", async () => {
    const s = await scenario();
    await db.group.update({ where: { id: s.group.id }, data: { membersAddTexts: true } });
    const theirs = await published(s);
    const mine = await addGroupText(s.member.id, s.group.id, SOURCE, { draft: false });
    expect(await outcome(() => retireGroupText(s.member.id, s.group.id, mine.slug, true))).toBe("ok");
    expect(await outcome(() => retireGroupText(s.member.id, s.group.id, theirs.slug, true))).toBe("NOT_FOUND");
    expect((await listGroupTextsForEditing(s.member.id, s.group.id)).map((t) => t.slug)).toEqual([mine.slug]);
    expect((await listGroupTextsForEditing(s.facilitator.id, s.group.id)).map((t) => t.slug).sort()).toEqual([mine.slug, theirs.slug].sort());
    // Once the group stops letting members add texts, their own are the facilitators' to change.
    await db.group.update({ where: { id: s.group.id }, data: { membersAddTexts: false } });
    expect(await outcome(() => retireGroupText(s.member.id, s.group.id, mine.slug, false))).toBe("NOT_FOUND");
  });

  it("a draft never published can be thrown away; a published text cannot be deleted", async () => {
    const s = await scenario();
    const draft = await addGroupText(s.facilitator.id, s.group.id, SOURCE, { draft: true });
    expect(await discardDraft(s.facilitator.id, s.group.id, draft.slug)).toEqual({ slug: draft.slug, deleted: true });
    const text = await published(s);
    await saveGroupText(s.facilitator.id, s.group.id, text.slug, SOURCE, { publish: false });
    expect(await discardDraft(s.facilitator.id, s.group.id, text.slug)).toEqual({ slug: text.slug, deleted: false });
    expect(await getReadingText(text.slug, s.group.id, s.member.id)).not.toBeNull();
  });

  it("a group deleted with its texts and their notes leaves nothing behind", async () => {
    const s = await scenario();
    const { slug } = await published(s);
    const { versionId, blocks } = await blocksOf(slug);
    await createAnnotation(s.member.id, s.group.id, noteOn(slug, versionId, blocks.find((x) => x.plainText === P1)!, "reads slowly"));
    await db.group.delete({ where: { id: s.group.id } });
    expect(await db.text.count({ where: { slug } })).toBe(0);
    expect(await db.textVersion.count({ where: { id: versionId } })).toBe(0);
  });
});

describe("a long book", () => {
  it("is split into chapters for its members, through the same scope; an edit that adds a chapter makes one more", async () => {
    const s = await scenario();
    const b = await scenario("Other circle");
    const chapter = (n: number) => [`## Chapter ${n}`, ...Array.from({ length: 80 }, (_, p) => `Chapter ${n}, paragraph ${p + 1}: ${P1} ${P2}`)].join("\n\n");
    const markdown = [1, 2, 3, 4, 5, 6].map(chapter).join("\n\n");
    const { slug } = await addGroupText(s.facilitator.id, s.group.id, { title: "A Long Book", markdown }, { draft: false });

    const text = await getReadingText(slug, s.group.id, s.member.id);
    expect(text!.wordCount).toBeGreaterThan(20_000);
    expect(text!.chapters?.map((c) => c.title)).toEqual(["Chapter 1", "Chapter 2", "Chapter 3", "Chapter 4", "Chapter 5", "Chapter 6"]);
    for (const [group, who] of [[s.group.id, s.outsider.id], [s.group.id, s.removed.id], [b.group.id, b.facilitator.id]] as const)
      expect(await getReadingText(slug, group, who)).toBeNull();
    expect(await getReadingText(slug)).toBeNull();

    await saveGroupText(s.facilitator.id, s.group.id, slug, { title: "A Long Book", markdown: `${markdown}\n\n${chapter(7)}` }, { publish: true });
    expect((await getReadingText(slug, s.group.id, s.member.id))!.chapters).toHaveLength(7);
  });
});
