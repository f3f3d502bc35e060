import "server-only";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { Prisma } from "@/lib/generated/prisma/client";
import { annotationEvent } from "@/lib/realtime/events";
import { anonymisedEmail, FORMER_MEMBER, groupOutcome, handOverFirst, renameMentions, type GroupStanding } from "./former-member";
import { verifyPassword } from "./password";
import type { deleteAccountSchema } from "./schemas";
import type { z } from "zod";

// Deleting an account (docs/accounts.md, "Deleting an account"). The person's shared notes
// and replies stay in their groups under "A former member", so threads others answered
// stay whole; everything else that was theirs goes, and the User row is kept only as that
// anonymous author: no name, an address that cannot receive mail, no password, no session.
// All of it is one transaction: an error anywhere leaves the account as it was.

export type AffectedGroup = GroupStanding & { outcome: ReturnType<typeof groupOutcome> };

/** What the confirmation step shows: each group and what happens to it, and what the person wrote. */
export async function accountDeletionPlan(userId: string) {
  const groups: AffectedGroup[] = (await standings(db, userId)).map((g) => ({ ...g, outcome: groupOutcome(g) }));
  // What stays is what they shared in groups that carry on (a group they are alone in closes).
  const closing = groups.filter((g) => g.outcome === "closed").map((g) => g.id);
  const written = { authorId: userId, deletedAt: null };
  const [sharedNotes, sharedReplies, privateNotes] = await Promise.all([
    db.annotation.count({ where: { ...written, visibility: "group", kind: { not: "reply" }, groupId: { notIn: closing } } }),
    db.annotation.count({ where: { ...written, visibility: "group", kind: "reply", groupId: { notIn: closing } } }),
    db.annotation.count({ where: { ...written, visibility: "private", kind: { not: "reply" } } }),
  ]);
  return { groups, sharedNotes, sharedReplies, privateNotes };
}

/** Each group the person is in, with their role and how many members and facilitators it has. */
async function standings(tx: Prisma.TransactionClient, userId: string, lock = false): Promise<GroupStanding[]> {
  // Locked in id order (the order everyone who changes memberships takes): a facilitator
  // demoted at the same moment cannot leave a group without one.
  const locked = lock
    ? await tx.$queryRaw<{ id: string }[]>`
        SELECT g.id FROM "Group" g JOIN "Membership" m ON m."groupId" = g.id AND m."userId" = ${userId}
        ORDER BY g.id FOR UPDATE OF g`
    : null;
  if (locked && locked.length === 0) return [];
  const rows = await tx.$queryRaw<GroupStanding[]>`
    SELECT g.id, g.name, m.role::text AS role,
           (SELECT count(*)::int FROM "Membership" f WHERE f."groupId" = g.id AND f.role = 'facilitator') AS facilitators,
           (SELECT count(*)::int FROM "Membership" a WHERE a."groupId" = g.id) AS members
    FROM "Group" g JOIN "Membership" m ON m."groupId" = g.id AND m."userId" = ${userId}
    ORDER BY g.name, g.id`;
  return rows;
}

const WRONG_PASSWORD = { password: ["That is not your password."] };
const WRONG_EMAIL = { email: ["Type the address shown above, exactly as it is."] };

/**
 * Deletes the account of the person signed in. The caller passes the id from the session,
 * never from the request. A password account confirms with its password; an account that
 * only signs in with GitHub or Google types its email address.
 */
