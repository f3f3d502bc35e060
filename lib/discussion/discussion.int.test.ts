// Threads, notifications and digests on a real database: what each person sees and
// hears about, and that mail goes out once.
import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { loadTexts } from "@/lib/content/load";
import { countAnnotationsByText, createAnnotation, deleteAnnotation, editAnnotation, getAnnotation, listAnnotations, setHidden } from "@/lib/annotations/annotations";
import { toThreadCollection } from "@/lib/annotations/jsonld";
import { addMember, makeUser, refused, scenario } from "@/lib/groups/test-fixtures";
import { removeMember } from "@/lib/groups/groups";
import { mailPending } from "./digest";
import { listNotifications, markRead, setEmailFrequency, unreadCount } from "./inbox";
import { createDiscussion, createReply, getThread, setAnswer, setFollow, setReaction, setResolved } from "./threads";

const SLUG = "organisation-of-the-masses";
let anchor: { versionId: string; startBlockId: string; startOffset: number; endBlockId: string; endOffset: number; exact: string };

beforeAll(async () => {
  await loadTexts(db);
  const text = await db.text.findUniqueOrThrow({ where: { slug: SLUG }, select: { currentVersionId: true } });
  const block = (await db.block.findMany({ where: { versionId: text.currentVersionId! }, orderBy: { position: "asc" } })).find((b) => b.plainText.length > 80)!;
  anchor = { versionId: text.currentVersionId!, startBlockId: block.id, startOffset: 0, endBlockId: block.id, endOffset: 40, exact: block.plainText.slice(0, 40) };
});

async function threadWorld() {
  const s = await scenario("Talk");
  const note = async (userId: string, body: string, kind: "comment" | "question" = "comment") =>
    (await createAnnotation(userId, s.group.id, { id: randomUUID(), text: SLUG, kind, color: null, body, visibility: "group", anchor })).annotation;
  const reply = async (userId: string, parentId: string, body: string) =>
    (await createReply(userId, s.group.id, parentId, { id: randomUUID(), body })).reply;
  return { s, note, reply };
}

const inbox = async (userId: string) => (await listNotifications(userId)).items;

