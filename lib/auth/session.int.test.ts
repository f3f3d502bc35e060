// Sessions end 30 days after signing in, however active they have been since.
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { makeUser } from "@/lib/groups/test-fixtures";
import { getProfile } from "./accounts";
import { findLiveSession } from "./session";

const DAY = 24 * 60 * 60 * 1000;

async function sessionSignedInDaysAgo(userId: string, days: number) {
  const createdAt = new Date(Date.now() - days * DAY);
  // Used a moment ago: activity does not extend a session past its 30 days.
  return db.authSession.create({ data: { id: randomUUID(), userId, createdAt, lastSeenAt: new Date() } });
}

describe("session lifetime", () => {
  it("a session signed in 29 days ago is live; one signed in 31 days ago has ended, though used today", async () => {
    const user = await makeUser("Sessions");
    const young = await sessionSignedInDaysAgo(user.id, 29);
    const old = await sessionSignedInDaysAgo(user.id, 31);
    expect(await findLiveSession(young.id)).toEqual({ ...user, sessionId: young.id });
    expect(await findLiveSession(old.id)).toBeNull();
  });

  it("a revoked session has ended, however young", async () => {
    const user = await makeUser("Sessions");
    const session = await sessionSignedInDaysAgo(user.id, 0);
    await db.authSession.update({ where: { id: session.id }, data: { revokedAt: new Date() } });
    expect(await findLiveSession(session.id)).toBeNull();
  });

  it("the account page counts only live sessions", async () => {
    const user = await makeUser("Sessions");
    const live = await sessionSignedInDaysAgo(user.id, 1);
    await sessionSignedInDaysAgo(user.id, 45);
    expect((await getProfile(user.id)).sessions.map((s) => s.id)).toEqual([live.id]);
  });
});
