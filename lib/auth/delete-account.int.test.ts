// Deleting an account, against a real database: what goes, what stays (and under which
// name), the rule that a group keeps a facilitator, and that a refusal or an error halfway
// leaves every row as it was.
import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { isDatabaseUnavailable } from "@/lib/errors";
import { deleteAnnotation, listAnnotations } from "@/lib/annotations/annotations";
import { createReply, getThread, setFollow, setReaction } from "@/lib/discussion/threads";
import { listNotifications } from "@/lib/discussion/inbox";
import { createGroup } from "@/lib/groups/groups";
import { createInvite } from "@/lib/groups/invites";
import { addMember, freshAddress, makeUser, refused, scenario } from "@/lib/groups/test-fixtures";
import { loadPassage, SLUG, writeNote, type Passage } from "@/lib/realtime/test-fixtures";
import { signUp } from "./accounts";
import { accountDeletionPlan, deleteAccount } from "./delete-account";
import { anonymisedEmail, FORMER_MEMBER } from "./former-member";
import { authorizeWithPassword } from "./options";
import { hashPassword } from "./password";
import { deleteAccountSchema, signUpSchema } from "./schemas";
import { findLiveSession } from "./session";

const PASSWORD = "correct horse battery";
let passage: Passage;
let passwordHash: string;

beforeAll(async () => {
  passage = await loadPassage();
  passwordHash = await hashPassword(PASSWORD);
});

const confirm = (input: { password?: string; email?: string }) => deleteAccountSchema.parse(input);

/**
 * A member ("leaver") with something in every table deletion touches, in a group with a
 * facilitator and another member; plus a second group they facilitate alongside someone
 * else (with an invitation they made) and a third they are alone in.
 */
async function world() {
  const s = await scenario("Leaving");
  const leaver = s.member;
  const email = leaver.email;
  await db.user.update({ where: { id: leaver.id }, data: { passwordHash, emailVerifiedAt: new Date() } });
  const other = s.other;

  const shared = await writeNote(passage, s.group.id, leaver.id, { body: "What does Lenin mean by the masses here?", kind: "question" });
  const otherReply = (await createReply(other.id, s.group.id, shared.id, { id: randomUUID(), body: `I think he means everyone, @${leaver.name}.` })).reply;
  const leaverReply = (await createReply(leaver.id, s.group.id, otherReply.id, { id: randomUUID(), body: "That helps, thank you." })).reply;
  const privateNote = await writeNote(passage, s.group.id, leaver.id, { body: "Only for me.", visibility: "private" });
  const othersNote = await writeNote(passage, s.group.id, other.id, { body: `@${leaver.name} and @${s.facilitator.name}, see this. Mail ${email} if not.` });
  await setReaction(leaver.id, s.group.id, othersNote.id, "insightful", true);
  await setReaction(other.id, s.group.id, othersNote.id, "insightful", true);
  await setFollow(leaver.id, s.group.id, othersNote.id, true);

  const reading = await db.reading.create({
    data: { groupId: s.group.id, textId: passage.textId, weekOf: new Date("2026-12-07"), dueAt: new Date("2026-12-10T18:00:00Z") },
  });
  await db.readingProgress.create({ data: { readingId: reading.id, userId: leaver.id, blocksRead: 3 } });
  await db.presence.create({ data: { groupId: s.group.id, userId: leaver.id, textId: passage.textId, blockId: passage.block.id } });
  const session = await db.authSession.create({ data: { id: randomUUID(), userId: leaver.id } });
  await db.authSession.create({ data: { id: randomUUID(), userId: leaver.id, userAgent: "phone" } });
  await db.oAuthAccount.create({ data: { provider: "github", providerAccountId: randomUUID(), userId: leaver.id } });

  const shared2 = await createGroup(s.facilitator.id, { name: `Co-facilitated ${randomUUID().slice(0, 6)}`, description: "" });
  await addMember(shared2.id, leaver.id, "facilitator");
  await addMember(shared2.id, other.id);
  const invite = await createInvite(leaver.id, shared2.id, { expiresInDays: 7 });
  const alone = await createGroup(leaver.id, { name: `Alone ${randomUUID().slice(0, 6)}`, description: "" });
  const aloneNote = await writeNote(passage, alone.id, leaver.id, { body: "Nobody else is here." });
  // Two notes they deleted themselves: one on its own, one kept as a placeholder for a reply.
  const deletedAlone = await writeNote(passage, s.group.id, leaver.id, { body: "Second thoughts." });
  const deletedAnswered = await writeNote(passage, s.group.id, leaver.id, { body: "Words they took back." });
  await createReply(other.id, s.group.id, deletedAnswered.id, { id: randomUUID(), body: "Still worth answering." });
  await deleteAnnotation(leaver.id, s.group.id, deletedAlone.id);
  await deleteAnnotation(leaver.id, s.group.id, deletedAnswered.id);

  return { ...s, leaver, email, shared, otherReply, leaverReply, privateNote, othersNote, reading, session, shared2, invite, alone, aloneNote, deletedAlone, deletedAnswered };
}