describe("replies", () => {
  it("come back as the thread reads them, field for field, with one event, the writer following and the right people told", async () => {
    const { s, note, reply } = await threadWorld();
    const root = await note(s.member.id, "A note to answer.");
    const outsider = await makeUser("Gone");
    await addMember(s.group.id, outsider.id);
    await setFollow(outsider.id, s.group.id, root.id, true);
    await removeMember(s.facilitator.id, s.group.id, outsider.id);
    const before = (await db.group.findUniqueOrThrow({ where: { id: s.group.id } })).eventSeq;
    const first = await reply(s.other.id, root.id, "A first answer, with “quotes”.");
    const thread = await getThread(s.other.id, s.group.id, root.id);
    expect(first).toEqual(thread.replies.find((r) => r.id === first.id));
    const events = await db.event.findMany({ where: { groupId: s.group.id, seq: { gt: before } } });
    expect(events.map((e) => [e.kind, e.annotationId, e.threadId, e.actorId])).toEqual([["annotation.created", first.id, root.id, s.other.id]]);
    expect(await db.threadFollow.count({ where: { threadId: root.id, userId: s.other.id, following: true } })).toBe(1);
    // The note's author is told; the writer is not, nor someone who left the group.
    const told = async (id: string) => db.notification.findMany({ where: { annotationId: id }, select: { userId: true, kind: true, threadId: true } });
    expect(await told(first.id)).toEqual([{ userId: s.member.id, kind: "reply", threadId: root.id }]);
    // A reply to the reply: both followers are told, each once.
    const second = await reply(s.facilitator.id, first.id, "And a reply to that.");
    expect((await told(second.id)).map((n) => n.userId).sort()).toEqual([s.member.id, s.other.id].sort());
    expect(second).toEqual((await getThread(s.member.id, s.group.id, root.id)).replies.find((r) => r.id === second.id));
  });

  it("read back as one note reads, field for field: reactions, answers, hidden replies as each reader may see them", async () => {
    const { s, note, reply } = await threadWorld();
    const root = await note(s.member.id, "A question of method.", "question");
    const r1 = await reply(s.other.id, root.id, "Read it twice.");
    const r2 = await reply(s.member.id, r1.id, "Which part?");
    await setReaction(s.other.id, s.group.id, root.id, "agree", true);
    await setReaction(s.facilitator.id, s.group.id, r1.id, "agree", true);
    await setAnswer(s.member.id, s.group.id, root.id, r1.id);
    await setHidden(s.facilitator.id, s.group.id, r2.id, true);
    const single = async (userId: string, id: string) => {
      const view: Partial<Awaited<ReturnType<typeof getAnnotation>>> = await getAnnotation(userId, s.group.id, id);
      delete view.textSlug;
      return view;
    };
    for (const reader of [s.member, s.other, s.facilitator]) {
      const thread = await getThread(reader.id, s.group.id, root.id);
      expect(thread.thread).toEqual({ ...(await single(reader.id, root.id)), replyCount: thread.replies.filter((r) => !r.deleted).length });
      for (const r of thread.replies.filter((r) => !r.deleted)) expect(r).toEqual(await single(reader.id, r.id));
      expect(thread.text).toEqual({ slug: SLUG, title: expect.any(String) });
      expect(thread.facilitator).toBe(reader.id === s.facilitator.id);
    }
    // The hidden reply: its author and facilitators read it, the others not at all (nothing under it).
    const ids = async (userId: string) => (await getThread(userId, s.group.id, root.id)).replies.map((r) => r.id);
    expect(await ids(s.member.id)).toEqual([r1.id, r2.id]);
    expect(await ids(s.facilitator.id)).toEqual([r1.id, r2.id]);
    expect(await ids(s.other.id)).toEqual([r1.id]);
    expect((await getThread(s.other.id, s.group.id, root.id)).thread.replyCount).toBe(1);
    expect((await getThread(s.member.id, s.group.id, root.id)).following).toBe(true);
  });

  it("nest, count, and keep a deleted note or reply as a placeholder while it has replies", async () => {
    const { s, note, reply } = await threadWorld();
    const root = await note(s.member.id, "Why this word?");
    const r1 = await reply(s.other.id, root.id, "Because of the translation.");
    const r2 = await reply(s.member.id, r1.id, "Which one?");
    await reply(s.facilitator.id, root.id, "Let's ask at the meeting.");
    const thread = await getThread(s.other.id, s.group.id, root.id);
    expect(thread.replies.map((r) => [r.parentId, r.body])).toEqual([
      [root.id, "Because of the translation."],
      [r1.id, "Which one?"],
      [root.id, "Let's ask at the meeting."],
    ]);
    expect(thread.thread.replyCount).toBe(3);
    expect((await listAnnotations(s.other.id, s.group.id, SLUG)).annotations.find((a) => a.id === root.id)!.replyCount).toBe(3);
    // Replies never show up as notes of their own in the margin.
    expect((await listAnnotations(s.other.id, s.group.id, SLUG)).annotations.map((a) => a.id)).toEqual([root.id]);

    await deleteAnnotation(s.other.id, s.group.id, r1.id);
    await deleteAnnotation(s.member.id, s.group.id, root.id);
    const after = await getThread(s.other.id, s.group.id, root.id);
    expect(after.thread).toMatchObject({ deleted: true, body: "", author: { id: "", name: "" } });
    expect(after.replies.map((r) => [r.id, r.deleted, r.body])).toEqual([
      [r1.id, true, ""],
      [r2.id, false, "Which one?"],
      [expect.any(String), false, "Let's ask at the meeting."],
    ]);
    const margin = (await listAnnotations(s.other.id, s.group.id, SLUG)).annotations;
    expect(margin).toHaveLength(1);
    expect(margin[0]).toMatchObject({ id: root.id, deleted: true, body: "", replyCount: 2 });

    // Once nothing readable hangs under it, a deleted reply goes.
    await deleteAnnotation(s.member.id, s.group.id, r2.id);
    expect((await getThread(s.other.id, s.group.id, root.id)).replies.map((r) => r.body)).toEqual(["Let's ask at the meeting."]);
  });

  it("refuse deleted, highlighted, hidden and other people's private notes, storing nothing", async () => {
    const { s, note } = await threadWorld();
    const gone = await note(s.member.id, "Soon gone.");
    await deleteAnnotation(s.member.id, s.group.id, gone.id);
    const mine = (await createAnnotation(s.member.id, s.group.id, { id: randomUUID(), text: SLUG, kind: "comment", color: null, body: "Mine only.", visibility: "private", anchor })).annotation;
    const highlight = (await createAnnotation(s.member.id, s.group.id, { id: randomUUID(), text: SLUG, kind: "highlight", color: "yellow", body: "", visibility: "group", anchor })).annotation;
    const count = await db.annotation.count();
    await refused(createReply(s.other.id, s.group.id, gone.id, { id: randomUUID(), body: "Hello?" }), "NOT_FOUND");
    await refused(createReply(s.other.id, s.group.id, mine.id, { id: randomUUID(), body: "Hello?" }), "NOT_FOUND");
    expect((await refused(createReply(s.other.id, s.group.id, highlight.id, { id: randomUUID(), body: "Hello?" }), "CONFLICT")).message).toMatch(/highlight/);
    expect(await db.annotation.count()).toBe(count);
  });

  it("are stored once when sent twice, and a reply's id can't be reused elsewhere", async () => {
    const { s, note } = await threadWorld();
    const root = await note(s.member.id, "A note.");
    const id = randomUUID();
    const results = await Promise.all([1, 2, 3].map(() => createReply(s.other.id, s.group.id, root.id, { id, body: "Once." })));
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(await db.annotation.count({ where: { id } })).toBe(1);
    await refused(createReply(s.member.id, s.group.id, root.id, { id, body: "Me too." }), "CONFLICT");
  });

  it("export as W3C annotations with motivation replying, each targeting its parent", async () => {
    const { s, note, reply } = await threadWorld();
    const root = await note(s.member.id, "First.");
    const r1 = await reply(s.other.id, root.id, "Second.");
    const r2 = await reply(s.member.id, r1.id, "Third.");
    const thread = await getThread(s.member.id, s.group.id, root.id);
    const where = { origin: "https://circle.example", groupId: s.group.id, textSlug: SLUG, threadId: root.id };
    const collection = toThreadCollection([thread.thread, ...thread.replies], where);
    const iri = (id: string) => `https://circle.example/api/groups/${s.group.id}/annotations/${id}`;
    expect(collection.total).toBe(3);
    expect(collection.first.items.map((i) => [i.id, i.motivation, typeof i.target === "string" ? i.target : "passage"])).toEqual([
      [iri(root.id), "commenting", "passage"],
      [iri(r1.id), "replying", iri(root.id)],
      [iri(r2.id), "replying", iri(r1.id)],
    ]);
  });
});

