import "server-only";
import { z } from "zod";
import { db, sqlQuery } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import { notFound } from "@/lib/errors";
import { checkId } from "@/lib/groups/groups";
import { readableInSql } from "@/lib/library/scope";

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

/**
 * Records that this member is reading the text (at a block), and says who else is: one
 * statement, sent by every open reader every few seconds. Someone who reads unseen is
 * neither recorded nor shown; the others listed are members now, not gone quiet.
 */
export async function beHere(userId: string, groupId: string, input: z.infer<typeof presenceSchema>): Promise<{ readers: Reader[]; shown: boolean }> {
  const ttl = `${PRESENCE_TTL_MS} milliseconds`;
  const [row] = await sqlQuery<{ member: boolean; text: boolean; shown: boolean | null; readers: Reader[] }>(Prisma.sql`
    WITH me AS (
      SELECT u."showPresence" FROM "Membership" m JOIN "User" u ON u.id = m."userId" WHERE m."groupId" = ${checkId(groupId)} AND m."userId" = ${userId}
    ), txt AS (
      SELECT t.id FROM "Text" t WHERE t.slug = ${input.text} AND ${readableInSql("t", groupId, userId)}
    ), here AS (
      INSERT INTO "Presence" ("groupId", "userId", "textId", "blockId", "seenAt")
      SELECT ${groupId}, ${userId}, txt.id, ${input.blockId}, now() AT TIME ZONE 'UTC' FROM me, txt WHERE me."showPresence"
      ON CONFLICT ("groupId", "userId") DO UPDATE SET "textId" = EXCLUDED."textId", "blockId" = EXCLUDED."blockId", "seenAt" = EXCLUDED."seenAt"
      RETURNING 1
    )
    SELECT EXISTS (SELECT 1 FROM me) AS member, EXISTS (SELECT 1 FROM txt) AS text, (SELECT "showPresence" FROM me) AS shown,
      COALESCE((
        SELECT json_agg(json_build_object('id', u.id, 'name', u.name, 'blockId', p."blockId") ORDER BY p."seenAt" DESC)
        FROM "Presence" p
        JOIN "User" u ON u.id = p."userId" AND u."showPresence"
        JOIN "Membership" m ON m."groupId" = p."groupId" AND m."userId" = p."userId"
        WHERE EXISTS (SELECT 1 FROM me) AND p."groupId" = ${groupId} AND p."textId" = (SELECT id FROM txt) AND p."userId" <> ${userId}
          AND p."seenAt" > (now() AT TIME ZONE 'UTC') - ${ttl}::interval
      ), '[]'::json) AS readers`);
  if (!row?.member) throw notFound("That group");
  if (!row.text) throw notFound("That text");
  return { readers: row.readers, shown: row.shown === true };
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