/** Every row deletion may touch, in a stable order: two equal snapshots mean nothing changed. */
async function everything() {
  const by = { orderBy: { createdAt: "asc" as const } };
  return Promise.all([
    db.user.findMany({ orderBy: { id: "asc" } }),
    db.group.findMany({ orderBy: { id: "asc" } }),
    db.membership.findMany({ orderBy: [{ groupId: "asc" }, { userId: "asc" }] }),
    db.invite.findMany({ orderBy: { id: "asc" } }),
    db.annotation.findMany({ orderBy: { id: "asc" } }),
    db.reaction.findMany(by),
    db.mention.findMany({ orderBy: [{ annotationId: "asc" }, { userId: "asc" }] }),
    db.threadFollow.findMany({ orderBy: [{ threadId: "asc" }, { userId: "asc" }] }),
    db.notification.findMany({ orderBy: { id: "asc" } }),
    db.readingProgress.findMany({ orderBy: [{ readingId: "asc" }, { userId: "asc" }] }),
    db.presence.findMany({ orderBy: [{ groupId: "asc" }, { userId: "asc" }] }),
    db.authSession.findMany({ orderBy: { id: "asc" } }),
    db.oAuthAccount.findMany({ orderBy: { providerAccountId: "asc" } }),
    db.event.findMany({ orderBy: [{ groupId: "asc" }, { seq: "asc" }] }),
  ]);
}