describe("discussions of a whole text", () => {
  it("are titled threads listed apart from the margin notes", async () => {
    const { s, reply } = await threadWorld();
    const { discussion } = await createDiscussion(s.member.id, s.group.id, { id: randomUUID(), text: SLUG, kind: "question", title: "What is the argument?", body: "In one line?" });
    await reply(s.other.id, discussion.id, "Organise first.");
    const general = (await listAnnotations(s.other.id, s.group.id, SLUG, "text")).annotations;
    expect(general.map((d) => [d.title, d.replyCount, d.target])).toEqual([["What is the argument?", 1, "text"]]);
    expect((await listAnnotations(s.other.id, s.group.id, SLUG)).annotations).toEqual([]);
    await refused(listAnnotations(s.outsider.id, s.group.id, SLUG, "text"), "NOT_FOUND");
  });
});

describe("questions", () => {
  it("are open until an answer is marked or they are resolved; reopening clears the answer", async () => {
    const { s, note, reply } = await threadWorld();
    const q = await note(s.member.id, "Who wrote the preface?", "question");
    const answer = await reply(s.other.id, q.id, "Engels.");
    expect((await setAnswer(s.member.id, s.group.id, q.id, answer.id)).thread).toMatchObject({ answerId: answer.id, resolved: false });
    await refused(setAnswer(s.other.id, s.group.id, q.id, null), "NOT_FOUND");
    expect((await setResolved(s.facilitator.id, s.group.id, q.id, false)).thread).toMatchObject({ answerId: null, resolved: false });
    expect((await setResolved(s.member.id, s.group.id, q.id, true)).thread).toMatchObject({ resolved: true });
    // A comment has no answer to mark.
    const c = await note(s.member.id, "Just a comment.");
    const r = await reply(s.other.id, c.id, "Reply.");
    await refused(setAnswer(s.member.id, s.group.id, c.id, r.id), "NOT_FOUND");
  });
});

