import "server-only";
import { createHash, randomBytes } from "node:crypto";
import type { z } from "zod";
import { db } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import { AppError, notFound } from "@/lib/errors";
import { sendMail } from "@/lib/mail";
import { invitationMail } from "@/lib/mail/templates";
import { consume, LIMITS, type Limit } from "@/lib/rate-limit";
import { siteUrl } from "@/lib/env";
import { asFacilitator, checkId } from "./groups";
import type { inviteByEmailSchema, inviteSchema } from "./schemas";

const DAY = 24 * 60 * 60 * 1000;

/**
 * Invitations by email, so the app cannot be used to mail strangers in bulk: per sender
 * and per group, counted in Postgres like every limit (lib/rate-limit.ts).
 */
export const INVITE_MAIL_LIMITS = {
  perSender: (userId: string): Limit => ({ key: `invite-mail:sender:${userId}`, max: 30, windowSeconds: 60 * 60 }),
  perGroup: (groupId: string): Limit => ({ key: `invite-mail:group:${groupId}`, max: 100, windowSeconds: 24 * 60 * 60 }),
};

const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");

/** Tokens are 32 random bytes; anything that cannot be one is refused without a lookup. */
const TOKEN = /^[A-Za-z0-9_-]{43}$/;

export const invitePath = (token: string) => `/invite/${token}`;

/**
 * The address an invitation link is given out as: always the app's own configured
 * address (NEXTAUTH_URL, or the one the app starts with), never a request's Host or
 * X-Forwarded-Host, which the client chooses.
 */
export const inviteUrl = (token: string) => `${siteUrl()}${invitePath(token)}`;

export async function createInvite(
  actorId: string,
  groupId: string,
  input: z.infer<typeof inviteSchema> & { email?: string },
): Promise<{ id: string; token: string; expiresAt: Date }> {
  const group = await db.group.findFirst({ where: { id: checkId(groupId), ...asFacilitator(actorId) }, select: { id: true } });
  if (!group) throw notFound("That group");
  const token = randomBytes(32).toString("base64url");
  const invite = await db.invite
    .create({
    data: {
      groupId,
      tokenHash: hashToken(token),
      createdById: actorId,
      email: input.email ?? null,
      expiresAt: new Date(Date.now() + input.expiresInDays * DAY),
      maxUses: input.email ? 1 : (input.maxUses ?? null),
    },
    select: { id: true, expiresAt: true },
    })
    .catch((error: unknown) => {
      // The group was closed between the check and the insert.
      if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2003") throw notFound("That group");
      throw error;
    });
  return { ...invite, token };
}

/** Mails an invitation (single use, for that address only). Facilitators only; rate-limited per sender and per group. */
export async function inviteByEmail(actor: { id: string; name: string }, groupId: string, input: z.infer<typeof inviteByEmailSchema>) {
  const facilitated = await db.group.findFirst({ where: { id: checkId(groupId), ...asFacilitator(actor.id) }, select: { id: true } });
  if (!facilitated) throw notFound("That group");
  await consume(
    [INVITE_MAIL_LIMITS.perSender(actor.id), INVITE_MAIL_LIMITS.perGroup(facilitated.id)],
    "That is a lot of invitations by email in a short time; an invitation link may suit better.",
  );
  const invite = await createInvite(actor.id, groupId, { expiresInDays: input.expiresInDays, email: input.email });
  const group = await db.group.findUniqueOrThrow({ where: { id: groupId }, select: { name: true } });
  await sendMail(
    invitationMail({
      to: input.email,
      inviter: actor.name,
      group: group.name,
      url: inviteUrl(invite.token),
      expiresAt: invite.expiresAt,
    }),
  );
  return invite;
}

export async function listInvites(actorId: string, groupId: string) {
  const group = await db.group.findFirst({
    where: { id: checkId(groupId), ...asFacilitator(actorId) },
    select: {
      invites: {
        // What a removed or demoted facilitator made no longer works, so it is not listed either.
        where: { revokedAt: null, expiresAt: { gt: new Date() }, createdBy: { memberships: { some: { groupId, role: "facilitator" } } } },
        orderBy: { createdAt: "desc" },
        select: { id: true, email: true, expiresAt: true, maxUses: true, uses: true, createdAt: true, createdBy: { select: { name: true } } },
      },
    },
  });
  if (!group) throw notFound("That group");
  return group.invites.filter((i) => i.maxUses === null || i.uses < i.maxUses);
}

export async function revokeInvite(actorId: string, groupId: string, inviteId: string) {
  const { count } = await db.invite.updateMany({
    where: { id: checkId(inviteId, "That invitation"), groupId: checkId(groupId), revokedAt: null, group: asFacilitator(actorId) },
    data: { revokedAt: new Date() },
  });
  if (count === 0) throw notFound("That invitation");
}

export type InviteState =
  | { state: "valid"; groupId: string; groupName: string; inviter: string; alreadyMember: boolean }
  | { state: "expired" | "revoked" | "used-up" | "unknown" };

// An invitation speaks for the facilitator who made it: once they are removed from the
// group, leave it or are made a plain member, what they handed out stops working (as if
// withdrawn). An invitation sent by email is for that address alone.

