// The notes list is one SQL statement (lib/annotations/list.ts). Here it is held to the
// rules as Prisma filters state them (seenBy / visibleTo / replyVisibleTo, peekLocked)
// and to toView's shape, field for field, for every reader of a group whose notes cover
// the cases: shared, private, hidden, deleted with and without readable replies, hidden
// replies, reactions and mentions, an orphan, the general discussion, and a week that
// asks members to post before they peek.
import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { readingSchema } from "@/lib/readings/schemas";
import { createReading } from "@/lib/readings/readings";
import { createDiscussion, createReply, setReaction } from "@/lib/discussion/threads";
import { peekLocked } from "@/lib/readings/readings";
import { scenario, type Scenario } from "@/lib/groups/test-fixtures";
import { loadPassage, SLUG, writeNote, type Passage } from "@/lib/realtime/test-fixtures";
import { annotationView, deleteAnnotation, editAnnotation, replyVisibleTo, restoreAnnotation, seenBy, setHidden, toView, visibleTo } from "./annotations";
import { listAnnotations, listAnnotationsJson } from "./list";

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
