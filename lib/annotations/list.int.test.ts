// The notes list is one SQL statement (lib/annotations/list.ts). Here it is held to the
// rules as Prisma filters state them (seenBy / visibleTo / replyVisibleTo, peekLocked)
// and to toView's shape, field for field, for every reader of a group whose notes cover
// the cases: shared, private, hidden, deleted with and without readable replies, hidden
// replies, reactions and mentions, an orphan, the general discussion, and a week that
// asks members to post before they peek.
import { randomUUID } from "node:crypto";
import { brotliDecompressSync } from "node:zlib";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { db } from "@/lib/db";
import { readingSchema } from "@/lib/readings/schemas";
import { createReading } from "@/lib/readings/readings";
import { createDiscussion, createReply, setReaction } from "@/lib/discussion/threads";
import { peekLocked } from "@/lib/readings/readings";
import { addMember, makeUser, scenario, type Scenario } from "@/lib/groups/test-fixtures";
import { loadPassage, SLUG, writeNote, type Passage } from "@/lib/realtime/test-fixtures";
import { annotationView, deleteAnnotation, editAnnotation, replyVisibleTo, restoreAnnotation, seenBy, setHidden, toView, visibleTo } from "./annotations";
import { annotationListBody, listAnnotations, listAnnotationsJson, SHARED_LIST_MS } from "./list";

let passage: Passage;
beforeAll(async () => {
  passage = await loadPassage();
});

/** The list as the Prisma filters and toView describe it: what list.ts must equal. */
async function reference(userId: string, groupId: string, target: "passage" | "text" = "passage") {
  const text = await db.text.findUniqueOrThrow({ where: { slug: SLUG }, select: { id: true, slug: true, currentVersionId: true } });
  const locked = await peekLocked(userId, groupId, text.id);
  const where = { groupId, textId: text.id, threadId: null, target, ...(locked ? { authorId: userId } : {}) };
  const rows = await db.annotation.findMany({ where: { ...where, ...visibleTo(userId) }, select: annotationView });
  const placeholders = await db.annotation.findMany({
    where: { ...where, deletedAt: { not: null }, ...seenBy(userId), threadReplies: { some: replyVisibleTo(userId) } },
    select: annotationView,
  });
  const counts = await db.annotation.groupBy({
    by: ["threadId"],
    where: { groupId, textId: text.id, kind: "reply", target, ...replyVisibleTo(userId), ...(locked ? { thread: { authorId: userId } } : {}) },
    _count: { _all: true },
  });
  const replies = new Map(counts.map((c) => [c.threadId, c._count._all]));
  const all = [...rows, ...placeholders].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || (a.id < b.id ? -1 : 1));
  const { eventSeq } = await db.group.findUniqueOrThrow({ where: { id: groupId }, select: { eventSeq: true } });
  return {
    text: { slug: text.slug, versionId: text.currentVersionId },
    annotations: all.map((row) => ({ ...toView(row, { replyCount: replies.get(row.id) ?? 0 }), mentions: toView(row).deleted ? [] : sortById(toView(row).mentions) })),
    locked,
    seq: eventSeq,
  };
}
const sortById = <T extends { id: string }>(list: T[]) => [...list].sort((a, b) => (a.id < b.id ? -1 : 1));
const normalise = (list: Awaited<ReturnType<typeof listAnnotations>>) => ({
  ...list,
  annotations: list.annotations.map((a) => ({ ...a, mentions: sortById(a.mentions) })),
});

