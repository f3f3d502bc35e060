// Signing in, against a real database: the password sign-in's back-off (failures only,
// per account and client address, plus a cap per address), what a failure may say to
// the form, and how a Google sign-in meets an account with the same address.
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { freshAddress, refused } from "@/lib/groups/test-fixtures";
import { confirmSignUp, signUp } from "./accounts";
import { authorizeWithPassword, userForOAuth } from "./options";
import { hashPassword, verifyPassword } from "./password";
import { signUpSchema } from "./schemas";
import { backoffKeys, RULES } from "./sign-in-backoff";

const PASSWORD = "correct horse battery";
let passwordHash: string | undefined;

async function account(options: { confirmed?: boolean } = {}) {
  passwordHash ??= await hashPassword(PASSWORD);
  return db.user.create({
    data: {
      email: `reader-${randomUUID()}@example.org`,
      name: "Rita Reader",
      passwordHash,
      emailVerifiedAt: options.confirmed === false ? null : new Date(),
    },
    select: { id: true, email: true, name: true },
  });
}

const attempt = (email: string, password: string, address: string) => authorizeWithPassword({ email, password }, address);

/** The message a refused sign-in hands next-auth (and so the form), failing if it was not refused. */
async function refusal(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error("expected the sign-in to be refused");
}

const waitOf = (message: string) => Number(/^Wait:(\d+)$/.exec(message)?.[1] ?? NaN);

async function fail(email: string, address: string, times: number) {
  for (let i = 0; i < times; i += 1) expect(await attempt(email, `wrong password ${i}`, address)).toBeNull();
}

describe("password sign-in back-off", () => {
  it("five failures are free; the next try from that address waits 30 s, even with the right password", async () => {
    const user = await account();
    const address = freshAddress();
    await fail(user.email, address, RULES.account.free);
    const message = await refusal(attempt(user.email, PASSWORD, address));
    expect(message).toMatch(/^Wait:\d+$/);
    expect(waitOf(message)).toBeGreaterThan(0);
    expect(waitOf(message)).toBeLessThanOrEqual(30);
  });

  it("never locks the owner out: from another address the right password works at once", async () => {
    const user = await account();
    // A stranger's failures, from several addresses of their own.
    for (let i = 0; i < 3; i += 1) {
      const stranger = freshAddress();
      await fail(user.email, stranger, RULES.account.free);
      await refusal(attempt(user.email, "yet another guess", stranger));
    }
    await expect(attempt(user.email, PASSWORD, freshAddress())).resolves.toEqual(user);
  });

  it("a refused try is not counted, and after the wait one more try is allowed; failing it doubles the wait", async () => {
    const user = await account();
    const address = freshAddress();
    const { account: key } = backoffKeys(user.email, address);
    await fail(user.email, address, RULES.account.free);
    await refusal(attempt(user.email, "refused guess", address));
    expect((await db.signInFailure.findUniqueOrThrow({ where: { key } })).failures).toBe(RULES.account.free);

    // 31 seconds later.
    await db.signInFailure.update({ where: { key }, data: { lastFailureAt: new Date(Date.now() - 31_000) } });
    expect(await attempt(user.email, "one more guess", address)).toBeNull();
    const wait = waitOf(await refusal(attempt(user.email, PASSWORD, address)));
    expect(wait).toBeGreaterThan(30);
    expect(wait).toBeLessThanOrEqual(60);
  });

  it("the wait stops doubling at 15 minutes", async () => {
    const user = await account();
    const address = freshAddress();
    await db.signInFailure.create({ data: { key: backoffKeys(user.email, address).account, failures: 40, lastFailureAt: new Date() } });
    const wait = waitOf(await refusal(attempt(user.email, PASSWORD, address)));
    expect(wait).toBeGreaterThan(14 * 60);
    expect(wait).toBeLessThanOrEqual(15 * 60);
  });

  it("a success wipes the account's count", async () => {
    const user = await account();
    const address = freshAddress();
    await fail(user.email, address, RULES.account.free - 1);
    await expect(attempt(user.email, PASSWORD, address)).resolves.toEqual(user);
    await fail(user.email, address, RULES.account.free);
    await refusal(attempt(user.email, PASSWORD, address));
  });

  it("tries sent at once cannot slip past the wait", async () => {
    const user = await account();
    const address = freshAddress();
    const results = await Promise.allSettled(Array.from({ length: 12 }, (_, i) => attempt(user.email, `guess ${i}`, address)));
    const checked = results.filter((r) => r.status === "fulfilled");
    const waited = results.filter((r) => r.status === "rejected");
    expect(checked).toHaveLength(RULES.account.free);
    for (const r of waited) expect((r.reason as Error).message).toMatch(/^Wait:\d+$/);
  });

  it("one address guessing across many accounts is capped; other addresses are not", async () => {
    const address = freshAddress();
    // Unknown addresses count as much as real ones (and look the same: null).
    for (let i = 0; i < RULES.address.free; i += 1) expect(await attempt(`nobody-${randomUUID()}@example.org`, "guess", address)).toBeNull();
    const user = await account();
    expect(await refusal(attempt(user.email, PASSWORD, address))).toMatch(/^Wait:\d+$/);
    // Refused by the address cap, the account's own count is left as it was.
    expect(await db.signInFailure.findUnique({ where: { key: backoffKeys(user.email, address).account } })).toMatchObject({ failures: 0 });
    await expect(attempt(user.email, PASSWORD, freshAddress())).resolves.toEqual(user);
  });

  it("an unknown address and a wrong password give the same answer", async () => {
    const user = await account();
    expect(await attempt(user.email, "wrong", freshAddress())).toBeNull();
    expect(await attempt(`nobody-${randomUUID()}@example.org`, PASSWORD, freshAddress())).toBeNull();
  });
});

