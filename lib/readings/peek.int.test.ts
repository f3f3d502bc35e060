// "Post before you peek" in every path that reads notes: a member whose week asks them to
// write first sees nothing of the others' notes on the text — not one note by its id, not
// a count on the group's page or the schedule, not a reaction or a follow, not a reply
// target, not an inbox line or a mail, not an id in the event stream — until they write.
import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { countAnnotationsByText, editAnnotation, getAnnotation } from "@/lib/annotations/annotations";
import { mailPending } from "@/lib/discussion/digest";
import { listNotifications, unreadCount } from "@/lib/discussion/inbox";
import { createDiscussion, createReply, setFollow, setReaction } from "@/lib/discussion/threads";
import { refused, scenario } from "@/lib/groups/test-fixtures";
import { openStream } from "@/lib/realtime/stream";
import { SLUG, loadPassage, writeNote, type Passage } from "@/lib/realtime/test-fixtures";
import { recentActivity } from "./activity";
import { lockedTexts, peekLocked } from "./peek";
import { createReading, listReadings } from "./readings";
import { readingSchema } from "./schemas";

let passage: Passage;
beforeAll(async () => {
  passage = await loadPassage();
});

/** A group whose week asks members to post first, with a note, a prompt answer and a reply by `other` naming `member`. */
async function lockedWorld() {
  const s = await scenario("Peek");
  const reading = await createReading(
    s.facilitator.id,
    s.group.id,
    readingSchema.parse({ text: SLUG, weekOf: "2026-12-07", due: "2026-12-13T18:00", postBeforePeek: true, prompts: [{ body: "What is it for?" }] }),
  );
  const others = await writeNote(passage, s.group.id, s.other.id, { body: "The other's first thought.", kind: "question" });
  const answer = await createDiscussion(s.other.id, s.group.id, { id: randomUUID(), text: SLUG, kind: "comment", promptId: reading.prompts[0]!.id, body: "My answer." });
  const facilitators = await writeNote(passage, s.group.id, s.facilitator.id, { body: "Note from the chair." });
  await createReply(s.facilitator.id, s.group.id, others.id, { id: randomUUID(), body: `@${s.member.name} what do you think?` });
  return { s, reading, others, answer: answer.discussion, facilitators };
}