describe("the group page's counts", () => {
  it("count notes on the words, and open questions there and in the general discussion", async () => {
    const { s, note, reply } = await threadWorld();
    const open = await note(s.member.id, "Still open?", "question");
    const answered = await note(s.member.id, "Answered?", "question");
    const r = await reply(s.other.id, answered.id, "Yes.");
    await setAnswer(s.member.id, s.group.id, answered.id, r.id);
    await note(s.other.id, "A comment.");
    await createDiscussion(s.other.id, s.group.id, { id: randomUUID(), text: SLUG, kind: "question", title: "Big question", body: "Why?" });
    expect(await countAnnotationsByText(s.facilitator.id, s.group.id)).toEqual({ [SLUG]: { notes: 3, openQuestions: 2 } });
    await setResolved(s.member.id, s.group.id, open.id, true);
    expect((await countAnnotationsByText(s.facilitator.id, s.group.id))[SLUG]).toEqual({ notes: 3, openQuestions: 1 });
  });
});

describe("reactions", () => {
  it("are one of each kind per person, toggled idempotently, with who reacted", async () => {
    const { s, note } = await threadWorld();
    const n = await note(s.member.id, "A point.");
    for (let i = 0; i < 5; i += 1) await setReaction(s.other.id, s.group.id, n.id, "same", true);
    await setReaction(s.facilitator.id, s.group.id, n.id, "same", true);
    const reactions = await setReaction(s.other.id, s.group.id, n.id, "insightful", true);
    expect(reactions).toEqual([
      { kind: "same", people: [{ id: s.other.id, name: s.other.name }, { id: s.facilitator.id, name: s.facilitator.name }] },
      { kind: "insightful", people: [{ id: s.other.id, name: s.other.name }] },
    ]);
    await setReaction(s.other.id, s.group.id, n.id, "same", false);
    await setReaction(s.other.id, s.group.id, n.id, "same", false);
    expect(await db.reaction.count({ where: { annotationId: n.id } })).toBe(2);
  });
});

