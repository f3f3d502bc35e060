// Invitation links: making, listing, withdrawing, describing and accepting them, with
// every way a link can be no good, and the races on its last use.
import { createHash, randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { siteUrl } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { consume, LIMITS } from "@/lib/rate-limit";
import { createGroup, removeMember, setRole } from "./groups";
import { INVITE_MAIL_LIMITS, acceptInvite, createInvite, describeInvite, inviteByEmail, invitePath, listInvites, refusal, revokeInvite } from "./invites";
import { addMember, forgedToken, freshAddress, makeUser, refused, roleOf, scenario, snapshot } from "./test-fixtures";

const sha256 = (value: string) => createHash("sha256").update(value).digest("hex");

const MESSAGES = {
  unknown: "This invitation link is not valid. Check that you copied all of it, or ask for a new one.",
  expired: "This invitation has expired. Ask the group’s facilitator for a new link.",
  revoked: "This invitation was withdrawn. Ask the group’s facilitator for a new link.",
  "used-up": "This invitation has been used as many times as it allows. Ask for a new link.",
} as const;

/** Membership count and uses: what a refused acceptance must not change. */
async function state(groupId: string, inviteId: string) {
  return {
    members: await db.membership.count({ where: { groupId } }),
    invite: await db.invite.findUniqueOrThrow({ where: { id: inviteId } }),
  };
}

describe("createInvite", () => {
  it("stores only the token's sha256, never the token", async () => {
    const s = await scenario();
    const { id, token, expiresAt } = await createInvite(s.facilitator.id, s.group.id, { expiresInDays: 3 });
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const row = await db.invite.findUniqueOrThrow({ where: { id } });
    expect(row.tokenHash).toBe(sha256(token));
    expect(JSON.stringify(row)).not.toContain(token);
    expect(row.expiresAt).toEqual(expiresAt);
    const days = (expiresAt.getTime() - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(2.99);
    expect(days).toBeLessThanOrEqual(3);
    expect(row.maxUses).toBeNull();
  });

  it("makes a different token every time", async () => {
    const s = await scenario();
    const tokens = new Set<string>();
    for (let i = 0; i < 10; i += 1) tokens.add((await createInvite(s.facilitator.id, s.group.id, { expiresInDays: 1 })).token);
    expect(tokens.size).toBe(10);
  });
});

describe("listInvites and revokeInvite", () => {
  it("lists the open invitations, newest first, leaving out withdrawn, expired and used-up ones", async () => {
    const s = await scenario();
    // An hour older, so "newest first" does not depend on the clock's resolution.
    await db.invite.update({ where: { id: s.invite.id }, data: { createdAt: new Date(Date.now() - 3_600_000) } });
    const open = await createInvite(s.facilitator.id, s.group.id, { expiresInDays: 7, maxUses: 2 });
    const revoked = await createInvite(s.facilitator.id, s.group.id, { expiresInDays: 7 });
    const expired = await createInvite(s.facilitator.id, s.group.id, { expiresInDays: 7 });
    const usedUp = await createInvite(s.facilitator.id, s.group.id, { expiresInDays: 7, maxUses: 1 });
    await revokeInvite(s.facilitator.id, s.group.id, revoked.id);
    await db.invite.update({ where: { id: expired.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    await acceptInvite((await makeUser()).id, usedUp.token, freshAddress());

    const list = await listInvites(s.facilitator.id, s.group.id);
    expect(list.map((i) => i.id)).toEqual([open.id, s.invite.id]);
    expect(list[0]).toMatchObject({ maxUses: 2, uses: 0, email: null, createdBy: { name: s.facilitator.name } });
  });

  it("withdrawing twice is NOT_FOUND the second time, and the first withdrawal stands", async () => {
    const s = await scenario();
    await revokeInvite(s.facilitator.id, s.group.id, s.invite.id);
    const { revokedAt } = await db.invite.findUniqueOrThrow({ where: { id: s.invite.id } });
    expect(revokedAt).toBeInstanceOf(Date);
    const error = await refused(revokeInvite(s.facilitator.id, s.group.id, s.invite.id), "NOT_FOUND");
    expect(error.message).toBe("That invitation was not found.");
    expect((await db.invite.findUniqueOrThrow({ where: { id: s.invite.id } })).revokedAt).toEqual(revokedAt);
  });
});

describe("describeInvite", () => {
  it("describes a valid link, for a visitor, a member and an outsider, and changes nothing", async () => {
    const s = await scenario();
    const before = await snapshot();
    const expected = { state: "valid", groupId: s.group.id, groupName: s.group.name, inviter: s.facilitator.name };
    expect(await describeInvite(s.invite.token, null)).toEqual({ ...expected, alreadyMember: false });
    expect(await describeInvite(s.invite.token, s.outsider.id)).toEqual({ ...expected, alreadyMember: false });
    expect(await describeInvite(s.invite.token, s.removed.id)).toEqual({ ...expected, alreadyMember: false });
    expect(await describeInvite(s.invite.token, s.member.id)).toEqual({ ...expected, alreadyMember: true });
    expect(await snapshot()).toEqual(before);
  });

  it("names the reason a link is no good, without saying which group it was for", async () => {
    const s = await scenario();
    const expired = await createInvite(s.facilitator.id, s.group.id, { expiresInDays: 1 });
    await db.invite.update({ where: { id: expired.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const revoked = await createInvite(s.facilitator.id, s.group.id, { expiresInDays: 1 });
    await revokeInvite(s.facilitator.id, s.group.id, revoked.id);
    const usedUp = await createInvite(s.facilitator.id, s.group.id, { expiresInDays: 1, maxUses: 1 });
    await acceptInvite(s.outsider.id, usedUp.token, freshAddress());
    const stranger = await makeUser();
    const before = await snapshot();

    expect(await describeInvite(expired.token, stranger.id)).toEqual({ state: "expired" });
    expect(await describeInvite(revoked.token, stranger.id)).toEqual({ state: "revoked" });
    expect(await describeInvite(usedUp.token, stranger.id)).toEqual({ state: "used-up" });
    expect(await describeInvite(forgedToken(), stranger.id)).toEqual({ state: "unknown" });
    for (const malformed of ["", "abc", "../", `${s.invite.token}x`, s.invite.token.slice(1), "'; --".padEnd(43, "a"), "a".repeat(10_000)])
      expect(await describeInvite(malformed, null)).toEqual({ state: "unknown" });
    // The one who used the last place still sees the link as theirs.
    expect(await describeInvite(usedUp.token, s.outsider.id)).toMatchObject({ state: "valid", alreadyMember: true });
    expect(await snapshot()).toEqual(before);
  });

  it("the refusal messages are the ones acceptInvite gives", () => {
    for (const state of ["unknown", "expired", "revoked", "used-up"] as const) expect(refusal(state)).toBe(MESSAGES[state]);
  });
});

describe("acceptInvite", () => {
  it("a valid link joins the group as a member and counts one use", async () => {
    const s = await scenario();
    const newcomer = await makeUser("Newcomer");
    expect(await acceptInvite(newcomer.id, s.invite.token, freshAddress())).toEqual({ groupId: s.group.id });
    expect(await roleOf(s.group.id, newcomer.id)).toBe("member");
    expect((await db.invite.findUniqueOrThrow({ where: { id: s.invite.id } })).uses).toBe(1);
  });

  it("is idempotent: accepting twice makes one membership and counts one use", async () => {
    const s = await scenario();
    const newcomer = await makeUser("Newcomer");
    await acceptInvite(newcomer.id, s.invite.token, freshAddress());
    const after = await state(s.group.id, s.invite.id);
    expect(await acceptInvite(newcomer.id, s.invite.token, freshAddress())).toEqual({ groupId: s.group.id });
    expect(await state(s.group.id, s.invite.id)).toEqual(after);
    expect(after.invite.uses).toBe(1);
  });

  it("someone already in the group (a facilitator, say) keeps their role and uses nothing", async () => {
    const s = await scenario();
    const limited = await createInvite(s.facilitator.id, s.group.id, { expiresInDays: 1, maxUses: 1 });
    const before = await state(s.group.id, limited.id);
    expect(await acceptInvite(s.facilitator.id, limited.token, freshAddress())).toEqual({ groupId: s.group.id });
    expect(await acceptInvite(s.member.id, limited.token, freshAddress())).toEqual({ groupId: s.group.id });
    expect(await state(s.group.id, limited.id)).toEqual(before);
    expect(await roleOf(s.group.id, s.facilitator.id)).toBe("facilitator");
  });

  it("a removed member can come back through a new link", async () => {
    const s = await scenario();
    await acceptInvite(s.removed.id, s.invite.token, freshAddress());
    expect(await roleOf(s.group.id, s.removed.id)).toBe("member");
  });

  const BAD_LINKS = [
    {
      name: "expired",
      code: "GONE",
      prepare: async (s: Awaited<ReturnType<typeof scenario>>) => {
        await db.invite.update({ where: { id: s.invite.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
        return s.invite.token;
      },
    },
    {
      name: "expiring this very moment",
      code: "GONE",
      message: MESSAGES.expired,
      prepare: async (s: Awaited<ReturnType<typeof scenario>>) => {
        await db.invite.update({ where: { id: s.invite.id }, data: { expiresAt: new Date() } });
        return s.invite.token;
      },
    },
    {
      name: "revoked",
      code: "GONE",
      prepare: async (s: Awaited<ReturnType<typeof scenario>>) => {
        await revokeInvite(s.facilitator.id, s.group.id, s.invite.id);
        return s.invite.token;
      },
    },
    {
      name: "used-up",
      code: "GONE",
      prepare: async (s: Awaited<ReturnType<typeof scenario>>) => {
        const invite = await createInvite(s.facilitator.id, s.group.id, { expiresInDays: 1, maxUses: 2 });
        await acceptInvite((await makeUser()).id, invite.token, freshAddress());
        await acceptInvite((await makeUser()).id, invite.token, freshAddress());
        s.invite = invite;
        return invite.token;
      },
    },
    { name: "forged", code: "NOT_FOUND", message: MESSAGES.unknown, prepare: async () => forgedToken() },
    { name: "empty", code: "NOT_FOUND", message: MESSAGES.unknown, prepare: async () => "" },
    { name: "truncated", code: "NOT_FOUND", message: MESSAGES.unknown, prepare: async (s: Awaited<ReturnType<typeof scenario>>) => s.invite.token.slice(0, 42) },
    { name: "one character too many", code: "NOT_FOUND", message: MESSAGES.unknown, prepare: async (s: Awaited<ReturnType<typeof scenario>>) => `${s.invite.token}A` },
    { name: "path-like", code: "NOT_FOUND", message: MESSAGES.unknown, prepare: async () => "../../api/groups" },
    { name: "SQL-ish", code: "NOT_FOUND", message: MESSAGES.unknown, prepare: async () => `' OR 1=1; --${"a".repeat(31)}` },
    { name: "very long", code: "NOT_FOUND", message: MESSAGES.unknown, prepare: async () => "a".repeat(100_000) },
    { name: "the token's hash instead of the token", code: "NOT_FOUND", message: MESSAGES.unknown, prepare: async (s: Awaited<ReturnType<typeof scenario>>) => sha256(s.invite.token) },
  ] as const;

  it.each(BAD_LINKS)("a $name link is $code with a message for people, and nothing changes", async (link) => {
    const s = await scenario();
    const token = await link.prepare(s);
    const stranger = await makeUser("Stranger");
    const before = { ...(await snapshot()), state: await state(s.group.id, s.invite.id) };
    const error = await refused(acceptInvite(stranger.id, token, freshAddress()), link.code);
    const message = "message" in link ? link.message : MESSAGES[link.name as "expired" | "revoked" | "used-up"];
    expect(error.message).toBe(message);
    expect({ ...(await snapshot()), state: await state(s.group.id, s.invite.id) }).toEqual(before);
    expect(await roleOf(s.group.id, stranger.id)).toBeNull();
  });

  it("a member opening a withdrawn or expired link is told so, and stays a member", async () => {
    const s = await scenario();
    await revokeInvite(s.facilitator.id, s.group.id, s.invite.id);
    await refused(acceptInvite(s.member.id, s.invite.token, freshAddress()), "GONE");
    expect(await roleOf(s.group.id, s.member.id)).toBe("member");
  });

  it("two people taking the last place at once: exactly one joins", async () => {
    for (let round = 0; round < 5; round += 1) {
      const s = await scenario();
      const invite = await createInvite(s.facilitator.id, s.group.id, { expiresInDays: 1, maxUses: 1 });
      const [first, second] = [await makeUser("First"), await makeUser("Second")];
      const results = await Promise.allSettled([
        acceptInvite(first.id, invite.token, freshAddress()),
        acceptInvite(second.id, invite.token, freshAddress()),
      ]);
      expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
      const rejected = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
      expect(rejected.reason).toBeInstanceOf(AppError);
      expect(rejected.reason).toMatchObject({ code: "GONE", message: MESSAGES["used-up"] });
      const joined = [await roleOf(s.group.id, first.id), await roleOf(s.group.id, second.id)].filter(Boolean);
      expect(joined).toEqual(["member"]);
      expect((await db.invite.findUniqueOrThrow({ where: { id: invite.id } })).uses).toBe(1);
    }
  });

  it("ten people racing for three places: exactly three join, uses is three", async () => {
    const s = await scenario();
    const invite = await createInvite(s.facilitator.id, s.group.id, { expiresInDays: 1, maxUses: 3 });
    const people = await Promise.all(Array.from({ length: 10 }, () => makeUser("Racer")));
    const members = await db.membership.count({ where: { groupId: s.group.id } });
    const results = await Promise.allSettled(people.map((p) => acceptInvite(p.id, invite.token, freshAddress())));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(3);
    for (const r of results) if (r.status === "rejected") expect(r.reason).toMatchObject({ code: "GONE" });
    expect(await db.membership.count({ where: { groupId: s.group.id } })).toBe(members + 3);
    expect((await db.invite.findUniqueOrThrow({ where: { id: invite.id } })).uses).toBe(3);
  });

  it("the same person accepting twice at once joins once and uses one place", async () => {
    const s = await scenario();
    const invite = await createInvite(s.facilitator.id, s.group.id, { expiresInDays: 1, maxUses: 5 });
    const newcomer = await makeUser();
    const results = await Promise.allSettled([
      acceptInvite(newcomer.id, invite.token, freshAddress()),
      acceptInvite(newcomer.id, invite.token, freshAddress()),
    ]);
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "fulfilled"]);
    expect(await roleOf(s.group.id, newcomer.id)).toBe("member");
    expect((await db.invite.findUniqueOrThrow({ where: { id: invite.id } })).uses).toBe(1);
  });

  it("beyond the per-account limit: RATE_LIMITED with a time to wait, and no joining", async () => {
    const s = await scenario();
    const guesser = await makeUser("Guesser");
    const { max } = LIMITS.invitePerAccount(guesser.id);
    // Each attempt from a different address: it is the account that is limited here.
    for (let i = 0; i < max; i += 1) await refused(acceptInvite(guesser.id, forgedToken(), freshAddress()), "NOT_FOUND");
    const error = await refused(acceptInvite(guesser.id, s.invite.token, freshAddress()), "RATE_LIMITED");
    expect(error.message).toMatch(/^Too many invitation attempts\. Try again in \d+ minutes?\.$/);
    expect(error.message).toBe("Too many invitation attempts. Try again in 15 minutes.");
    expect(error.status).toBe(429);
    expect(error.details?.retryAfterSeconds).toBeGreaterThan(0);
    expect(error.details?.retryAfterSeconds).toBeLessThanOrEqual(15 * 60);
    expect(await roleOf(s.group.id, guesser.id)).toBeNull();
    expect((await db.invite.findUniqueOrThrow({ where: { id: s.invite.id } })).uses).toBe(0);
    // Another account is not affected.
    await acceptInvite((await makeUser()).id, s.invite.token, freshAddress());
  });

  it("beyond the per-address limit: RATE_LIMITED for any account from that address", async () => {
    const s = await scenario();
    const address = freshAddress();
    const { max } = LIMITS.invitePerAddress(address);
    for (let i = 0; i < max; i += 1) await refused(acceptInvite((await makeUser()).id, "malformed", address), "NOT_FOUND");
    const late = await makeUser("Late");
    const error = await refused(acceptInvite(late.id, s.invite.token, address), "RATE_LIMITED");
    expect(error.message).toMatch(/Try again in \d+ minutes?\.$/);
    expect(await roleOf(s.group.id, late.id)).toBeNull();
    await acceptInvite(late.id, s.invite.token, freshAddress());
    expect(await roleOf(s.group.id, late.id)).toBe("member");
  });
});

describe("inviteByEmail", () => {
  it("mails one single-use link to the address, which describeInvite accepts", async () => {
    const s = await scenario("Mailing");
    const address = `guest-${randomUUID()}@example.org`;
    const outboxBefore = await db.outboxMessage.count();
    const invite = await inviteByEmail(s.facilitator, s.group.id, { email: address, expiresInDays: 14 });

    const mails = await db.outboxMessage.findMany({ where: { to: address } });
    expect(mails).toHaveLength(1);
    expect(await db.outboxMessage.count()).toBe(outboxBefore + 1);
    const mail = mails[0]!;
    const [, token] = mail.text.match(/\/invite\/([A-Za-z0-9_-]+)/) ?? [];
    expect(token).toBe(invite.token);
    expect(mail.text).toContain(`${siteUrl()}${invitePath(invite.token)}`);
    expect(mail.html).toContain(`${siteUrl()}/invite/${invite.token}`);
    expect(mail.subject).toContain(s.group.name);
    expect(mail.text).toContain(s.facilitator.name);

    expect(await describeInvite(token!, null)).toEqual({
      state: "valid",
      groupId: s.group.id,
      groupName: s.group.name,
      inviter: s.facilitator.name,
      alreadyMember: false,
    });
    expect(await db.invite.findUniqueOrThrow({ where: { id: invite.id } })).toMatchObject({ email: address, maxUses: 1, uses: 0 });

    // The person it was sent to (their address as they typed it at sign-up, in any case).
    const guest = await db.user.create({ data: { email: address.toUpperCase(), name: "Guest" }, select: { id: true } });
    await acceptInvite(guest.id, token!, freshAddress());
    await acceptInvite(guest.id, token!, freshAddress()); // again: still fine for them
    // Someone the mail was forwarded to: not their invitation, whether used or not.
    const second = await makeUser("Forwarded to");
    await refused(acceptInvite(second.id, token!, freshAddress()), "CONFLICT");
    expect(await roleOf(s.group.id, guest.id)).toBe("member");
    expect(await roleOf(s.group.id, second.id)).toBeNull();
    expect(await describeInvite(token!, second.id)).toEqual({ state: "used-up" });
  });

  it("a refused email invitation sends nothing", async () => {
    const s = await scenario();
    const before = await snapshot();
    await refused(inviteByEmail(s.member, s.group.id, { email: "x@example.org", expiresInDays: 7 }), "NOT_FOUND");
    await refused(inviteByEmail(s.outsider, s.group.id, { email: "x@example.org", expiresInDays: 7 }), "NOT_FOUND");
    expect(await snapshot()).toEqual(before);
  });
});

describe("invitations by email are for their address, and limited", () => {
  it("only the invited address may accept one: a forwarded mail lets nobody else in", async () => {
    const s = await scenario("Addressed");
    const address = `invited-${randomUUID()}@example.org`;
    const invite = await inviteByEmail(s.facilitator, s.group.id, { email: address, expiresInDays: 7 });
    const forwardedTo = await makeUser("Forwarded to");
    const before = await state(s.group.id, invite.id);
    const error = await refused(acceptInvite(forwardedTo.id, invite.token, freshAddress()), "CONFLICT");
    expect(error.message).toMatch(/sent to a different email address/);
    expect(error.message).not.toContain(address);
    expect(await state(s.group.id, invite.id)).toEqual(before);
    const invited = await db.user.create({ data: { email: address, name: "Invited" }, select: { id: true } });
    await acceptInvite(invited.id, invite.token, freshAddress());
    expect(await roleOf(s.group.id, invited.id)).toBe("member");
  });

  it("links in the mail name the app's configured address, whatever the request said", async () => {
    const s = await scenario("Configured");
    const address = `link-${randomUUID()}@example.org`;
    const invite = await inviteByEmail(s.facilitator, s.group.id, { email: address, expiresInDays: 7 });
    const mail = await db.outboxMessage.findFirstOrThrow({ where: { to: address } });
    const links = [...mail.text.matchAll(/https?:\/\/[^\s)>"]+/g)].map((m) => m[0]);
    expect(links.length).toBeGreaterThan(0);
    for (const link of links) expect(new URL(link).origin).toBe(new URL(siteUrl()).origin);
    expect(links).toContain(`${siteUrl()}/invite/${invite.token}`);
  });

  it("stops a sender after 30 in an hour, with a clear message, and sends nothing more", async () => {
    const s = await scenario("Busy");
    for (let i = 0; i < 30; i++) await inviteByEmail(s.facilitator, s.group.id, { email: `n${i}-${randomUUID()}@example.org`, expiresInDays: 7 });
    const before = await snapshot();
    const error = await refused(inviteByEmail(s.facilitator, s.group.id, { email: `one-more-${randomUUID()}@example.org`, expiresInDays: 7 }), "RATE_LIMITED");
    expect(error.message).toMatch(/a lot of invitations by email.*Try again in \d+ minutes?\.$/);
    expect(await snapshot()).toEqual(before);
    // Another facilitator of the same group still may: the limit is the sender's.
    const colleague = await makeUser("Colleague");
    await addMember(s.group.id, colleague.id, "facilitator");
    await inviteByEmail(colleague, s.group.id, { email: `colleague-${randomUUID()}@example.org`, expiresInDays: 7 });
  });

  it("stops a group after 100 in a day, whoever sends them", async () => {
    const s = await scenario("Crowded");
    for (let i = 0; i < 100; i++) await consume([INVITE_MAIL_LIMITS.perGroup(s.group.id)], "");
    const before = await snapshot();
    await refused(inviteByEmail(s.facilitator, s.group.id, { email: `late-${randomUUID()}@example.org`, expiresInDays: 7 }), "RATE_LIMITED");
    expect(await snapshot()).toEqual(before);
  });
});

describe("an invitation speaks for the facilitator who made it", () => {
  for (const [what, end] of [
    ["removed", (s: Awaited<ReturnType<typeof scenario>>, maker: string) => removeMember(s.facilitator.id, s.group.id, maker)],
    ["made a plain member", (s: Awaited<ReturnType<typeof scenario>>, maker: string) => setRole(s.facilitator.id, s.group.id, maker, "member")],
  ] as const) {
    it(`stops working once its maker is ${what}`, async () => {
      const s = await scenario("Maker");
      const maker = await makeUser("Maker");
      await addMember(s.group.id, maker.id, "facilitator");
      const link = await createInvite(maker.id, s.group.id, { expiresInDays: 7 });
      const address = `by-maker-${randomUUID()}@example.org`;
      const mailed = await inviteByEmail(maker, s.group.id, { email: address, expiresInDays: 7 });
      expect(await describeInvite(link.token, null)).toMatchObject({ state: "valid" });
      await end(s, maker.id);
      expect(await describeInvite(link.token, null)).toEqual({ state: "revoked" });
      expect(await describeInvite(mailed.token, null)).toEqual({ state: "revoked" });
      const newcomer = await makeUser("Newcomer");
      expect((await refused(acceptInvite(newcomer.id, link.token, freshAddress()), "GONE")).message).toBe(MESSAGES.revoked);
      const invited = await db.user.create({ data: { email: address, name: "Invited" }, select: { id: true } });
      await refused(acceptInvite(invited.id, mailed.token, freshAddress()), "GONE");
      expect(await roleOf(s.group.id, newcomer.id)).toBeNull();
      expect(await roleOf(s.group.id, invited.id)).toBeNull();
      expect((await listInvites(s.facilitator.id, s.group.id)).map((i) => i.id)).not.toContain(link.id);
      // The facilitator's own link still works.
      await acceptInvite(newcomer.id, s.invite.token, freshAddress());
      expect(await roleOf(s.group.id, newcomer.id)).toBe("member");
    });
  }
});

describe("a group's invitations end with the group", () => {
  it("a link to a group that was closed is unknown", async () => {
    const owner = await makeUser("Owner");
    const group = await createGroup(owner.id, { name: "Short-lived", description: "" });
    const invite = await createInvite(owner.id, group.id, { expiresInDays: 7 });
    await addMember(group.id, (await makeUser()).id);
    await db.group.delete({ where: { id: group.id } });
    expect(await describeInvite(invite.token, null)).toEqual({ state: "unknown" });
    await refused(acceptInvite(owner.id, invite.token, freshAddress()), "NOT_FOUND");
  });
});
