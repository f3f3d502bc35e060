// Which texts a request may read: the one statement of the rule, for Prisma and raw SQL.
//
// Texts without a group are the shared library: open to everyone, on public pages and in
// every group. A text with a group is that group's own: readable only through that group
// and only by its members — checked inside the query, like every other group's data, so
// another group's text (or one of a group the reader has left) is simply not found.
import { Prisma } from "@/lib/generated/prisma/client";

/** Public pages and the shared library's API: the shared texts only. */
export const sharedOnly = { groupId: null } satisfies Prisma.TextWhereInput;

/** In a group, for one of its members: the shared library and the group's own texts. */
export function readableIn(groupId: string, userId: string): Prisma.TextWhereInput {
  return { OR: [{ groupId: null }, { groupId, group: { memberships: { some: { userId } } } }] };
}

/**
 * The same rule in SQL, for a text row `t` read in group `groupId` by `userId`. Callers
 * that already join the reader's Membership row `m` may pass its group column.
 */
export function readableInSql(t: string, groupId: Prisma.Sql | string, userId: string): Prisma.Sql {
  const alias = Prisma.raw(`"${t}"`);
  const group = typeof groupId === "string" ? Prisma.sql`${groupId}` : groupId;
  return Prisma.sql`(${alias}."groupId" IS NULL OR (${alias}."groupId" = ${group} AND EXISTS (SELECT 1 FROM "Membership" rm WHERE rm."groupId" = ${alias}."groupId" AND rm."userId" = ${userId})))`;
}

/** Listed in the library and the pickers: not retired. */
export const listed = { retiredAt: null } satisfies Prisma.TextWhereInput;
