// How long a signed-in browser stays signed in: 30 days from signing in, however active
// it has been since. The cookie says the same, but a cookie is the browser's to keep; the
// server's AuthSession row is what decides, so a stolen or forgotten session ends too.
import type { Prisma } from "@/lib/generated/prisma/client";

export const SESSION_MAX_AGE_SECONDS = 30 * 24 * 60 * 60;

/** The earliest sign-in that still counts as a live session now. */
export const oldestLiveSignIn = (now = new Date()) => new Date(now.getTime() - SESSION_MAX_AGE_SECONDS * 1000);

/** An AuthSession that is neither revoked nor past its 30 days (by id, or any when none is given). */
export const liveSessionWhere = (id?: string): Prisma.AuthSessionWhereInput => ({
  ...(id === undefined ? {} : { id }),
  revokedAt: null,
  createdAt: { gt: oldestLiveSignIn() },
  user: { deletedAt: null },
});
