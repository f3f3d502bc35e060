import "server-only";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { Prisma } from "@/lib/generated/prisma/client";
import { consume, LIMITS } from "@/lib/rate-limit";
import { hashPassword, verifyPassword } from "./password";
import type { changePasswordSchema, profileSchema, signUpSchema } from "./schemas";
import type { z } from "zod";

export async function signUp(input: z.infer<typeof signUpSchema>, address: string) {
  await consume([LIMITS.signUpPerAddress(address)], "Too many new accounts from this network.");
  const passwordHash = await hashPassword(input.password);
  try {
    return await db.user.create({
      data: { email: input.email, name: input.name, passwordHash },
      select: { id: true, email: true, name: true },
    });
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002")
      throw new AppError("CONFLICT", "An account with this email already exists. Sign in instead.", {
        fieldErrors: { email: ["An account with this email already exists. Sign in instead."] },
      });
    throw error;
  }
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
      sessions: { where: { revokedAt: null }, select: { id: true, createdAt: true }, orderBy: { createdAt: "desc" } },
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
