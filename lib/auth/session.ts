import "server-only";
import { cache } from "react";
import { cookies, headers } from "next/headers";
import { getToken } from "next-auth/jwt";
import { sqlQuery } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import { env } from "@/lib/env";
import { decodeRemembered } from "@/lib/auth/token-cache";
import { AppError } from "@/lib/errors";
import { oldestLiveSignIn } from "./session-lifetime";

export type CurrentUser = { id: string; name: string; email: string; sessionId: string };

/**
 * The signed-in person for this request, checked against the server's session record.
 *
 * The session cookie (next-auth's encrypted JWT) is read here and its AuthSession row
 * looked up directly, rather than through next-auth's getServerSession: that one runs
 * the check inside next-auth's callback, where any error — a database outage included —
 * is taken to mean "no session". Here a database error propagates, so the request
 * answers 503 and the person stays signed in; only a missing, revoked or expired
 * session (30 days after signing in, however active) means signed out.
 */
export const getCurrentUser = cache(async (): Promise<CurrentUser | null> => {
  const [cookieStore, headerList] = await Promise.all([cookies(), headers()]);
  const token = await getToken({
    req: { headers: Object.fromEntries(headerList), cookies: Object.fromEntries(cookieStore.getAll().map((c) => [c.name, c.value])) } as never,
    secret: env.NEXTAUTH_SECRET,
    decode: decodeRemembered,
  });
  if (!token || typeof token.sid !== "string") return null;
  return findLiveSession(token.sid);
});

/**
 * The person a session id belongs to, while it is live (not revoked, not past its 30 days):
 * the rule of liveSessionWhere, asked on every request as one prepared statement. A deleted
 * account has no sessions left; it is refused here all the same.
 */
export async function findLiveSession(sessionId: string): Promise<CurrentUser | null> {
  const [user] = await sqlQuery<{ id: string; name: string; email: string }>(Prisma.sql`
    SELECT u.id, u.name, u.email FROM "AuthSession" s JOIN "User" u ON u.id = s."userId"
    WHERE s.id = ${sessionId} AND s."revokedAt" IS NULL AND u."deletedAt" IS NULL AND s."createdAt" > ${oldestLiveSignIn().toISOString()}::timestamp`);
  return user ? { ...user, sessionId } : null;
}

/** For actions and route handlers: the signed-in person, or UNAUTHENTICATED. */
export async function requireUser(): Promise<CurrentUser> {
  const user = await getCurrentUser();
  if (!user) throw new AppError("UNAUTHENTICATED", "Sign in to continue.");
  return user;
}
