// The live stream decides who may see a note with one query over the group's members
// (lib/realtime/audience.ts); the rest of the app decides it per reader with
// getAnnotation and peekLocked. The two must agree for every kind of note and every
// position a person can hold: held to the same answers here on a real Postgres.
import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { deleteAnnotation, getAnnotation, setHidden } from "@/lib/annotations/annotations";
import { createReply } from "@/lib/discussion/threads";
import { scenario, type Scenario } from "@/lib/groups/test-fixtures";
import { createReading, peekLocked } from "@/lib/readings/readings";
import { readingSchema } from "@/lib/readings/schemas";
import { audienceOf, stillMembers } from "./audience";
import { SLUG, loadPassage, writeNote, type Passage } from "./test-fixtures";


let passage: Passage;
beforeAll(async () => {
  passage = await loadPassage();
});

const note = (s: Scenario, userId: string, visibility: "group" | "private" = "group", kind: "comment" | "highlight" = "comment") =>
  writeNote(passage, s.group.id, userId, { visibility, kind }).then((n) => n.id);

const reply = (s: Scenario, userId: string, parentId: string) => createReply(userId, s.group.id, parentId, { id: randomUUID(), body: "A reply." }).then((r) => r.reply.id);

/** What the rest of the app says: may this person read the note, and is the text open to them? */
async function seenOneByOne(s: Scenario, userId: string, annotationId: string): Promise<boolean> {
  try {
    const annotation = await getAnnotation(userId, s.group.id, annotationId);
    // A reply in one's own thread is read even before posting (as getThread and listAnnotations count it).
    const thread = annotation.threadId ? await db.annotation.findUniqueOrThrow({ where: { id: annotation.threadId }, select: { authorId: true } }) : null;
    return annotation.author.id === userId || thread?.authorId === userId || !(await peekLocked(userId, s.group.id, passage.textId));
  } catch {
    return false;
  }
}

/** A group holding every kind of note the rules tell apart. */
async function world(s: Scenario) {
  const shared = await note(s, s.other.id);
  const highlight = await note(s, s.other.id, "group", "highlight");
  const privateNote = await note(s, s.other.id, "private");
  const hidden = await note(s, s.other.id);
  const replyToShared = await reply(s, s.member.id, shared);
  const replyToHidden = await reply(s, s.facilitator.id, hidden);
  const replyInPrivate = await reply(s, s.other.id, privateNote);
  const hiddenReply = await reply(s, s.member.id, shared);
  const deleted = await note(s, s.other.id);
  const deletedWithReply = await note(s, s.other.id);
  const replyUnderDeleted = await reply(s, s.member.id, deletedWithReply);
  await setHidden(s.facilitator.id, s.group.id, hidden, true);
  await setHidden(s.facilitator.id, s.group.id, hiddenReply, true);
  await deleteAnnotation(s.other.id, s.group.id, deleted);
  await deleteAnnotation(s.other.id, s.group.id, deletedWithReply);
  return { shared, highlight, privateNote, hidden, replyToShared, replyToHidden, replyInPrivate, hiddenReply, deleted, deletedWithReply, replyUnderDeleted };
}

async function compare(s: Scenario, notes: Record<string, string>) {
  const people = { facilitator: s.facilitator, member: s.member, other: s.other, removed: s.removed, outsider: s.outsider };
  const ids = Object.values(people).map((p) => p.id);
  const together: Record<string, string[]> = {};
  const oneByOne: Record<string, string[]> = {};
  for (const [name, id] of Object.entries(notes)) {
    const audience = await audienceOf(s.group.id, id, ids);
    together[name] = Object.entries(people).filter(([, p]) => audience.has(p.id)).map(([who]) => who);
    oneByOne[name] = [];
    for (const [who, p] of Object.entries(people)) if (await seenOneByOne(s, p.id, id)) oneByOne[name].push(who);
  }
  expect(together).toEqual(oneByOne);
  return together;
}

describe("who may see a note, asked for all readers at once", () => {
  it("agrees with getAnnotation for shared, private, hidden, deleted notes and their replies", async () => {
    const s = await scenario("Audience");
    const together = await compare(s, await world(s));
    // A few answers spelled out, so that agreeing on nothing cannot pass.
    expect(together.shared).toEqual(["facilitator", "member", "other"]);
    expect(together.privateNote).toEqual(["other"]);
    expect(together.hidden).toEqual(["facilitator", "other"]);
    expect(together.replyToHidden).toEqual(["facilitator", "other"]);
    expect(together.replyInPrivate).toEqual(["other"]);
    expect(together.hiddenReply).toEqual(["facilitator", "member"]);
    expect(together.deleted).toEqual([]);
    expect(together.replyUnderDeleted).toEqual(["facilitator", "member", "other"]);
  });

  it("agrees with peekLocked while a week asks members to post before they peek", async () => {
    const s = await scenario("Audience");
    await createReading(s.facilitator.id, s.group.id, readingSchema.parse({ text: SLUG, weekOf: "2026-12-07", due: "2026-12-13T18:00", postBeforePeek: true }));
    const first = await note(s, s.other.id);
    const before = await compare(s, { first });
    // "other" wrote it; "member" has not posted; the facilitator sees all.
    expect(before.first).toEqual(["facilitator", "other"]);
    // A reply in the member's own thread is theirs to read even while closed again (their note deleted).
    const theirs = await note(s, s.member.id);
    const onMine = await reply(s, s.other.id, theirs);
    await deleteAnnotation(s.member.id, s.group.id, theirs);
    expect(await peekLocked(s.member.id, s.group.id, passage.textId)).toBe(true);
    expect((await compare(s, { first, onMine })).onMine).toEqual(["facilitator", "member", "other"]);
    // A private note opens nothing; a shared one does.
    await note(s, s.member.id, "private");
    expect((await compare(s, { first })).first).toEqual(["facilitator", "other"]);
    await note(s, s.member.id);
    expect((await compare(s, { first })).first).toEqual(["facilitator", "member", "other"]);
  });

  it("says who could see a note just before it was deleted", async () => {
    const s = await scenario("Audience");
    const ids = [s.facilitator.id, s.member.id, s.other.id];
    const shared = await note(s, s.other.id);
    const hiddenReply = await reply(s, s.member.id, shared);
    await setHidden(s.facilitator.id, s.group.id, hiddenReply, true);
    await deleteAnnotation(s.member.id, s.group.id, hiddenReply);
    expect(await audienceOf(s.group.id, hiddenReply, ids)).toEqual(new Set());
    expect(await audienceOf(s.group.id, hiddenReply, ids, { before: "deletion" })).toEqual(new Set([s.facilitator.id, s.member.id]));
  });

  it("is empty for another group's note, and for nobody asked", async () => {
    const s = await scenario("Audience");
    const elsewhere = await scenario("Audience");
    const theirs = await note(elsewhere, elsewhere.other.id);
    expect(await audienceOf(s.group.id, theirs, [s.facilitator.id, s.member.id, elsewhere.other.id])).toEqual(new Set());
    expect(await audienceOf(s.group.id, theirs, [])).toEqual(new Set());
  });

  it("tells which readers are still members", async () => {
    const s = await scenario("Audience");
    expect(await stillMembers(s.group.id, [s.member.id, s.removed.id, s.outsider.id])).toEqual(new Set([s.member.id]));
  });
});