/** The invitation's maker is still one of its group's facilitators. */
const makerStillFacilitates = (invite: { groupId: string; createdById: string }) =>
  db.membership.count({ where: { groupId: invite.groupId, userId: invite.createdById, role: "facilitator" } }).then((n) => n > 0);

const sameAddress = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

/** What an invitation link leads to, for the page a visitor lands on. Changes nothing. */
export async function describeInvite(token: string, userId: string | null): Promise<InviteState> {
  if (!TOKEN.test(token)) return { state: "unknown" };
  const invite = await db.invite.findUnique({
    where: { tokenHash: hashToken(token) },
    select: {
      groupId: true,
      createdById: true,
      revokedAt: true,
      expiresAt: true,
      maxUses: true,
      uses: true,
      createdBy: { select: { name: true } },
      group: { select: { id: true, name: true, memberships: userId ? { where: { userId }, select: { role: true } } : false } },
    },
  });
  if (!invite) return { state: "unknown" };
  const alreadyMember = Boolean(userId && invite.group.memberships?.length);
  if (invite.revokedAt || !(await makerStillFacilitates(invite))) return { state: "revoked" };
  if (invite.expiresAt <= new Date()) return { state: "expired" };
  if (invite.maxUses !== null && invite.uses >= invite.maxUses && !alreadyMember) return { state: "used-up" };
  return { state: "valid", groupId: invite.group.id, groupName: invite.group.name, inviter: invite.createdBy.name, alreadyMember };
}

const REFUSALS: Record<Exclude<InviteState["state"], "valid">, string> = {
  unknown: "This invitation link is not valid. Check that you copied all of it, or ask for a new one.",
  expired: "This invitation has expired. Ask the group’s facilitator for a new link.",
  revoked: "This invitation was withdrawn. Ask the group’s facilitator for a new link.",
  "used-up": "This invitation has been used as many times as it allows. Ask for a new link.",
};
const OTHER_ADDRESS = "This invitation was sent to a different email address. Sign in with the account for that address to accept it, or ask for an invitation of your own.";

export function refusal(state: Exclude<InviteState["state"], "valid">) {
  return REFUSALS[state];
}

/** Joins the group the invitation is for. Idempotent for someone already in it. */
export async function acceptInvite(userId: string, token: string, address: string): Promise<{ groupId: string }> {
  await consume([LIMITS.invitePerAddress(address), LIMITS.invitePerAccount(userId)], "Too many invitation attempts.");
  if (!TOKEN.test(token)) throw new AppError("NOT_FOUND", REFUSALS.unknown);
  // The group may be closed (its last member leaving) while this runs: Postgres then
  // reports a deadlock or a vanished row. Trying again gives the true answer.
  for (let attempt = 1; ; attempt++) {
    try {
      return await joinWithToken(userId, token);
    } catch (error) {
      const retryable = error instanceof Prisma.PrismaClientKnownRequestError && ["P2034", "P2003", "P2025"].includes(error.code);
      if (!retryable || attempt === 3) throw error;
    }
  }
}

function joinWithToken(userId: string, token: string): Promise<{ groupId: string }> {
  return db.$transaction(async (tx) => {
    // Locks in the same order as changeMembership (the group, then what is in it), so
    // joining while the last member leaves waits instead of deadlocking.
    const [target] = await tx.$queryRaw<{ groupId: string }[]>`
      SELECT "groupId" FROM "Invite" WHERE "tokenHash" = ${hashToken(token)}`;
    if (!target) throw new AppError("NOT_FOUND", REFUSALS.unknown);
    const group = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM "Group" WHERE id = ${target.groupId} FOR SHARE`;
    if (group.length === 0) throw new AppError("NOT_FOUND", REFUSALS.unknown);
    // Lock the invitation row: two people using the last use at once get one each, not both.
    const [invite] = await tx.$queryRaw<
      { id: string; groupId: string; createdById: string; email: string | null; revokedAt: Date | null; expiresAt: Date; maxUses: number | null; uses: number }[]
    >`SELECT id, "groupId", "createdById", email, "revokedAt", "expiresAt", "maxUses", uses FROM "Invite" WHERE "tokenHash" = ${hashToken(token)} FOR UPDATE`;
    if (!invite) throw new AppError("NOT_FOUND", REFUSALS.unknown);
    const member = await tx.membership.findUnique({ where: { groupId_userId: { groupId: invite.groupId, userId } } });
    const maker = await tx.membership.findUnique({ where: { groupId_userId: { groupId: invite.groupId, userId: invite.createdById } }, select: { role: true } });
    if (invite.revokedAt || maker?.role !== "facilitator") throw new AppError("GONE", REFUSALS.revoked);
    if (invite.expiresAt <= new Date()) throw new AppError("GONE", REFUSALS.expired);
    if (member) return { groupId: invite.groupId };
    if (invite.email !== null) {
      const person = await tx.user.findUnique({ where: { id: userId }, select: { email: true } });
      if (!person || !sameAddress(person.email, invite.email)) throw new AppError("CONFLICT", OTHER_ADDRESS);
    }
    if (invite.maxUses !== null && invite.uses >= invite.maxUses) throw new AppError("GONE", REFUSALS["used-up"]);
    await tx.membership.create({ data: { groupId: invite.groupId, userId, role: "member" } });
    await tx.invite.update({ where: { id: invite.id }, data: { uses: { increment: 1 } } });
    return { groupId: invite.groupId };
  });
}
