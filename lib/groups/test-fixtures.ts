// Helpers for the integration tests of lib/groups, lib/auth and lib/rate-limit: real
// rows in the test file's own database (see scripts/test-db-per-file.ts), no mocks.
import { randomBytes, randomUUID } from "node:crypto";
import { expect } from "vitest";
import { db } from "@/lib/db";
import { AppError, type ErrorCode } from "@/lib/errors";
import type { Role } from "@/lib/generated/prisma/client";
import { createGroup, removeMember } from "./groups";
import { createInvite } from "./invites";

export type TestUser = { id: string; name: string; email: string };

let serial = 0;

/** A person with an account (no password: these tests never sign in). */
export async function makeUser(label = "Reader"): Promise<TestUser> {
  serial += 1;
  return db.user.create({
    data: { email: `${label.toLowerCase().replace(/\W+/g, "-")}-${randomUUID()}@example.org`, name: `${label} ${serial}` },
    select: { id: true, name: true, email: true },
  });
}

export async function addMember(groupId: string, userId: string, role: Role = "member") {
  await db.membership.create({ data: { groupId, userId, role } });
}

/** A client address no other test uses, so rate limits never carry over between tests. */
export const freshAddress = () => `test-${randomUUID()}`;

/** A token of the right shape that no invitation has. */
export const forgedToken = () => randomBytes(32).toString("base64url");

/**
 * One group with a person in each position the access rules distinguish:
 * its facilitator, two members, someone who was a member and was removed, and an
 * outsider; plus an open invitation link made by the facilitator.
 */
export async function scenario(label = "Circle") {
  const facilitator = await makeUser("Facilitator");
  const member = await makeUser("Member");
  const other = await makeUser("Other");
  const removed = await makeUser("Removed");
  const outsider = await makeUser("Outsider");
  const group = await createGroup(facilitator.id, { name: `${label} ${randomUUID().slice(0, 8)}`, description: "We read slowly." });
  await addMember(group.id, member.id);
  await addMember(group.id, other.id);
  await addMember(group.id, removed.id);
  await removeMember(facilitator.id, group.id, removed.id);
  const invite = await createInvite(facilitator.id, group.id, { expiresInDays: 7 });
  return { facilitator, member, other, removed, outsider, group, invite };
}
export type Scenario = Awaited<ReturnType<typeof scenario>>;

/** Every row of the tables the group functions may touch, in a stable order. */
export async function snapshot() {
  const [groups, memberships, invites, outbox] = await Promise.all([
    db.group.findMany({ orderBy: { id: "asc" } }),
    db.membership.findMany({ orderBy: [{ groupId: "asc" }, { userId: "asc" }] }),
    db.invite.findMany({ orderBy: { id: "asc" } }),
    db.outboxMessage.findMany({ orderBy: { id: "asc" } }),
  ]);
  return { groups, memberships, invites, outbox };
}
export type Snapshot = Awaited<ReturnType<typeof snapshot>>;

/** "ok", or the AppError code the call was refused with; anything else fails the test. */
export async function outcome(call: () => Promise<unknown>): Promise<"ok" | ErrorCode> {
  try {
    await call();
    return "ok";
  } catch (error) {
    if (error instanceof AppError) return error.code;
    throw error;
  }
}

/** The AppError a call must be refused with. */
export async function refused(call: Promise<unknown> | (() => Promise<unknown>), code: ErrorCode): Promise<AppError> {
  let error: unknown;
  try {
    await (typeof call === "function" ? call() : call);
  } catch (caught) {
    error = caught;
  }
  expect(error, `expected ${code}, but the call succeeded`).toBeDefined();
  expect(error).toBeInstanceOf(AppError);
  expect((error as AppError).code).toBe(code);
  return error as AppError;
}

export const roleOf = async (groupId: string, userId: string) =>
  (await db.membership.findUnique({ where: { groupId_userId: { groupId, userId } }, select: { role: true } }))?.role ?? null;