export async function deleteAccount(userId: string, confirmation: z.infer<typeof deleteAccountSchema>): Promise<void> {
  const user = await db.user.findFirst({ where: { id: userId, deletedAt: null }, select: { email: true, passwordHash: true, name: true } });
  if (!user) throw new AppError("UNAUTHENTICATED", "Sign in to continue.");
  if (user.passwordHash) {
    if (!confirmation.password) throw new AppError("BAD_REQUEST", "Some fields need attention.", { fieldErrors: { password: ["Enter your password."] } });
    if (!(await verifyPassword(user.passwordHash, confirmation.password)))
      throw new AppError("BAD_REQUEST", "Your password is not right.", { fieldErrors: WRONG_PASSWORD });
  } else {
    const typed = (confirmation.email ?? "").trim().toLowerCase();
    if (!typed) throw new AppError("BAD_REQUEST", "Some fields need attention.", { fieldErrors: { email: ["Type your email address."] } });
    if (typed !== user.email) throw new AppError("BAD_REQUEST", "That is not your email address.", { fieldErrors: WRONG_EMAIL });
  }

  await db.$transaction(
    async (tx) => {
      // The row as it was confirmed: a password changed (or the account deleted) meanwhile stops this.
      const [current] = await tx.$queryRaw<{ name: string }[]>`
        SELECT name FROM "User" WHERE id = ${userId} AND "deletedAt" IS NULL
          AND "passwordHash" IS NOT DISTINCT FROM ${user.passwordHash} FOR UPDATE`;
      if (!current) throw new AppError("CONFLICT", "Your account changed while you were confirming. Please try again.");

      const groups = (await standings(tx, userId, true)).map((g) => ({ ...g, outcome: groupOutcome(g) }));
      const blocked = groups.filter((g) => g.outcome === "blocked");
      if (blocked.length) throw new AppError("CONFLICT", handOverFirst(blocked.map((g) => g.name)));
      // A group they are alone in closes, with everything in it, as when the last person leaves.
      const closed = groups.filter((g) => g.outcome === "closed").map((g) => g.id);
      if (closed.length) await tx.group.deleteMany({ where: { id: { in: closed } } });

      // Others' notes keep their mentions of the person, written as "@A former member".
      const mentioning = await tx.annotation.findMany({
        where: { mentions: { some: { userId } }, deletedAt: null },
        select: { id: true, body: true },
      });
      const renamed = mentioning
        .map((note) => ({ id: note.id, body: renameMentions(note.body, current.name) }))
        .filter((note, i) => note.body !== mentioning[i]!.body);
      // A new revision, so an edit made on the copy with the name is refused (409), not saved over this.
      for (const note of renamed)
        await tx.annotation.update({ where: { id: note.id }, data: { body: note.body, revision: { increment: 1 } } });

      // Their reactions go: the notes they were on change for everyone who reads them.
      const reacted = await tx.reaction.findMany({ where: { userId, annotation: { visibility: "group" } }, select: { annotationId: true }, distinct: ["annotationId"] });
      await tx.reaction.deleteMany({ where: { userId } });

      // Private notes (and whatever hangs on them: replies, follows, notifications) go.
      await tx.annotation.deleteMany({ where: { authorId: userId, visibility: "private" } });
      // Notes they had deleted themselves can no longer be restored: gone for good when
      // nothing hangs on them, their words erased where replies keep them as a placeholder.
      await tx.annotation.deleteMany({
        where: { authorId: userId, deletedAt: { not: null }, replies: { none: {} }, threadReplies: { none: {} } },
      });
      await tx.annotation.updateMany({ where: { authorId: userId, deletedAt: { not: null } }, data: { body: "", title: null, fieldTags: [] } });
      await tx.threadFollow.deleteMany({ where: { userId } });
      await tx.notification.deleteMany({ where: { userId } });
      await tx.readingProgress.deleteMany({ where: { userId } });
      await tx.presence.deleteMany({ where: { userId } });
      await tx.invite.deleteMany({ where: { createdById: userId } });
      await tx.membership.deleteMany({ where: { userId } });
      await tx.oAuthAccount.deleteMany({ where: { userId } });
      // Every session ends now: an open tab is signed out on its next request.
      await tx.authSession.deleteMany({ where: { userId } });
      // Sign-ups still waiting for the address were claims to it: it starts fresh.
      await tx.signUpRequest.deleteMany({ where: { email: user.email } });
      await tx.user.update({
        where: { id: userId },
        data: {
          name: FORMER_MEMBER,
          email: anonymisedEmail(userId),
          passwordHash: null,
          emailVerifiedAt: null,
          deletedAt: new Date(),
          showPresence: false,
          emailFrequency: "none",
        },
      });

      // Open readers hear of the notes that changed (the name itself reaches cached lists
      // through the account's updatedAt). Events last: they take the groups' counters.
      for (const note of renamed) await annotationEvent(tx, note.id, "annotation.updated", userId);
      for (const { annotationId } of reacted) await annotationEvent(tx, annotationId, "reaction", userId);
    },
    { timeout: 30_000 },
  );
}