async function world(): Promise<{ s: Scenario; ids: Record<"shared" | "question" | "privateNote" | "hidden" | "highlight" | "goneWithReplies" | "gone", string> }> {
  const s = await scenario("List");
  const { member, other, facilitator, group } = s;
  const shared = await writeNote(passage, group.id, member.id, { body: `Shared, for @${other.name}.` });
  const question = await writeNote(passage, group.id, other.id, { kind: "question", body: "Why *this*?" });
  const privateNote = await writeNote(passage, group.id, member.id, { visibility: "private", body: "Mine alone." });
  const hidden = await writeNote(passage, group.id, other.id, { body: "Hidden by the facilitator." });
  const highlight = await writeNote(passage, group.id, facilitator.id, { kind: "highlight" });
  const goneWithReplies = await writeNote(passage, group.id, other.id, { body: "Deleted, but answered." });
  const goneHiddenReplies = await writeNote(passage, group.id, other.id, { body: "Deleted; its one reply hidden." });
  const gone = await writeNote(passage, group.id, member.id, { body: "Simply deleted." });
  const orphan = await writeNote(passage, group.id, member.id, { body: "Lost its words." });
  await setHidden(facilitator.id, group.id, hidden.id, true);
  const reply = (parent: string, by: string, body: string) => createReply(by, group.id, parent, { id: randomUUID(), body }).then((r) => r.reply.id);
  await reply(shared.id, other.id, "A reply.");
  const hiddenReply = await reply(shared.id, facilitator.id, "A reply the facilitator hides.");
  await setHidden(facilitator.id, group.id, hiddenReply, true);
  const mineHidden = await reply(question.id, member.id, "My reply, hidden.");
  await setHidden(facilitator.id, group.id, mineHidden, true);
  await reply(goneWithReplies.id, member.id, "Answered before it went.");
  const lone = await reply(goneHiddenReplies.id, member.id, "Hidden afterwards.");
  await setHidden(facilitator.id, group.id, lone, true);
  for (const id of [goneWithReplies.id, goneHiddenReplies.id]) await deleteAnnotation(other.id, group.id, id);
  await deleteAnnotation(member.id, group.id, gone.id);
  await db.annotation.update({ where: { id: orphan.id }, data: { anchorState: "orphan", startBlockId: null, startOffset: null } });
  for (const [who, kind] of [[other.id, "agree"], [facilitator.id, "agree"], [member.id, "same"], [other.id, "thinking"]] as const)
    await setReaction(who, group.id, question.id, kind, true);
  await setReaction(member.id, group.id, goneWithReplies.id, "agree", true).catch(() => undefined);
  await createDiscussion(facilitator.id, group.id, { id: randomUUID(), text: SLUG, kind: "question", title: "What is organisation for?", body: "Start here." });
  return { s, ids: { shared: shared.id, question: question.id, privateNote: privateNote.id, hidden: hidden.id, highlight: highlight.id, goneWithReplies: goneWithReplies.id, gone: gone.id } };
}

