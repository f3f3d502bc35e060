import "server-only";
import { z } from "zod";
import { db } from "@/lib/db";
import { notFound } from "@/lib/errors";
import { asMember, checkId } from "@/lib/groups/groups";

// Who is reading a text of the group now. Each open reader says where it is every few
// seconds; the row lives in Postgres, so every app instance sees the same readers.
// Someone who turned presence off is neither recorded nor shown.

/** A reader not heard from for this long has gone. */
export const PRESENCE_TTL_MS = 45_000;

export const presenceSchema = z
  .object({
    text: z.string({ error: "Say which text you are reading." }).min(1).max(120),
    blockId: z
      .string()
      .regex(/^[\p{L}\p{N}_-]{1,120}$/u, "That is not a paragraph of the text.")
      .nullable()
      .default(null),
  })
  .strict();

/** The account setting, as its form sends it. */
export const presenceSettingSchema = z.object({
  showPresence: z.enum(["on", "off"], { error: "Choose whether others see where you are reading." }),
});

export type Reader = { id: string; name: string; blockId: string | null };

/** The other members reading this text now (not those who hide their presence). */
async function readersOf(userId: string, groupId: string, textId: string): Promise<Reader[]> {
  const rows = await db.presence.findMany({
    where: { groupId, textId, userId: { not: userId }, seenAt: { gt: new Date(Date.now() - PRESENCE_TTL_MS) }, user: { showPresence: true }, group: asMember(userId) },
    orderBy: { seenAt: "desc" },
    select: { blockId: true, user: { select: { id: true, name: true } } },
  });
  return rows.map((r) => ({ id: r.user.id, name: r.user.name, blockId: r.blockId }));
}

/** Records that this member is reading the text (at a block), and says who else is. */
export async function beHere(userId: string, groupId: string, input: z.infer<typeof presenceSchema>) {
  const membership = await db.membership.findFirst({
    where: { groupId: checkId(groupId), userId },
    select: { user: { select: { showPresence: true } } },
  });
  if (!membership) throw notFound("That group");
  const text = await db.text.findUnique({ where: { slug: input.text }, select: { id: true } });
  if (!text) throw notFound("That text");
  if (membership.user.showPresence)
    await db.presence.upsert({
      where: { groupId_userId: { groupId, userId } },
      create: { groupId, userId, textId: text.id, blockId: input.blockId },
      update: { textId: text.id, blockId: input.blockId, seenAt: new Date() },
    });
  return { readers: await readersOf(userId, groupId, text.id), shown: membership.user.showPresence };
}

/** This member has left the text (the page was closed). */
export async function leave(userId: string, groupId: string) {
  const membership = await db.membership.count({ where: { groupId: checkId(groupId), userId } });
  if (!membership) throw notFound("That group");
  await db.presence.deleteMany({ where: { groupId, userId } });
}

export async function setShowPresence(userId: string, showPresence: boolean) {
  await db.$transaction([
    db.user.update({ where: { id: userId }, data: { showPresence } }),
    // Turning it off takes effect at once: no trace of where one was.
    ...(showPresence ? [] : [db.presence.deleteMany({ where: { userId } })]),
  ]);
  return { showPresence };
}

export async function getShowPresence(userId: string): Promise<boolean> {
  return (await db.user.findUniqueOrThrow({ where: { id: userId }, select: { showPresence: true } })).showPresence;
}
