// Accounts: signing up and confirming the address, changing the password, ending sessions,
// against a real database.
import { createHash, randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { freshAddress, refused } from "@/lib/groups/test-fixtures";
import { LIMITS } from "@/lib/rate-limit";
import { changePassword, confirmSignUp, endOtherSessions, getProfile, getSignUpRequest, signUp, updateProfile } from "./accounts";
import { verifyPassword } from "./password";
import { changePasswordSchema, signUpSchema } from "./schemas";

const PASSWORD = "correct horse battery";

const signUpInput = (overrides: Partial<Record<"name" | "email" | "password", string>> = {}) =>
  signUpSchema.parse({ name: "Ana López", email: `ana-${randomUUID()}@example.org`, password: PASSWORD, ...overrides });

/** The token in the newest confirmation mail to this address (the outbox keeps what SMTP would send). */
async function mailedToken(email: string): Promise<string> {
  const mail = await db.outboxMessage.findFirstOrThrow({
    where: { to: email, subject: "Confirm your address for Study Circle" },
    orderBy: { createdAt: "desc" },
  });
  const token = /\/confirm\/([A-Za-z0-9_-]{43})\s/.exec(mail.text)?.[1];
  expect(token, mail.text).toBeDefined();
  return token!;
}

/** Signs up and follows the mailed link: a confirmed account. */
async function confirmedUser(input = signUpInput()) {
  await signUp(input, freshAddress());
  await confirmSignUp(await mailedToken(input.email));
  return db.user.findUniqueOrThrow({ where: { email: input.email }, select: { id: true, email: true, name: true } });
}

async function userWithSessions(count: number) {
  const user = await confirmedUser();
  const sessions = [];
  for (let i = 0; i < count; i += 1)
    sessions.push(await db.authSession.create({ data: { id: randomUUID(), userId: user.id, userAgent: `browser ${i}` } }));
  return { user, sessions };
}

const sessionsOf = (userId: string) =>
  db.authSession.findMany({ where: { userId }, orderBy: { id: "asc" }, select: { id: true, revokedAt: true } });

const sha256 = (value: string) => createHash("sha256").update(value).digest("hex");
const mailsTo = (email: string) => db.outboxMessage.findMany({ where: { to: email }, orderBy: { createdAt: "asc" } });

describe("signUp", () => {
  it("makes no account, only a request waiting for the mailed link, which is stored as its hash", async () => {
    const input = signUpInput({ name: "  Ana López ", email: `  Ana.${randomUUID()}@Example.ORG ` });
    await expect(signUp(input, freshAddress(), "/invite/abc")).resolves.toBeUndefined();
    expect(await db.user.count({ where: { email: input.email } })).toBe(0);

    const token = await mailedToken(input.email);
    const request = await db.signUpRequest.findFirstOrThrow({ where: { email: input.email } });
    expect(request).toMatchObject({ name: "Ana López", tokenHash: sha256(token), callbackUrl: "/invite/abc" });
    expect(JSON.stringify(request)).not.toContain(token);
    expect(JSON.stringify(request)).not.toContain(PASSWORD);
    expect(request.passwordHash).toMatch(/^\$argon2id\$/);
    const hours = (request.expiresAt.getTime() - Date.now()) / 3_600_000;
    expect(hours).toBeGreaterThan(23.9);
    expect(hours).toBeLessThanOrEqual(24);
    const [mail] = await mailsTo(input.email);
    expect(mail!.text).toContain("the link works once, for 24 hours");
    expect(mail!.html).toContain(`/confirm/${token}`);
  });

  it("confirming makes the account, confirmed, with an argon2id hash and never the plain password", async () => {
    const input = signUpInput();
    await signUp(input, freshAddress(), "/groups/x");
    const result = await confirmSignUp(await mailedToken(input.email));
    expect(result).toEqual({ outcome: "created", email: input.email, callbackUrl: "/groups/x" });

    const row = await db.user.findUniqueOrThrow({ where: { email: input.email } });
    expect(row.name).toBe("Ana López");
    expect(row.emailVerifiedAt).toBeInstanceOf(Date);
    expect(row.passwordHash).toMatch(/^\$argon2id\$/);
    expect(JSON.stringify(row)).not.toContain(PASSWORD);
    expect(await verifyPassword(row.passwordHash, PASSWORD)).toBe(true);
    expect(await verifyPassword(row.passwordHash, `${PASSWORD}!`)).toBe(false);
    expect(await db.signUpRequest.count({ where: { email: input.email } })).toBe(0);
  });

  it("a link works once: the second time it is NOT_FOUND and changes nothing", async () => {
    const input = signUpInput();
    await signUp(input, freshAddress());
    const token = await mailedToken(input.email);
    await confirmSignUp(token);
    const before = await db.user.findUniqueOrThrow({ where: { email: input.email } });
    const error = await refused(confirmSignUp(token), "NOT_FOUND");
    expect(error.message).toBe("This confirmation link is not valid. It may have been used already, or mistyped.");
    await refused(getSignUpRequest(token), "NOT_FOUND");
    expect(await db.user.findUniqueOrThrow({ where: { email: input.email } })).toEqual(before);
  });

  it("the same link confirmed twice at once makes one account", async () => {
    const input = signUpInput();
    await signUp(input, freshAddress());
    const token = await mailedToken(input.email);
    const results = await Promise.allSettled([confirmSignUp(token), confirmSignUp(token)]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(await db.user.count({ where: { email: input.email } })).toBe(1);
  });

  it("a link past its 24 hours is GONE and makes no account", async () => {
    const input = signUpInput();
    await signUp(input, freshAddress());
    const token = await mailedToken(input.email);
    await db.signUpRequest.updateMany({ where: { email: input.email }, data: { expiresAt: new Date(Date.now() - 1000) } });
    await refused(getSignUpRequest(token), "GONE");
    const error = await refused(confirmSignUp(token), "GONE");
    expect(error.message).toBe("This confirmation link has expired. Sign up again to get a new one.");
    expect(await db.user.count({ where: { email: input.email } })).toBe(0);
  });

  it.each(["", "x", "a".repeat(42), `${"a".repeat(42)}!`, "' OR 1=1 --"])("a malformed token (%j) is NOT_FOUND", async (token) => {
    await refused(getSignUpRequest(token), "NOT_FOUND");
    await refused(confirmSignUp(token), "NOT_FOUND");
  });

  it("several people may ask for one address: the first confirmed gets it, the others' links stop working", async () => {
    const email = `claim-${randomUUID()}@example.org`;
    await signUp(signUpInput({ email, name: "Squatter", password: "the squatter's password" }), freshAddress());
    const squatterToken = await mailedToken(email);
    await signUp(signUpInput({ email, name: "Owner" }), freshAddress());
    const ownerToken = await mailedToken(email);
    expect(ownerToken).not.toBe(squatterToken);

    // Only the address's owner reads the mail, so only they can confirm.
    await confirmSignUp(ownerToken);
    const user = await db.user.findUniqueOrThrow({ where: { email } });
    expect(user.name).toBe("Owner");
    expect(await verifyPassword(user.passwordHash, PASSWORD)).toBe(true);
    await refused(confirmSignUp(squatterToken), "NOT_FOUND");
  });

  const VARIANTS: [string, (local: string) => string][] = [
    ["the same", (local) => `${local}@example.org`],
    ["upper case", (local) => `${local.toUpperCase()}@EXAMPLE.ORG`],
    ["mixed case with spaces", (local) => `  ${local[0]!.toUpperCase()}${local.slice(1)}@Example.Org `],
    ["with a tab and a newline", (local) => `\n${local}@example.ORG\t`],
  ];

  it.each(VARIANTS)(
    "an address that has an account, written %s: the same answer, a note to its owner, no request and no second account",
    async (_, variant) => {
      const local = `dup-${randomUUID()}`;
      const owner = await confirmedUser(signUpInput({ email: `${local}@example.org` }));
      const before = await db.user.findUniqueOrThrow({ where: { id: owner.id } });
      const mailsBefore = (await mailsTo(owner.email)).length;

      await expect(signUp(signUpInput({ email: variant(local), name: "Someone Else", password: "another long password" }), freshAddress())).resolves.toBeUndefined();

      expect(await db.user.count({ where: { email: { contains: local, mode: "insensitive" } } })).toBe(1);
      expect(await db.user.findUniqueOrThrow({ where: { id: owner.id } })).toEqual(before);
      expect(await db.signUpRequest.count({ where: { email: owner.email } })).toBe(0);
      const mails = await mailsTo(owner.email);
      expect(mails).toHaveLength(mailsBefore + 1);
      expect(mails.at(-1)).toMatchObject({ subject: "Someone tried to sign up with your address" });
      expect(mails.at(-1)!.text).toContain("Hello Ana López,");
      expect(mails.at(-1)!.text).not.toContain("/confirm/");
    },
  );

  it("a confirmation for an address that got an account meanwhile keeps that account and discards the password", async () => {
    const input = signUpInput({ password: "a password set by someone" });
    await signUp(input, freshAddress());
    const token = await mailedToken(input.email);
    const owner = await db.user.create({ data: { email: input.email, name: "Owner", emailVerifiedAt: new Date() } });
    expect(await confirmSignUp(token)).toMatchObject({ outcome: "already-exists" });
    expect(await db.user.findUniqueOrThrow({ where: { id: owner.id } })).toMatchObject({ name: "Owner", passwordHash: null });
  });

  it("mail to one address is capped: past it the answer is the same, but nothing more is sent", async () => {
    const email = `flood-${randomUUID()}@example.org`;
    for (let i = 0; i < 8; i += 1) await expect(signUp(signUpInput({ email }), freshAddress())).resolves.toBeUndefined();
    expect(await mailsTo(email)).toHaveLength(5);
  });

  it("beyond the per-address limit: RATE_LIMITED, with nothing made or mailed", async () => {
    const address = freshAddress();
    const { max } = LIMITS.signUpPerAddress(address);
    for (let i = 0; i < max; i += 1) await signUp(signUpInput(), address);
    const input = signUpInput();
    const error = await refused(signUp(input, address), "RATE_LIMITED");
    expect(error.message).toBe("Too many new accounts from this network. Try again in 60 minutes.");
    expect(error.details?.retryAfterSeconds).toBeGreaterThan(0);
    expect(error.details?.retryAfterSeconds).toBeLessThanOrEqual(60 * 60);
    expect(await db.signUpRequest.count({ where: { email: input.email } })).toBe(0);
    expect(await mailsTo(input.email)).toHaveLength(0);
    // Other networks are not affected.
    await signUp(input, freshAddress());
    expect(await db.signUpRequest.count({ where: { email: input.email } })).toBe(1);
  });

  it("sign-ups for taken addresses count against the limit too", async () => {
    const address = freshAddress();
    const { max } = LIMITS.signUpPerAddress(address);
    const taken = await confirmedUser();
    for (let i = 0; i < max; i += 1) await signUp(signUpInput({ email: taken.email }), address);
    await refused(signUp(signUpInput(), address), "RATE_LIMITED");
  });
});

describe("changePassword", () => {
  it("with a wrong current password: BAD_REQUEST on currentPassword, hash and sessions unchanged", async () => {
    const { user, sessions } = await userWithSessions(3);
    const before = await db.user.findUniqueOrThrow({ where: { id: user.id } });
    const sessionsBefore = await sessionsOf(user.id);
    const input = changePasswordSchema.parse({ currentPassword: "not my password", newPassword: "a brand new password" });
    const error = await refused(changePassword(user.id, sessions[0]!.id, input), "BAD_REQUEST");
    expect(error.message).toBe("Your current password is not right.");
    expect(error.details?.fieldErrors?.currentPassword).toEqual(["That is not your current password."]);
    expect(await db.user.findUniqueOrThrow({ where: { id: user.id } })).toEqual(before);
    expect(await sessionsOf(user.id)).toEqual(sessionsBefore);
  });

  it("an empty current password is wrong too", async () => {
    const { user, sessions } = await userWithSessions(1);
    const input = changePasswordSchema.parse({ currentPassword: "", newPassword: "a brand new password" });
    await refused(changePassword(user.id, sessions[0]!.id, input), "BAD_REQUEST");
  });

  it("with the right one: the new password works, the old does not, and every other session ends", async () => {
    const { user, sessions } = await userWithSessions(4);
    const [current, ...others] = sessions;
    const alreadyRevokedAt = new Date(Date.now() - 60_000);
    await db.authSession.update({ where: { id: others[2]!.id }, data: { revokedAt: alreadyRevokedAt } });
    const bystander = await userWithSessions(2);
    const bystanderBefore = await sessionsOf(bystander.user.id);
    const oldHash = (await db.user.findUniqueOrThrow({ where: { id: user.id } })).passwordHash;

    await changePassword(user.id, current!.id, changePasswordSchema.parse({ currentPassword: PASSWORD, newPassword: "another long password" }));

    const { passwordHash } = await db.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(passwordHash).not.toBe(oldHash);
    expect(passwordHash).toMatch(/^\$argon2id\$/);
    expect(await verifyPassword(passwordHash, "another long password")).toBe(true);
    expect(await verifyPassword(passwordHash, PASSWORD)).toBe(false);

    const after = new Map((await sessionsOf(user.id)).map((s) => [s.id, s.revokedAt]));
    expect(after.get(current!.id)).toBeNull();
    expect(after.get(others[0]!.id)).toBeInstanceOf(Date);
    expect(after.get(others[1]!.id)).toBeInstanceOf(Date);
    expect(after.get(others[2]!.id)).toEqual(alreadyRevokedAt); // not moved
    expect(await sessionsOf(bystander.user.id)).toEqual(bystanderBefore);
  });

  it("someone without a password (GitHub or Google only) can set one", async () => {
    const user = await db.user.create({ data: { email: `oauth-${randomUUID()}@example.org`, name: "Oauth Only" } });
    const session = await db.authSession.create({ data: { id: randomUUID(), userId: user.id } });
    await changePassword(user.id, session.id, changePasswordSchema.parse({ currentPassword: "", newPassword: "my first password" }));
    const { passwordHash } = await db.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(await verifyPassword(passwordHash, "my first password")).toBe(true);
  });
});

describe("endOtherSessions", () => {
  it("ends every other open session of this person, returns how many, and keeps the current one", async () => {
    const { user, sessions } = await userWithSessions(4);
    const [current, ...others] = sessions;
    await db.authSession.update({ where: { id: others[0]!.id }, data: { revokedAt: new Date(Date.now() - 1000) } });
    const bystander = await userWithSessions(2);
    const bystanderBefore = await sessionsOf(bystander.user.id);

    expect(await endOtherSessions(user.id, current!.id)).toBe(2);
    const after = await sessionsOf(user.id);
    expect(after.find((s) => s.id === current!.id)?.revokedAt).toBeNull();
    expect(after.filter((s) => s.id !== current!.id).every((s) => s.revokedAt instanceof Date)).toBe(true);
    expect(await sessionsOf(bystander.user.id)).toEqual(bystanderBefore);

    expect(await endOtherSessions(user.id, current!.id)).toBe(0);
  });

  it("cannot end someone else's sessions, even by naming one of theirs as current", async () => {
    const me = await userWithSessions(1);
    const them = await userWithSessions(2);
    const before = await sessionsOf(them.user.id);
    // The id is not one of mine, so all of mine count as "other" sessions; theirs are untouched.
    expect(await endOtherSessions(me.user.id, them.sessions[0]!.id)).toBe(1);
    expect(await sessionsOf(them.user.id)).toEqual(before);
    expect((await sessionsOf(me.user.id))[0]!.revokedAt).toBeInstanceOf(Date);
  });
});

describe("profile", () => {
  it("getProfile lists open sessions and says whether there is a password, without the hash", async () => {
    const { user, sessions } = await userWithSessions(2);
    await db.authSession.update({ where: { id: sessions[1]!.id }, data: { revokedAt: new Date() } });
    const profile = await getProfile(user.id);
    expect(profile).toMatchObject({ id: user.id, email: user.email, name: user.name, hasPassword: true, oauth: [] });
    expect(profile.sessions.map((s) => s.id)).toEqual([sessions[0]!.id]);
    expect(JSON.stringify(profile)).not.toMatch(/argon2|passwordHash/);
  });

  it("updateProfile changes the name only", async () => {
    const { user } = await userWithSessions(0);
    const before = await db.user.findUniqueOrThrow({ where: { id: user.id } });
    await updateProfile(user.id, { name: "Ana María López" });
    const after = await db.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(after).toEqual({ ...before, name: "Ana María López", updatedAt: after.updatedAt });
  });
});