describe("the notes list in one statement", () => {
  it("equals the Prisma filters and toView for every reader, field for field", async () => {
    const { s } = await world();
    for (const reader of [s.member, s.other, s.facilitator])
      for (const target of ["passage", "text"] as const)
        expect(normalise(await listAnnotations(reader.id, s.group.id, SLUG, target)), `${reader.name}, ${target}`).toEqual(
          await reference(reader.id, s.group.id, target),
        );
  });

  it("stays equal as the group writes: each change read again from the log, nothing stale", async () => {
    const { s, ids } = await world();
    const readers = [s.member, s.other, s.facilitator];
    const check = async (after: string) => {
      for (const reader of readers)
        expect(normalise(await listAnnotations(reader.id, s.group.id, SLUG)), `${reader.name} after ${after}`).toEqual(await reference(reader.id, s.group.id));
    };
    await check("the first read");
    const changes: [string, () => Promise<unknown>][] = [
      ["a new note", () => writeNote(passage, s.group.id, s.other.id, { body: "Arrived later." })],
      ["an edit", () => editAnnotation(s.member.id, s.group.id, ids.shared, { revision: 1, body: `Edited, naming @${s.facilitator.name}.` })],
      ["a reply", () => createReply(s.facilitator.id, s.group.id, ids.question, { id: randomUUID(), body: "An answer." })],
      ["a hidden note", () => setHidden(s.facilitator.id, s.group.id, ids.question, true)],
      ["a note shown again", () => setHidden(s.facilitator.id, s.group.id, ids.question, false)],
      ["a reaction", () => setReaction(s.member.id, s.group.id, ids.shared, "heart", true)],
      ["a deletion", () => deleteAnnotation(s.member.id, s.group.id, ids.shared)],
      ["a restore", () => restoreAnnotation(s.member.id, s.group.id, ids.shared)],
      ["a deleted answered note", () => deleteAnnotation(s.other.id, s.group.id, ids.question)],
    ];
    for (const [what, change] of changes) {
      await change();
      await check(what);
    }
  });

  it("shows placeholders only for deleted notes with readable replies, and counts only readable replies", async () => {
    const { s, ids } = await world();
    const other = await listAnnotations(s.other.id, s.group.id, SLUG);
    const byId = new Map(other.annotations.map((a) => [a.id, a]));
    expect(byId.get(ids.goneWithReplies)).toMatchObject({ deleted: true, body: "", author: { id: "", name: "" }, reactions: [], replyCount: 1 });
    expect(byId.has(ids.gone)).toBe(false);
    expect(byId.has(ids.privateNote)).toBe(false);
    expect(byId.get(ids.shared)!.replyCount).toBe(1);
    const facilitator = await listAnnotations(s.facilitator.id, s.group.id, SLUG);
    expect(facilitator.annotations.find((a) => a.id === ids.shared)!.replyCount).toBe(2);
    expect(facilitator.annotations.find((a) => a.id === ids.hidden)!.hidden).toBe(true);
    const question = other.annotations.find((a) => a.id === ids.question)!;
    expect(question.reactions.map((r) => [r.kind, r.people.map((p) => p.name)])).toEqual([
      ["agree", [s.other.name, s.facilitator.name]],
      ["same", [s.member.name]],
      ["thinking", [s.other.name]],
    ]);
  });

  it("keeps a member's week closed until they post, and says so, in the same answer as the event number", async () => {
    const { s } = await world();
    const fresh = await (async () => {
      const { createGroup } = await import("@/lib/groups/groups");
      const group = await createGroup(s.facilitator.id, { name: `Peek ${randomUUID().slice(0, 6)}`, description: "" });
      await db.membership.create({ data: { groupId: group.id, userId: s.member.id, role: "member" } });
      return group;
    })();
    await createReading(s.facilitator.id, fresh.id, readingSchema.parse({ text: SLUG, weekOf: "2026-12-07", due: "2026-12-08T19:00", postBeforePeek: true }));
    const theirs = await writeNote(passage, fresh.id, s.facilitator.id, { body: "The facilitator's." });
    const locked = await listAnnotations(s.member.id, fresh.id, SLUG);
    expect(locked.locked).toBe(true);
    expect(locked.annotations).toEqual([]);
    expect(normalise(locked)).toEqual(await reference(s.member.id, fresh.id));
    await writeNote(passage, fresh.id, s.member.id, { body: "Now I have written." });
    const open = await listAnnotations(s.member.id, fresh.id, SLUG);
    expect(open.locked).toBe(false);
    expect(open.annotations.map((a) => a.id)).toContain(theirs.id);
    expect(open.seq).toBe((await db.group.findUniqueOrThrow({ where: { id: fresh.id } })).eventSeq);
  });

  it("is NOT_FOUND for outsiders, removed members, unknown texts and malformed ids, and its JSON is the list", async () => {
    const { s } = await world();
    for (const [user, group, slug, what] of [
      [s.outsider.id, s.group.id, SLUG, "group"],
      [s.removed.id, s.group.id, SLUG, "group"],
      [s.member.id, s.group.id, "no-such-text", "text"],
      [s.member.id, "not a group id", SLUG, "group"],
    ] as const)
      await expect(listAnnotationsJson(user, group, slug)).rejects.toMatchObject({ code: "NOT_FOUND", message: `That ${what} was not found.` });
    expect(JSON.parse((await listAnnotationsJson(s.member.id, s.group.id, SLUG)).toString("utf8"))).toEqual(await listAnnotations(s.member.id, s.group.id, SLUG));
  });
});

