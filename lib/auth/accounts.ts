import "server-only";
import { createHash, randomBytes } from "node:crypto";
import { db } from "@/lib/db";
import { siteUrl } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { Prisma } from "@/lib/generated/prisma/client";
import { sendMail } from "@/lib/mail";
import { confirmationMail, signUpAttemptMail } from "@/lib/mail/templates";
import { consume, LIMITS, type Limit } from "@/lib/rate-limit";
import { hashPassword, verifyPassword } from "./password";
import { liveSessionWhere } from "./session-lifetime";
import type { changePasswordSchema, profileSchema, signUpSchema } from "./schemas";
import type { z } from "zod";

/** How long a confirmation link works. */
export const CONFIRMATION_HOURS = 24;
// Mail to one address, whoever asks for it: enough for someone who lost a message, too few to flood an inbox.
const mailPerAddress = (email: string): Limit => ({ key: `sign-up:mail:${email}`, max: 5, windowSeconds: 60 * 60 });

const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");

/**
 * A password sign-up: nothing is created but a request waiting for its address to be
 * confirmed, and a link goes to that address. When the address already has an account,
 * its owner is told by mail instead; the answer is the same either way, so the form
 * never reveals who has an account.
 */
export async function signUp(input: z.infer<typeof signUpSchema>, address: string, callbackUrl = "/groups"): Promise<void> {
  await consume([LIMITS.signUpPerAddress(address)], "Too many new accounts from this network.");
  // Hashed either way, so the answer takes as long for a known address as for a new one.
  const passwordHash = await hashPassword(input.password);
  const existing = await db.user.findUnique({ where: { email: input.email }, select: { name: true } });
  try {
    await consume([mailPerAddress(input.email)], "Too much mail to this address.");
  } catch (error) {
    // Past the limit the answer is still "check your mail": only the mail is not sent.
    if (error instanceof AppError && error.code === "RATE_LIMITED") return;
    throw error;
  }
  if (existing) {
    await sendMail(signUpAttemptMail({ to: input.email, name: existing.name, signInUrl: `${siteUrl()}/sign-in` }));
    return;
  }
  const token = randomBytes(32).toString("base64url");
  await db.$transaction([
    db.signUpRequest.deleteMany({ where: { expiresAt: { lt: new Date() } } }),
    db.signUpRequest.create({
      data: {
        email: input.email,
        name: input.name,
        passwordHash,
        tokenHash: hashToken(token),
        callbackUrl,
        expiresAt: new Date(Date.now() + CONFIRMATION_HOURS * 60 * 60 * 1000),
      },
    }),
  ]);
  await sendMail(confirmationMail({ to: input.email, name: input.name, url: `${siteUrl()}/confirm/${token}` }));
}

const LINK_UNKNOWN = "This confirmation link is not valid. It may have been used already, or mistyped.";
const LINK_EXPIRED = "This confirmation link has expired. Sign up again to get a new one.";

/** Validates a token's shape before any query: a link someone typed can be anything. */
const tokenShape = (token: string) => /^[A-Za-z0-9_-]{43}$/.test(token);

/** A waiting sign-up as its confirmation page shows it; NOT_FOUND or GONE when the link can't be used. */
export async function getSignUpRequest(token: string) {
  const request = tokenShape(token)
    ? await db.signUpRequest.findUnique({ where: { tokenHash: hashToken(token) }, select: { email: true, expiresAt: true } })
    : null;
  if (!request) throw new AppError("NOT_FOUND", LINK_UNKNOWN);
  if (request.expiresAt <= new Date()) throw new AppError("GONE", LINK_EXPIRED);
  return { email: request.email };
}

export type Confirmation = { outcome: "created" | "already-exists"; email: string; callbackUrl: string };

/**
 * Follows a confirmation link, once: the account is made, its address confirmed, and
 * every other sign-up waiting for the address is dropped. If the address got an account
 * in the meantime (a Google sign-in, another confirmed request), that account stands and
 * this request's password is discarded.
 */
export async function confirmSignUp(token: string): Promise<Confirmation> {
  if (!tokenShape(token)) throw new AppError("NOT_FOUND", LINK_UNKNOWN);
  let result: Confirmation | { outcome: "expired" };
  try {
    result = await db.$transaction(async (tx): Promise<Confirmation | { outcome: "expired" }> => {
      const request = await tx.signUpRequest.findUnique({ where: { tokenHash: hashToken(token) } });
      // Used once: of two confirmations at the same moment, only one deletes the row.
      const { count } = request ? await tx.signUpRequest.deleteMany({ where: { id: request.id } }) : { count: 0 };
      if (!request || count === 0) throw new AppError("NOT_FOUND", LINK_UNKNOWN);
      if (request.expiresAt <= new Date()) return { outcome: "expired" };
      const { email, callbackUrl } = request;
      const existing = await tx.user.findUnique({ where: { email }, select: { id: true } });
      if (!existing)
        await tx.user.create({
          data: { email, name: request.name, passwordHash: request.passwordHash, emailVerifiedAt: new Date() },
          select: { id: true },
        });
      await tx.signUpRequest.deleteMany({ where: { email } });
      return { outcome: existing ? "already-exists" : "created", email, callbackUrl };
    });
  } catch (error) {
    // Two confirmations for one address at the same moment: the other one made the account.
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002")
      throw new AppError("CONFLICT", "This address already has an account. Sign in instead.");
    throw error;
  }
  // An expired link is used up all the same (its request is gone).
  if (result.outcome === "expired") throw new AppError("GONE", LINK_EXPIRED);
  return result;
}

export async function getProfile(userId: string) {
  return db.user.findUniqueOrThrow({
    where: { id: userId },
    select: {
      id: true,
      name: true,
      email: true,
      passwordHash: true,
      oauth: { select: { provider: true } },
      sessions: { where: liveSessionWhere(), select: { id: true, createdAt: true }, orderBy: { createdAt: "desc" } },
    },
  }).then(({ passwordHash, ...profile }) => ({ ...profile, hasPassword: passwordHash !== null }));
}

export async function updateProfile(userId: string, input: z.infer<typeof profileSchema>) {
  await db.user.update({ where: { id: userId }, data: { name: input.name } });
}

/** Ends every session of this person but the one making the request. */
export async function endOtherSessions(userId: string, currentSessionId: string): Promise<number> {
  const { count } = await db.authSession.updateMany({
    where: { userId, revokedAt: null, NOT: { id: currentSessionId } },
    data: { revokedAt: new Date() },
  });
  return count;
}

export async function changePassword(userId: string, currentSessionId: string, input: z.infer<typeof changePasswordSchema>) {
  const user = await db.user.findUniqueOrThrow({ where: { id: userId }, select: { passwordHash: true } });
  if (user.passwordHash && !(await verifyPassword(user.passwordHash, input.currentPassword)))
    throw new AppError("BAD_REQUEST", "Your current password is not right.", {
      fieldErrors: { currentPassword: ["That is not your current password."] },
    });
  const passwordHash = await hashPassword(input.newPassword);
  await db.$transaction([
    db.user.update({ where: { id: userId }, data: { passwordHash } }),
    db.authSession.updateMany({
      where: { userId, revokedAt: null, NOT: { id: currentSessionId } },
      data: { revokedAt: new Date() },
    }),
  ]);
}