describe("notifications", () => {
  it("tell the note's author and followers of a reply, mentioned members of a mention, and nobody twice", async () => {
    const { s, note, reply } = await threadWorld();
    const n = await note(s.member.id, "A note.");
    await reply(s.other.id, n.id, `Agreed — @${s.facilitator.name}, @${s.outsider.name} and @Nobody, what do you think?`);
    expect((await inbox(s.member.id)).map((i) => [i.kind, i.line])).toEqual([["reply", `${s.other.name} replied to your note`]]);
    expect((await inbox(s.facilitator.id)).map((i) => i.kind)).toEqual(["mention"]);
    expect(await inbox(s.outsider.id), "a non-member's name is plain text").toEqual([]);
    expect(await inbox(s.other.id), "never about one's own words").toEqual([]);
    // The facilitator replies: the member (author) and the other member (who replied, so follows) hear.
    await reply(s.facilitator.id, n.id, "Let's discuss.");
    expect((await inbox(s.other.id)).map((i) => i.line)).toEqual([`${s.facilitator.name} replied in a thread you follow`]);
    expect(await inbox(s.member.id)).toHaveLength(2);
    // Unfollowing stops thread replies; replying again does not re-follow.
    await setFollow(s.other.id, s.group.id, n.id, false);
    await reply(s.other.id, n.id, "One more thing.");
    await reply(s.member.id, n.id, "Noted.");
    expect(await inbox(s.other.id)).toHaveLength(1);
    // Editing a note to name someone new tells them; editing again does not tell them twice.
    const mine = await note(s.member.id, "Plain.");
    const edited = await editAnnotation(s.member.id, s.group.id, mine.id, { revision: 1, body: `Now with @${s.other.name}` });
    await editAnnotation(s.member.id, s.group.id, mine.id, { revision: edited.revision, body: `Now with @${s.other.name}!` });
    expect((await inbox(s.other.id)).filter((i) => i.kind === "mention")).toHaveLength(1);
  });

  it("never tell anyone about a private thread, and drop out of the inbox of someone who left", async () => {
    const { s, reply } = await threadWorld();
    const secret = (await createAnnotation(s.member.id, s.group.id, { id: randomUUID(), text: SLUG, kind: "comment", color: null, body: `Note to self about @${s.other.name}`, visibility: "private", anchor })).annotation;
    await reply(s.member.id, secret.id, `And @${s.facilitator.name}`);
    expect(await inbox(s.other.id)).toEqual([]);
    expect(await inbox(s.facilitator.id)).toEqual([]);

    const open = (await createAnnotation(s.other.id, s.group.id, { id: randomUUID(), text: SLUG, kind: "comment", color: null, body: "Open.", visibility: "group", anchor })).annotation;
    const late = await makeUser("Late");
    await addMember(s.group.id, late.id);
    await reply(s.member.id, open.id, `@${late.name} welcome`);
    expect(await unreadCount(late.id)).toBe(1);
    await removeMember(s.facilitator.id, s.group.id, late.id);
    expect(await unreadCount(late.id)).toBe(0);
    expect(await inbox(late.id)).toEqual([]);
  });

  it("tell a question's author when someone else marks an answer", async () => {
    const { s, note, reply } = await threadWorld();
    const q = await note(s.member.id, "Where is this quoted from?", "question");
    const r = await reply(s.other.id, q.id, "From the 1902 edition.");
    await setAnswer(s.facilitator.id, s.group.id, q.id, r.id);
    expect((await inbox(s.member.id)).map((i) => i.kind)).toEqual(["answer", "reply"]);
  });

  it("are marked read only by their owner", async () => {
    const { s, note, reply } = await threadWorld();
    const n = await note(s.member.id, "A note.");
    await reply(s.other.id, n.id, "Reply one.");
    await reply(s.other.id, n.id, "Reply two.");
    const [first] = await inbox(s.member.id);
    expect(await markRead(s.other.id, { ids: [first!.id], read: true })).toEqual({ unread: 0 });
    expect(await unreadCount(s.member.id)).toBe(2);
    expect(await markRead(s.member.id, { ids: [first!.id], read: true })).toEqual({ unread: 1 });
    expect(await markRead(s.member.id, { threadId: n.id, read: true })).toEqual({ unread: 0 });
  });
});