describe("the list rendered once for members in general", () => {
  afterEach(() => vi.restoreAllMocks());
  const json = (body: Buffer) => JSON.parse(body.toString("utf8")) as Awaited<ReturnType<typeof listAnnotations>>;

  it("is one body for every member with nothing of their own that others cannot see, and never for those who have", async () => {
    const { s, ids } = await world();
    const plain = await makeUser("Plain");
    const alsoPlain = await makeUser("Also plain");
    for (const u of [plain, alsoPlain]) await addMember(s.group.id, u.id);
    const first = await annotationListBody(plain.id, s.group.id, SLUG, null);
    expect(json(first)).toEqual(await listAnnotations(plain.id, s.group.id, SLUG));
    // The same bytes for the next member: rendered once.
    expect(await annotationListBody(alsoPlain.id, s.group.id, SLUG, null)).toBe(first);
    // The member with a private note (and a hidden reply) and the one with a hidden note get their own, with what is theirs.
    const member = await annotationListBody(s.member.id, s.group.id, SLUG, null);
    expect(member).not.toBe(first);
    expect(json(member)).toEqual(await listAnnotations(s.member.id, s.group.id, SLUG));
    expect(json(member).annotations.map((a) => a.id)).toContain(ids.privateNote);
    expect(json(first).annotations.map((a) => a.id)).not.toContain(ids.privateNote);
    const other = await annotationListBody(s.other.id, s.group.id, SLUG, null);
    expect(json(other).annotations.map((a) => a.id)).toContain(ids.hidden);
    expect(json(first).annotations.map((a) => a.id)).not.toContain(ids.hidden);
    // Facilitators see hidden notes: their list is never the members' one.
    const lead = await makeUser("Co-facilitator");
    await addMember(s.group.id, lead.id, "facilitator");
    const facilitators = await annotationListBody(lead.id, s.group.id, SLUG, null);
    expect(json(facilitators)).toEqual(await listAnnotations(lead.id, s.group.id, SLUG));
    expect(json(facilitators).annotations.map((a) => a.id)).toContain(ids.hidden);
    // Compressed once, and the same list.
    const br = await annotationListBody(alsoPlain.id, s.group.id, SLUG, "br");
    expect(brotliDecompressSync(br).equals(first)).toBe(true);
    expect(await annotationListBody(plain.id, s.group.id, SLUG, "br")).toBe(br);
    // Outsiders and removed members still meet the door.
    for (const user of [s.outsider, s.removed])
      await expect(annotationListBody(user.id, s.group.id, SLUG, null)).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("is rendered again once the group's log moves on: nobody gets a list older than the latest change", async () => {
    const { s } = await world();
    const plain = await makeUser("Plain");
    await addMember(s.group.id, plain.id);
    const before = await annotationListBody(plain.id, s.group.id, SLUG, null);
    const later = await writeNote(passage, s.group.id, s.other.id, { body: "Arrived a moment later." });
    const after = await annotationListBody(plain.id, s.group.id, SLUG, null);
    expect(after).not.toBe(before);
    const seq = (await db.group.findUniqueOrThrow({ where: { id: s.group.id } })).eventSeq;
    expect(json(after).seq).toBe(seq);
    expect(json(after).annotations.map((a) => a.id)).toContain(later.id);
    expect(json(after)).toEqual(await listAnnotations(plain.id, s.group.id, SLUG));
    vi.spyOn(Date, "now").mockReturnValue(Date.now() + SHARED_LIST_MS + 1);
    expect(json(await annotationListBody(plain.id, s.group.id, SLUG, null))).toEqual(json(after));
  });

  it("is never older than one's own last change: a member sees their note at once", async () => {
    const { s } = await world();
    const [writer, reader] = [await makeUser("Writer"), await makeUser("Reader")];
    for (const u of [writer, reader]) await addMember(s.group.id, u.id);
    const before = await annotationListBody(reader.id, s.group.id, SLUG, null);
    expect(await annotationListBody(writer.id, s.group.id, SLUG, null)).toBe(before);
    const mine = await writeNote(passage, s.group.id, writer.id, { body: "Mine, just now." });
    const seq = (await db.group.findUniqueOrThrow({ where: { id: s.group.id } })).eventSeq;
    const theirs = json(await annotationListBody(writer.id, s.group.id, SLUG, null));
    expect(theirs.seq).toBe(seq);
    expect(theirs.annotations.map((a) => a.id)).toContain(mine.id);
    // The fresh list is now the one shared: the reader gets it too.
    expect(json(await annotationListBody(reader.id, s.group.id, SLUG, null))).toEqual(theirs);
  });

  it("is never the members' list for one whom the week keeps from others' notes", async () => {
    const { s } = await world();
    const { createGroup } = await import("@/lib/groups/groups");
    const fresh = await createGroup(s.facilitator.id, { name: `Peek ${randomUUID().slice(0, 6)}`, description: "" });
    const [early, late] = [await makeUser("Early"), await makeUser("Late")];
    for (const u of [early, late]) await addMember(fresh.id, u.id);
    await createReading(s.facilitator.id, fresh.id, readingSchema.parse({ text: SLUG, weekOf: "2026-12-07", due: "2026-12-08T19:00", postBeforePeek: true }));
    await writeNote(passage, fresh.id, s.facilitator.id, { body: "The facilitator's." });
    await writeNote(passage, fresh.id, early.id, { body: "Posted, so I may look." });
    const open = json(await annotationListBody(early.id, fresh.id, SLUG, null));
    expect(open.locked).toBe(false);
    expect(open.annotations).toHaveLength(2);
    const closed = json(await annotationListBody(late.id, fresh.id, SLUG, null));
    expect(closed.locked).toBe(true);
    expect(closed.annotations).toEqual([]);
  });
});
