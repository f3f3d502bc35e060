import "server-only";
import type { z } from "zod";
import { db } from "@/lib/db";
import { AppError, notFound } from "@/lib/errors";
import type { Role } from "@/lib/generated/prisma/client";
import { idSchema, type groupSchema } from "./schemas";
import { readReceipt, removalReceipt } from "./undo";

// Every function here takes the acting user's id and puts the membership check into
// the query itself: a group the user does not belong to is indistinguishable from a
// group that does not exist (NOT_FOUND, never "forbidden").

export const asFacilitator = (userId: string) => ({ memberships: { some: { userId, role: "facilitator" as Role } } });
export const asMember = (userId: string) => ({ memberships: { some: { userId } } });

/** Ids that cannot exist are refused before any query. */
export function checkId(id: string, what = "That group"): string {
  if (!idSchema.safeParse(id).success) throw notFound(what);
  return id;
}

export async function createGroup(userId: string, input: Omit<z.infer<typeof groupSchema>, "timeZone" | "membersAddTexts"> & { timeZone?: string; membersAddTexts?: boolean }) {
  return db.group.create({
    data: { ...input, memberships: { create: { userId, role: "facilitator" } } },
    select: { id: true, name: true },
  });
}

export async function listMyGroups(userId: string) {
  const memberships = await db.membership.findMany({
    where: { userId },
    orderBy: { group: { name: "asc" } },
    select: {
      role: true,
      group: { select: { id: true, name: true, description: true, _count: { select: { memberships: true } } } },
    },
  });
  return memberships.map((m) => ({ ...m.group, role: m.role, memberCount: m.group._count.memberships }));
}

/** The group with this user's role in it, for its pages. */
export async function getGroup(userId: string, groupId: string) {
  const group = await db.group.findFirst({
    where: { id: checkId(groupId), ...asMember(userId) },
    select: {
      id: true,
      name: true,
      description: true,
      timeZone: true,
      membersAddTexts: true,
      createdAt: true,
      memberships: { where: { userId }, select: { role: true } },
    },
  });
  if (!group) throw notFound("That group");
  const { memberships, ...rest } = group;
  return { ...rest, myRole: memberships[0]!.role };
}

/**
 * Who is in the group. Email addresses are for its facilitators (who invite and remove
 * people); members see one another's names only.
 */
export async function listMembers(userId: string, groupId: string): Promise<{ id: string; name: string; email?: string; role: Role; joinedAt: Date }[]> {
  const group = await db.group.findFirst({
    where: { id: checkId(groupId), ...asMember(userId) },
    select: {
      memberships: {
        orderBy: [{ role: "asc" }, { user: { name: "asc" } }],
        select: { role: true, createdAt: true, user: { select: { id: true, name: true, email: true } } },
      },
    },
  });
  if (!group) throw notFound("That group");
  const facilitator = group.memberships.some((m) => m.user.id === userId && m.role === "facilitator");
  return group.memberships.map(({ user: { email, ...user }, role, createdAt }) => ({ ...user, ...(facilitator ? { email } : {}), role, joinedAt: createdAt }));
}

export async function updateGroup(userId: string, groupId: string, input: Partial<z.infer<typeof groupSchema>>) {
  const { count } = await db.group.updateMany({ where: { id: checkId(groupId), ...asFacilitator(userId) }, data: input });
  if (count === 0) throw notFound("That group");
}

/**
 * Changes a member's role, or removes them (role null). The group must keep a
 * facilitator: the change happens under a row lock on the group, so two facilitators
 * demoting each other at once cannot leave it without one.
 */
export async function changeMembership(
  actorId: string,
  groupId: string,
  targetUserId: string,
  role: Role | null,
): Promise<{ receipt?: string }> {
  checkId(groupId);
  checkId(targetUserId, "That member");
  return db.$transaction(async (tx) => {
    const locked = await tx.$queryRaw<{ id: string }[]>`
      SELECT g.id FROM "Group" g
      JOIN "Membership" m ON m."groupId" = g.id AND m."userId" = ${actorId}
      WHERE g.id = ${groupId} AND (m.role = 'facilitator' OR ${actorId} = ${targetUserId})
      FOR UPDATE OF g`;
    if (locked.length === 0) throw notFound("That group");
    const target = await tx.membership.findUnique({ where: { groupId_userId: { groupId, userId: targetUserId } } });
    if (!target) throw notFound("That member");
    const actorIsFacilitator =
      (await tx.membership.count({ where: { groupId, userId: actorId, role: "facilitator" } })) === 1;
    // A member may only remove themselves (leave); roles are for facilitators to change.
    if (!actorIsFacilitator && (role !== null || actorId !== targetUserId)) throw notFound("That group");

    const losesFacilitator = target.role === "facilitator" && role !== "facilitator";
    if (losesFacilitator) {
      const facilitators = await tx.membership.count({ where: { groupId, role: "facilitator" } });
      const members = await tx.membership.count({ where: { groupId } });
      const leavingAlone = role === null && members === 1;
      if (facilitators === 1 && !leavingAlone)
        throw new AppError(
          "CONFLICT",
          actorId === targetUserId
            ? "You are the group’s only facilitator. Make someone else a facilitator first."
            : "A group needs at least one facilitator.",
        );
    }
    if (role === null) {
      await tx.membership.delete({ where: { groupId_userId: { groupId, userId: targetUserId } } });
      // The last person out closes the group, and there is nothing to undo.
      if ((await tx.membership.count({ where: { groupId } })) === 0) {
        await tx.group.delete({ where: { id: groupId } });
        return {};
      }
      return { receipt: removalReceipt({ groupId, userId: targetUserId, role: target.role, by: actorId }) };
    }
    await tx.membership.update({ where: { groupId_userId: { groupId, userId: targetUserId } }, data: { role } });
    return {};
  });
}

/**
 * Undoes a removal or a leave, with the receipt the person who made it was given.
 * Someone removed by a facilitator comes back only through that facilitator, while
 * they still facilitate; someone who left may come back by themselves.
 */
export async function restoreMember(actorId: string, groupId: string, receipt: string) {
  checkId(groupId);
  const removal = readReceipt(receipt);
  if (!removal || removal.groupId !== groupId || removal.by !== actorId) throw notFound("That group");
  if (removal.expires < Date.now()) throw new AppError("GONE", "It is too late to undo that; send a new invitation instead.");
  await db.$transaction(async (tx) => {
    const group = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM "Group" WHERE id = ${groupId} FOR UPDATE`;
    if (group.length === 0) throw notFound("That group");
    if (removal.userId !== actorId) {
      const facilitates = await tx.membership.count({ where: { groupId, userId: actorId, role: "facilitator" } });
      if (facilitates === 0) throw notFound("That group");
    }
    await tx.membership.upsert({
      where: { groupId_userId: { groupId, userId: removal.userId } },
      create: { groupId, userId: removal.userId, role: removal.role },
      update: {},
    });
  });
}

export const removeMember = (actorId: string, groupId: string, userId: string) => changeMembership(actorId, groupId, userId, null);
export const leaveGroup = (userId: string, groupId: string) => changeMembership(userId, groupId, userId, null);
export const setRole = (actorId: string, groupId: string, userId: string, role: Role) =>
  changeMembership(actorId, groupId, userId, role);