describe("email", () => {
  it("a daily digest lists each person's new items once, grouped by group and reading, linking to the thread", async () => {
    const { s, note, reply } = await threadWorld();
    await setEmailFrequency(s.other.id, "daily");
    await setEmailFrequency(s.member.id, "weekly");
    const n = await note(s.member.id, "A note.");
    const r = await reply(s.facilitator.id, n.id, `@${s.other.name} have a look`);
    const sentBefore = await db.outboxMessage.count({ where: { to: s.other.email } });
    const first = await mailPending("daily", { userIds: [s.other.id, s.member.id] });
    expect(first).toEqual({ mails: 1, items: 1 });
    const mails = await db.outboxMessage.findMany({ where: { to: s.other.email }, orderBy: { createdAt: "asc" } });
    expect(mails).toHaveLength(sentBefore + 1);
    const mail = mails.at(-1)!;
    expect(mail.text).toContain(s.group.name);
    expect(mail.text).toContain(`${s.facilitator.name} mentioned you`);
    expect(mail.text).toContain(`/groups/${s.group.id}/texts/${SLUG}?thread=${n.id}&reply=${r.id}`);
    expect(await mailPending("daily", { userIds: [s.other.id] }), "not twice").toEqual({ mails: 0, items: 0 });
    // The weekly reader's item waits for the weekly digest.
    expect(await mailPending("weekly", { userIds: [s.member.id] })).toEqual({ mails: 1, items: 1 });
  });

  it("immediately means one mail as it happens; none means none", async () => {
    const { s, note, reply } = await threadWorld();
    await setEmailFrequency(s.member.id, "immediately");
    await setEmailFrequency(s.other.id, "none");
    const n = await note(s.member.id, "A note.");
    await reply(s.other.id, n.id, "A reply.");
    const mails = await db.outboxMessage.findMany({ where: { to: s.member.email } });
    expect(mails.map((m) => m.subject)).toEqual([`${s.other.name} replied to your note`]);
    await reply(s.member.id, n.id, `Thanks @${s.other.name}`);
    expect(await db.outboxMessage.count({ where: { to: s.other.email } })).toBe(0);
    expect(await mailPending("none")).toEqual({ mails: 0, items: 0 });
  });

  it("a reply hidden by a facilitator leaves the inbox, the unread count and the mail of everyone but its author and the facilitators", async () => {
    const { s, note, reply } = await threadWorld();
    await setEmailFrequency(s.member.id, "daily");
    const n = await note(s.member.id, "A note.");
    await reply(s.facilitator.id, n.id, "A fair reply.");
    const hidden = await reply(s.other.id, n.id, "Something abusive.");
    expect((await inbox(s.member.id)).map((i) => i.excerpt)).toEqual(["Something abusive.", "A fair reply."]);
    await setHidden(s.facilitator.id, s.group.id, hidden.id, true);
    expect((await inbox(s.member.id)).map((i) => i.excerpt)).toEqual(["A fair reply."]);
    expect(await unreadCount(s.member.id)).toBe(1);
    const sentBefore = await db.outboxMessage.count({ where: { to: s.member.email } });
    expect(await mailPending("daily", { userIds: [s.member.id] })).toEqual({ mails: 1, items: 1 });
    const mail = (await db.outboxMessage.findMany({ where: { to: s.member.email }, orderBy: { createdAt: "asc" } })).at(-1)!;
    expect(await db.outboxMessage.count({ where: { to: s.member.email } })).toBe(sentBefore + 1);
    expect(mail.text).toContain("A fair reply.");
    expect(mail.text + mail.html).not.toContain("Something abusive.");
    // Shown again, it is back in the inbox (the mail already went without it).
    await setHidden(s.facilitator.id, s.group.id, hidden.id, false);
    expect(await unreadCount(s.member.id)).toBe(2);
  });

  it("two digest runs at once send each item once", async () => {
    const { s, note, reply } = await threadWorld();
    await setEmailFrequency(s.member.id, "daily");
    const n = await note(s.member.id, "A note.");
    for (let i = 0; i < 3; i += 1) await reply(s.other.id, n.id, `Reply ${i}`);
    const runs = await Promise.all([mailPending("daily", { userIds: [s.member.id] }), mailPending("daily", { userIds: [s.member.id] })]);
    expect(runs.reduce((sum, r) => sum + r.items, 0)).toBe(3);
    expect(await db.outboxMessage.count({ where: { to: s.member.email } })).toBe(1);
  });
});
