// The group's event log on a real Postgres: every change to group data writes one event
// in its own transaction, numbered without gaps per group (also under concurrent writers),
// none for a refused or repeated request, and a NOTIFY that a LISTENing connection hears
// only once the change has committed.
import { randomUUID } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { deleteAnnotation, editAnnotation, restoreAnnotation, setHidden } from "@/lib/annotations/annotations";
import { createDiscussion, createReply, setPinned, setReaction, setResolved } from "@/lib/discussion/threads";
import { scenario, refused, type Scenario } from "@/lib/groups/test-fixtures";
import { createReading, deleteReading } from "@/lib/readings/readings";
import { readingSchema } from "@/lib/readings/schemas";
import { EVENTS_CHANNEL } from "./events";
import { SLUG, loadPassage, writeNote, type Passage } from "./test-fixtures";


const listener = new pg.Client({ connectionString: process.env.DATABASE_URL });
const heard: { groupId: string; seq: number }[] = [];
beforeAll(async () => {
  await listener.connect();
  listener.on("notification", (message) => heard.push(JSON.parse(message.payload!)));
  await listener.query(`LISTEN ${EVENTS_CHANNEL}`);
});
afterAll(() => listener.end());

let passage: Passage;
beforeAll(async () => {
  passage = await loadPassage();
});

const note = (s: Scenario, userId: string, visibility: "group" | "private" = "group", kind: "comment" | "question" = "comment") =>
  writeNote(passage, s.group.id, userId, { body: "A note.", visibility, kind });

const events = (groupId: string) => db.event.findMany({ where: { groupId }, orderBy: { seq: "asc" } });
const waitFor = async (check: () => boolean) => {
  for (let i = 0; i < 100 && !check(); i++) await new Promise((r) => setTimeout(r, 20));
  return check();
};

describe("the event log", () => {
  it("writes one numbered event per change, naming what changed and never its words", async () => {
    const s = await scenario("Events");
    const comment = await note(s, s.member.id);
    await editAnnotation(s.member.id, s.group.id, comment.id, { revision: comment.revision, body: "Edited." });
    const reply = (await createReply(s.other.id, s.group.id, comment.id, { id: randomUUID(), body: "A reply." })).reply;
    await setReaction(s.facilitator.id, s.group.id, comment.id, "agree", true);
    await setReaction(s.facilitator.id, s.group.id, comment.id, "agree", true); // a repeat is no news
    await setPinned(s.facilitator.id, s.group.id, comment.id, true);
    await deleteAnnotation(s.other.id, s.group.id, reply.id);
    await restoreAnnotation(s.other.id, s.group.id, reply.id);
    await setHidden(s.facilitator.id, s.group.id, comment.id, true);
    const discussion = (await createDiscussion(s.member.id, s.group.id, { id: randomUUID(), text: SLUG, kind: "question", title: "Why?", body: "Why now?" })).discussion;
    await setResolved(s.member.id, s.group.id, discussion.id, true);
    const reading = await createReading(s.facilitator.id, s.group.id, readingSchema.parse({ text: SLUG, weekOf: "2026-12-07", due: "2026-12-13T18:00" }));
    await deleteReading(s.facilitator.id, s.group.id, reading.id);

    const log = await events(s.group.id);
    expect(log.map((e) => [e.seq, e.kind, e.annotationId ?? e.readingId, e.actorId])).toEqual([
      [1, "annotation.created", comment.id, s.member.id],
      [2, "annotation.updated", comment.id, s.member.id],
      [3, "annotation.created", reply.id, s.other.id],
      [4, "reaction", comment.id, s.facilitator.id],
      [5, "thread.updated", comment.id, s.facilitator.id],
      [6, "annotation.deleted", reply.id, s.other.id],
      [7, "annotation.created", reply.id, s.other.id],
      [8, "annotation.hidden", comment.id, s.facilitator.id],
      [9, "annotation.created", discussion.id, s.member.id],
      [10, "thread.updated", discussion.id, s.member.id],
      [11, "reading.created", reading.id, s.facilitator.id],
      [12, "reading.deleted", reading.id, s.facilitator.id],
    ]);
    expect(log[2]!.threadId).toBe(comment.id);
    expect(log.every((e) => e.onlyUserId === null)).toBe(true);
    expect((await db.group.findUniqueOrThrow({ where: { id: s.group.id } })).eventSeq).toBe(12);
  });

  it("marks a private note, and replies in it, as its author's alone", async () => {
    const s = await scenario("Events");
    const mine = await note(s, s.member.id, "private");
    await createReply(s.member.id, s.group.id, mine.id, { id: randomUUID(), body: "A thought to myself." });
    expect((await events(s.group.id)).map((e) => e.onlyUserId)).toEqual([s.member.id, s.member.id]);
  });

  it("records nothing for a refused change", async () => {
    const s = await scenario("Events");
    const comment = await note(s, s.member.id);
    await refused(editAnnotation(s.other.id, s.group.id, comment.id, { revision: comment.revision, body: "Not mine." }), "NOT_FOUND");
    await refused(setPinned(s.member.id, s.group.id, comment.id, true), "NOT_FOUND");
    await refused(deleteAnnotation(s.outsider.id, s.group.id, comment.id), "NOT_FOUND");
    await refused(editAnnotation(s.member.id, s.group.id, comment.id, { revision: comment.revision + 5, body: "Stale." }), "CONFLICT");
    expect((await events(s.group.id)).map((e) => e.seq)).toEqual([1]);
  });

  it("numbers concurrent writers' events without gaps or repeats, each group on its own", async () => {
    const s = await scenario("Events");
    const t = await scenario("Events");
    await Promise.all([
      ...Array.from({ length: 12 }, (_, i) => note(s, i % 2 ? s.member.id : s.other.id)),
      ...Array.from({ length: 5 }, () => note(t, t.member.id)),
    ]);
    expect((await events(s.group.id)).map((e) => e.seq)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    expect((await events(t.group.id)).map((e) => e.seq)).toEqual([1, 2, 3, 4, 5]);
  });

  it("announces each committed event on the channel, and nothing for a rolled-back one", async () => {
    const s = await scenario("Events");
    heard.length = 0;
    await note(s, s.member.id);
    expect(await waitFor(() => heard.some((h) => h.groupId === s.group.id))).toBe(true);
    expect(heard.filter((h) => h.groupId === s.group.id)).toEqual([{ groupId: s.group.id, seq: 1 }]);

    // A transaction that records an event and then fails is never announced.
    const { recordEvent } = await import("./events");
    await expect(
      db.$transaction(async (tx) => {
        await recordEvent(tx, { groupId: s.group.id, kind: "annotation.created", actorId: s.member.id });
        throw new Error("rolled back");
      }),
    ).rejects.toThrow("rolled back");
    await note(s, s.member.id);
    expect(await waitFor(() => heard.filter((h) => h.groupId === s.group.id).length >= 2)).toBe(true);
    expect(heard.filter((h) => h.groupId === s.group.id).map((h) => h.seq)).toEqual([1, 2]);
    expect((await events(s.group.id)).map((e) => e.seq)).toEqual([1, 2]);
  });
});
