// Accounts: signing up, changing the password, ending sessions, against a real database.
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { freshAddress, refused } from "@/lib/groups/test-fixtures";
import { LIMITS } from "@/lib/rate-limit";
import { changePassword, endOtherSessions, getProfile, signUp, updateProfile } from "./accounts";
import { verifyPassword } from "./password";
import { changePasswordSchema, signUpSchema } from "./schemas";

const PASSWORD = "correct horse battery";

const signUpInput = (overrides: Partial<Record<"name" | "email" | "password", string>> = {}) =>
  signUpSchema.parse({ name: "Ana López", email: `ana-${randomUUID()}@example.org`, password: PASSWORD, ...overrides });

async function userWithSessions(count: number) {
  const user = await signUp(signUpInput(), freshAddress());
  const sessions = [];
  for (let i = 0; i < count; i += 1)
    sessions.push(await db.authSession.create({ data: { id: randomUUID(), userId: user.id, userAgent: `browser ${i}` } }));
  return { user, sessions };
}

const sessionsOf = (userId: string) =>
  db.authSession.findMany({ where: { userId }, orderBy: { id: "asc" }, select: { id: true, revokedAt: true } });

describe("signUp", () => {
  it("creates the account with an argon2id hash and never the plain password", async () => {
    const input = signUpInput({ name: "  Ana López ", email: `  Ana.${randomUUID()}@Example.ORG ` });
    const user = await signUp(input, freshAddress());
    expect(user).toEqual({ id: expect.any(String), email: input.email, name: "Ana López" });
    expect(user.email).toBe(user.email.toLowerCase().trim());

    const row = await db.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(row.passwordHash).toMatch(/^\$argon2id\$/);
    expect(JSON.stringify(row)).not.toContain(PASSWORD);
    expect(await verifyPassword(row.passwordHash, PASSWORD)).toBe(true);
    expect(await verifyPassword(row.passwordHash, `${PASSWORD}!`)).toBe(false);
    // Nothing about the new account hands out its hash.
    expect(JSON.stringify(user)).not.toContain("argon2");
  });

  it("two accounts with the same password get different hashes (salted)", async () => {
    const a = await signUp(signUpInput(), freshAddress());
    const b = await signUp(signUpInput(), freshAddress());
    const [ha, hb] = await Promise.all(
      [a, b].map(async (u) => (await db.user.findUniqueOrThrow({ where: { id: u.id } })).passwordHash),
    );
    expect(ha).not.toBe(hb);
  });

  const VARIANTS: [string, (local: string) => string][] = [
    ["the same", (local) => `${local}@example.org`],
    ["upper case", (local) => `${local.toUpperCase()}@EXAMPLE.ORG`],
    ["mixed case with spaces", (local) => `  ${local[0]!.toUpperCase()}${local.slice(1)}@Example.Org `],
    ["with a tab and a newline", (local) => `\n${local}@example.ORG\t`],
  ];

  it.each(VARIANTS)(
    "an address already taken, written %s, is CONFLICT on the email field and makes no second account",
    async (_, variant) => {
      const local = `dup-${randomUUID()}`;
      await signUp(signUpInput({ email: `${local}@example.org` }), freshAddress());
      const error = await refused(signUp(signUpInput({ email: variant(local) }), freshAddress()), "CONFLICT");
      expect(error.status).toBe(409);
      expect(error.message).toBe("An account with this email already exists. Sign in instead.");
      expect(error.details?.fieldErrors?.email).toEqual(["An account with this email already exists. Sign in instead."]);
      expect(await db.user.count({ where: { email: { contains: local, mode: "insensitive" } } })).toBe(1);
    },
  );

  it("two sign-ups with one address at the same moment make one account", async () => {
    const email = `race-${randomUUID()}@example.org`;
    const results = await Promise.allSettled([signUp(signUpInput({ email }), freshAddress()), signUp(signUpInput({ email: email.toUpperCase() }), freshAddress())]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const rejected = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect(rejected.reason).toBeInstanceOf(AppError);
    expect(rejected.reason).toMatchObject({ code: "CONFLICT" });
    expect(await db.user.count({ where: { email } })).toBe(1);
  });

  it("beyond the per-address limit: RATE_LIMITED, with no account made", async () => {
    const address = freshAddress();
    const { max } = LIMITS.signUpPerAddress(address);
    for (let i = 0; i < max; i += 1) await signUp(signUpInput(), address);
    const input = signUpInput();
    const error = await refused(signUp(input, address), "RATE_LIMITED");
    expect(error.message).toBe("Too many new accounts from this network. Try again in 60 minutes.");
    expect(error.details?.retryAfterSeconds).toBeGreaterThan(0);
    expect(error.details?.retryAfterSeconds).toBeLessThanOrEqual(60 * 60);
    expect(await db.user.count({ where: { email: input.email } })).toBe(0);
    // Other networks are not affected.
    await expect(signUp(input, freshAddress())).resolves.toMatchObject({ email: input.email });
  });

  it("failed sign-ups (duplicates) count against the limit too", async () => {
    const address = freshAddress();
    const { max } = LIMITS.signUpPerAddress(address);
    const taken = signUpInput();
    await signUp(taken, address);
    for (let i = 1; i < max; i += 1) await refused(signUp(taken, address), "CONFLICT");
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