describe("deleteAccount", () => {
  it("removes what was only theirs, keeps what they shared under “A former member”, and erases who they were", async () => {
    const w = await world();
    // Warm the others' notes list, so the test also shows that a cached list learns the name.
    expect((await listAnnotations(w.other.id, w.group.id, SLUG)).annotations.find((a) => a.id === w.shared.id)?.author.name).toBe(w.leaver.name);
    expect(await db.notification.count({ where: { userId: w.leaver.id } })).toBeGreaterThan(0);
    const before = await db.event.count({ where: { groupId: w.group.id } });

    await deleteAccount(w.leaver.id, confirm({ password: PASSWORD }));

    const user = await db.user.findUniqueOrThrow({ where: { id: w.leaver.id } });
    expect(user).toMatchObject({
      name: FORMER_MEMBER,
      email: anonymisedEmail(w.leaver.id),
      passwordHash: null,
      emailVerifiedAt: null,
      showPresence: false,
      emailFrequency: "none",
    });
    expect(user.deletedAt).toBeInstanceOf(Date);
    expect(JSON.stringify(user)).not.toContain(w.email);

    // Removed: everything only theirs.
    const mine = { userId: w.leaver.id };
    expect(await db.annotation.count({ where: { id: w.privateNote.id } })).toBe(0);
    expect(await db.annotation.count({ where: { authorId: w.leaver.id, visibility: "private" } })).toBe(0);
    expect(await db.reaction.count({ where: mine })).toBe(0);
    expect(await db.threadFollow.count({ where: mine })).toBe(0);
    expect(await db.notification.count({ where: mine })).toBe(0);
    expect(await db.readingProgress.count({ where: mine })).toBe(0);
    expect(await db.presence.count({ where: mine })).toBe(0);
    expect(await db.authSession.count({ where: mine })).toBe(0);
    expect(await db.oAuthAccount.count({ where: mine })).toBe(0);
    expect(await db.membership.count({ where: mine })).toBe(0);
    expect(await db.invite.count({ where: { createdById: w.leaver.id } })).toBe(0);
    // The group they were alone in closed with its notes; the others carry on.
    expect(await db.group.count({ where: { id: w.alone.id } })).toBe(0);
    expect(await db.annotation.count({ where: { id: w.aloneNote.id } })).toBe(0);
    expect(await db.membership.count({ where: { groupId: w.shared2.id } })).toBe(2);

    // Notes they had deleted: gone, or (kept for a reply) without their words.
    expect(await db.annotation.count({ where: { id: w.deletedAlone.id } })).toBe(0);
    expect(await db.annotation.findUniqueOrThrow({ where: { id: w.deletedAnswered.id } })).toMatchObject({ body: "", title: null, deletedAt: expect.any(Date) });
    expect(await db.annotation.count({ where: { threadId: w.deletedAnswered.id } })).toBe(1);

    // Kept: their shared note and reply, in a thread still whole, under the new name.
    const thread = await getThread(w.other.id, w.group.id, w.shared.id);
    expect(thread.thread).toMatchObject({ body: "What does Lenin mean by the masses here?", author: { id: w.leaver.id, name: FORMER_MEMBER } });
    expect(thread.replies.map((r) => [r.id, r.author.name])).toEqual([
      [w.otherReply.id, w.other.name],
      [w.leaverReply.id, FORMER_MEMBER],
    ]);
    expect(thread.replies[1]).toMatchObject({ parentId: w.otherReply.id, body: "That helps, thank you." });
    const list = await listAnnotations(w.other.id, w.group.id, SLUG);
    expect(list.annotations.find((a) => a.id === w.shared.id)?.author.name).toBe(FORMER_MEMBER);
    expect(JSON.stringify(list)).not.toContain(w.leaver.name);

    // Others' mentions of them read "@A former member"; other names and text are untouched.
    const othersNote = await db.annotation.findUniqueOrThrow({ where: { id: w.othersNote.id }, select: { body: true, revision: true } });
    expect(othersNote.body).toBe(`@${FORMER_MEMBER} and @${w.facilitator.name}, see this. Mail ${w.email} if not.`);
    expect(othersNote.revision).toBe(2);
    const reply = thread.replies[0]!;
    expect(reply.body).toBe(`I think he means everyone, @${FORMER_MEMBER}.`);
    expect(reply.mentions).toEqual([{ id: w.leaver.id, name: FORMER_MEMBER }]);
    // Others' reactions stay; theirs is gone. Open readers hear of both changes.
    const reacted = list.annotations.find((a) => a.id === w.othersNote.id)!;
    expect(reacted.reactions).toEqual([{ kind: "insightful", people: [{ id: w.other.id, name: w.other.name }] }]);
    const events = await db.event.findMany({ where: { groupId: w.group.id, seq: { gt: before } }, select: { kind: true, annotationId: true } });
    expect(events).toEqual(
      expect.arrayContaining([
        { kind: "reaction", annotationId: w.othersNote.id },
        { kind: "annotation.updated", annotationId: w.othersNote.id },
        { kind: "annotation.updated", annotationId: w.otherReply.id },
      ]),
    );

    // Another member's inbox still reads the reply they were sent, from "A former member".
    const othersInbox = await listNotifications(w.other.id);
    expect(othersInbox.items.find((item) => item.excerpt.startsWith("That helps"))?.line).toMatch(new RegExp(`^${FORMER_MEMBER} replied`));
    expect(JSON.stringify(othersInbox)).not.toContain(w.leaver.name);
  });

  it("signs them out everywhere, refuses their password, and frees the address for a new account", async () => {
    const w = await world();
    expect(await findLiveSession(w.session.id)).not.toBeNull();
    await deleteAccount(w.leaver.id, confirm({ password: PASSWORD }));
    expect(await findLiveSession(w.session.id)).toBeNull();
    expect(await authorizeWithPassword({ email: w.email, password: PASSWORD }, freshAddress())).toBeNull();
    // The address is free: a sign-up stores a request to confirm (not "you already have an account").
    await signUp(signUpSchema.parse({ name: "New Me", email: w.email, password: PASSWORD }), freshAddress());
    expect(await db.signUpRequest.count({ where: { email: w.email } })).toBe(1);
    expect(await db.outboxMessage.count({ where: { to: w.email, subject: "Confirm your address for Study Circle" } })).toBe(1);
  });

  it("refuses a wrong password with a field error and changes nothing", async () => {
    const w = await world();
    const before = await everything();
    const error = await refused(deleteAccount(w.leaver.id, confirm({ password: "not my password" })), "BAD_REQUEST");
    expect(error.details?.fieldErrors).toEqual({ password: ["That is not your password."] });
    await refused(deleteAccount(w.leaver.id, confirm({ email: w.email })), "BAD_REQUEST");
    expect(await everything()).toEqual(before);
  });

  it("asks an account without a password for its address instead", async () => {
    const person = await makeUser("Oauth");
    await db.oAuthAccount.create({ data: { provider: "google", providerAccountId: randomUUID(), userId: person.id } });
    const error = await refused(deleteAccount(person.id, confirm({ email: "someone-else@example.org" })), "BAD_REQUEST");
    expect(error.details?.fieldErrors).toEqual({ email: ["Type the address shown above, exactly as it is."] });
    expect(await db.oAuthAccount.count({ where: { userId: person.id } })).toBe(1);
    await deleteAccount(person.id, confirm({ email: `  ${person.email.toUpperCase()} ` }));
    expect(await db.oAuthAccount.count({ where: { userId: person.id } })).toBe(0);
    expect(await db.user.findUniqueOrThrow({ where: { id: person.id } })).toMatchObject({ name: FORMER_MEMBER, email: anonymisedEmail(person.id) });
  });

  it("refuses while they are a group's only facilitator, naming the groups, and changes nothing", async () => {
    const s = await scenario("Facilitated");
    await db.user.update({ where: { id: s.facilitator.id }, data: { passwordHash } });
    const second = await createGroup(s.facilitator.id, { name: `Second ${randomUUID().slice(0, 6)}`, description: "" });
    await addMember(second.id, s.member.id);
    await writeNote(passage, s.group.id, s.facilitator.id, { body: "Welcome, everyone." });

    const plan = await accountDeletionPlan(s.facilitator.id);
    expect(plan.groups.map((g) => [g.name, g.outcome]).sort()).toEqual([[s.group.name, "blocked"], [second.name, "blocked"]].sort());

    const before = await everything();
    const error = await refused(deleteAccount(s.facilitator.id, confirm({ password: PASSWORD })), "CONFLICT");
    expect(error.message).toContain(`“${s.group.name}”`);
    expect(error.message).toContain(`“${second.name}”`);
    expect(await everything()).toEqual(before);

    // With another facilitator in each, it goes through, and the groups carry on.
    await db.membership.updateMany({ where: { userId: s.member.id }, data: { role: "facilitator" } });
    expect((await accountDeletionPlan(s.facilitator.id)).groups.every((g) => g.outcome === "kept")).toBe(true);
    await deleteAccount(s.facilitator.id, confirm({ password: PASSWORD }));
    expect(await db.membership.count({ where: { groupId: { in: [s.group.id, second.id] }, role: "facilitator" } })).toBe(2);
  });

  it("counts what stays and what goes for the confirmation step", async () => {
    const w = await world();
    const plan = await accountDeletionPlan(w.leaver.id);
    expect(plan).toMatchObject({ sharedNotes: 1, sharedReplies: 1, privateNotes: 1 });
    expect(Object.fromEntries(plan.groups.map((g) => [g.id, g.outcome]))).toEqual({ [w.group.id]: "kept", [w.shared2.id]: "kept", [w.alone.id]: "closed" });
  });

  it("leaves everything as it was when the database fails halfway", async () => {
    const w = await world();
    // A real failure inside the transaction, after the deletes and before the account is
    // anonymised: the last write fails as a database shutting down would.
    await db.$executeRawUnsafe(`
      CREATE OR REPLACE FUNCTION fail_account_update() RETURNS trigger AS $$
      BEGIN RAISE EXCEPTION 'terminating connection due to administrator command' USING ERRCODE = 'admin_shutdown'; END $$ LANGUAGE plpgsql`);
    await db.$executeRawUnsafe(`
      CREATE TRIGGER fail_account_update BEFORE UPDATE ON "User" FOR EACH ROW
      WHEN (NEW."deletedAt" IS NOT NULL) EXECUTE FUNCTION fail_account_update()`);
    try {
      const before = await everything();
      const error = await deleteAccount(w.leaver.id, confirm({ password: PASSWORD })).then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).not.toBeNull();
      // Reported as the database being unavailable (a calm "try again"), not as a wrong password.
      expect(isDatabaseUnavailable(error)).toBe(true);
      expect(await everything()).toEqual(before);
      expect(await findLiveSession(w.session.id)).not.toBeNull();
    } finally {
      await db.$executeRawUnsafe(`DROP TRIGGER fail_account_update ON "User"`);
    }
    await deleteAccount(w.leaver.id, confirm({ password: PASSWORD }));
    expect(await findLiveSession(w.session.id)).toBeNull();
  });

  it("takes the person from the caller alone: another's account is untouched", async () => {
    const w = await world();
    const before = await db.user.findUniqueOrThrow({ where: { id: w.other.id } });
    await deleteAccount(w.leaver.id, confirm({ password: PASSWORD }));
    expect(await db.user.findUniqueOrThrow({ where: { id: w.other.id } })).toEqual({ ...before, updatedAt: expect.any(Date) });
    expect(await db.membership.count({ where: { userId: w.other.id } })).toBe(2);
    // A deleted account cannot be deleted again (it has no session to ask with anyway).
    await refused(deleteAccount(w.leaver.id, confirm({ password: PASSWORD })), "UNAUTHENTICATED");
  });
});