describe("post before you peek holds in every read path", () => {
  it("keeps one note, counts, reactions, follows and replies closed to a member who has not posted, and opens them once they do", async () => {
    const { s, others, answer, facilitators } = await lockedWorld();
    expect(await peekLocked(s.member.id, s.group.id, passage.textId)).toBe(true);
    expect(await lockedTexts(s.member.id)).toEqual([{ groupId: s.group.id, textId: passage.textId }]);
    expect(await lockedTexts(s.other.id)).toEqual([]);

    // One note, by its id: as absent as a note that does not exist.
    await refused(getAnnotation(s.member.id, s.group.id, others.id), "NOT_FOUND");
    await refused(getAnnotation(s.member.id, s.group.id, facilitators.id), "NOT_FOUND");
    await refused(setReaction(s.member.id, s.group.id, others.id, "agree", true), "NOT_FOUND");
    await refused(setFollow(s.member.id, s.group.id, others.id, true), "NOT_FOUND");
    await refused(createReply(s.member.id, s.group.id, others.id, { id: randomUUID(), body: "Replying blind." }), "NOT_FOUND");
    expect(await db.reaction.count({ where: { annotationId: others.id } })).toBe(0);
    expect(await db.threadFollow.count({ where: { threadId: others.id, userId: s.member.id } })).toBe(0);

    // Counts: the group's page, the schedule's prompt answers, the recent activity.
    expect(await countAnnotationsByText(s.member.id, s.group.id)).toEqual({});
    const schedule = await listReadings(s.member.id, s.group.id);
    expect(schedule.readings[0]!.prompts[0]!.answers).toBe(0);
    expect(await recentActivity(s.member.id, s.group.id)).toEqual([]);
    // Others see it all.
    expect((await countAnnotationsByText(s.other.id, s.group.id))[SLUG]).toEqual({ notes: 2, openQuestions: 1 });
    expect((await listReadings(s.other.id, s.group.id)).readings[0]!.prompts[0]!.answers).toBe(1);

    // The member writes: everything opens.
    await writeNote(passage, s.group.id, s.member.id, { body: "Mine first." });
    expect(await peekLocked(s.member.id, s.group.id, passage.textId)).toBe(false);
    expect(await lockedTexts(s.member.id)).toEqual([]);
    expect((await getAnnotation(s.member.id, s.group.id, others.id)).body).toBe("The other's first thought.");
    expect(await setReaction(s.member.id, s.group.id, others.id, "agree", true)).toEqual([{ kind: "agree", people: [{ id: s.member.id, name: s.member.name }] }]);
    expect(await setFollow(s.member.id, s.group.id, others.id, true)).toEqual({ following: true });
    expect((await countAnnotationsByText(s.member.id, s.group.id))[SLUG]).toEqual({ notes: 3, openQuestions: 1 });
    expect((await listReadings(s.member.id, s.group.id)).readings[0]!.prompts[0]!.answers).toBe(1);
    expect((await recentActivity(s.member.id, s.group.id, 20)).map((a) => a.id)).toContain(answer.id);
  });

  it("keeps others' threads out of a locked member's inbox, unread count and mail until they post", async () => {
    const { s } = await lockedWorld();
    // The facilitator's reply named the member: a notification exists, but it is about a text closed to them.
    expect(await db.notification.count({ where: { userId: s.member.id, kind: "mention" } })).toBe(1);
    const inbox = await listNotifications(s.member.id);
    expect(inbox.items.map((i) => i.kind)).toEqual(["reading"]);
    expect(await unreadCount(s.member.id)).toBe(1);
    const sentBefore = await db.outboxMessage.count({ where: { to: s.member.email } });
    await db.user.update({ where: { id: s.member.id }, data: { emailFrequency: "daily" } });
    await mailPending("daily", { userIds: [s.member.id] });
    const mails = await db.outboxMessage.findMany({ where: { to: s.member.email }, orderBy: { createdAt: "asc" }, skip: sentBefore });
    expect(JSON.stringify(mails)).not.toContain("what do you think");

    await writeNote(passage, s.group.id, s.member.id, { body: "Mine first." });
    expect((await listNotifications(s.member.id)).items.map((i) => i.kind).sort()).toEqual(["mention", "reading"]);
    expect(await unreadCount(s.member.id)).toBe(2);
  });

  it("sends a locked member no word of others' notes changing on the stream, not even their ids", async () => {
    const { s, others } = await lockedWorld();
    const { eventSeq: seq } = await db.group.findUniqueOrThrow({ where: { id: s.group.id }, select: { eventSeq: true } });
    await editAnnotation(s.other.id, s.group.id, others.id, { revision: 1, body: "Only mine now.", visibility: "private" });
    const text = await readAll(await openStream(s.member.id, s.group.id, { lastEventId: String(seq), until: "now" }));
    expect(text).not.toContain(others.id);
    expect(text).toContain(`id: ${seq + 1}\n`);
    // A member the text is open to is told the note is gone, by its id.
    const facilitator = await readAll(await openStream(s.facilitator.id, s.group.id, { lastEventId: String(seq), until: "now" }));
    expect(facilitator).toContain("annotation.gone");
    expect(facilitator).toContain(others.id);
  });
});

async function readAll(stream: ReadableStream<Uint8Array>): Promise<string> {
  let text = "";
  const decoder = new TextDecoder();
  const reader = stream.getReader();
  for (let next = await reader.read(); !next.done; next = await reader.read()) text += decoder.decode(next.value, { stream: true });
  return text;
}