describe("what a failed sign-in may say", () => {
  it("a database error becomes the calm code “Unavailable”: never its text, never a wrong password", async () => {
    const user = await account();
    await db.$executeRawUnsafe(`ALTER TABLE "User" RENAME TO "UserAway"`);
    let message: string;
    try {
      message = await refusal(attempt(user.email, PASSWORD, freshAddress()));
    } finally {
      await db.$executeRawUnsafe(`ALTER TABLE "UserAway" RENAME TO "User"`);
    }
    expect(message).toBe("Unavailable");
    await expect(attempt(user.email, PASSWORD, freshAddress())).resolves.toEqual(user);
  });
});

describe("a Google sign-in for an address that has an account", () => {
  const google = () => `google-${randomUUID()}`;

  it("takes over an account whose address was never confirmed: its password is discarded and its sessions end", async () => {
    const squatter = await account({ confirmed: false });
    const session = await db.authSession.create({ data: { id: randomUUID(), userId: squatter.id } });

    const userId = await userForOAuth("google", google(), squatter.email, "Real Owner", true);

    expect(userId).toBe(squatter.id);
    const row = await db.user.findUniqueOrThrow({ where: { id: userId } });
    expect(row.passwordHash).toBeNull();
    expect(row.emailVerifiedAt).toBeInstanceOf(Date);
    expect((await db.authSession.findUniqueOrThrow({ where: { id: session.id } })).revokedAt).toBeInstanceOf(Date);
    expect(await attempt(squatter.email, PASSWORD, freshAddress())).toBeNull();
  });

  it("joins a confirmed account as it is: password and sessions kept", async () => {
    const owner = await account();
    const session = await db.authSession.create({ data: { id: randomUUID(), userId: owner.id } });
    const googleId = google();
    expect(await userForOAuth("google", googleId, owner.email, "Owner", true)).toBe(owner.id);
    expect(await verifyPassword((await db.user.findUniqueOrThrow({ where: { id: owner.id } })).passwordHash, PASSWORD)).toBe(true);
    expect((await db.authSession.findUniqueOrThrow({ where: { id: session.id } })).revokedAt).toBeNull();
    // And the next time, by the link.
    expect(await userForOAuth("google", googleId, owner.email, "Owner", true)).toBe(owner.id);
  });

  it("makes a new, confirmed account when only unconfirmed sign-ups wait for the address, and their links stop working", async () => {
    const email = `pending-${randomUUID()}@example.org`;
    const input = signUpSchema.parse({ name: "Squatter", email, password: "the squatter's password" });
    await signUp(input, freshAddress());
    const mail = await db.outboxMessage.findFirstOrThrow({ where: { to: email }, orderBy: { createdAt: "desc" } });
    const token = /\/confirm\/([A-Za-z0-9_-]{43})/.exec(mail.text)![1]!;

    const userId = await userForOAuth("google", google(), email, "Real Owner", true);
    const row = await db.user.findUniqueOrThrow({ where: { id: userId } });
    expect(row).toMatchObject({ email, name: "Real Owner", passwordHash: null });
    expect(row.emailVerifiedAt).toBeInstanceOf(Date);
    await refused(confirmSignUp(token), "NOT_FOUND");
    expect(await db.user.findUniqueOrThrow({ where: { id: userId } })).toMatchObject({ passwordHash: null });
  });

  it("GitHub, which does not vouch for the address, is refused an existing account", async () => {
    const owner = await account({ confirmed: false });
    await expect(userForOAuth("github", `gh-${randomUUID()}`, owner.email, "Someone", false)).rejects.toThrow("AccessDenied");
    expect(await db.oAuthAccount.count({ where: { userId: owner.id } })).toBe(0);
    expect(await verifyPassword((await db.user.findUniqueOrThrow({ where: { id: owner.id } })).passwordHash, PASSWORD)).toBe(true);
  });
});
