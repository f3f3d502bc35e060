// A demo group for a newcomer: created by `npm start` on the embedded database while it
// listens on this machine only (or with SEED_DEMO=1), never otherwise: the accounts'
// password is published. Safe to run again: it changes nothing the
// second time.
import { hashPassword } from "@/lib/auth/password";
import type { PrismaClient } from "@/lib/generated/prisma/client";

export const DEMO_PASSWORD = "read-together";
export const DEMO_PEOPLE = [
  { email: "ana@example.org", name: "Ana Ribeiro", role: "facilitator" },
  { email: "ben@example.org", name: "Ben Okafor", role: "member" },
  { email: "chloe@example.org", name: "Chloé Martin", role: "member" },
] as const;
const DEMO_GROUP = "Tuesday Reading Circle";

export async function seedDemo(db: PrismaClient): Promise<boolean> {
  if (await db.user.findUnique({ where: { email: DEMO_PEOPLE[0].email }, select: { id: true } })) return false;
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  // Created confirmed: there is no mailbox behind these addresses.
  const emailVerifiedAt = new Date();
  await db.$transaction(async (tx) => {
    const users: { id: string }[] = [];
    for (const person of DEMO_PEOPLE)
      users.push(await tx.user.create({ data: { email: person.email, name: person.name, passwordHash, emailVerifiedAt }, select: { id: true } }));
    await tx.group.create({
      data: {
        name: DEMO_GROUP,
        description: "We read a text on organising each week and talk it through on Tuesday evenings.",
        memberships: { create: DEMO_PEOPLE.map((person, i) => ({ userId: users[i]!.id, role: person.role })) },
      },
    });
  });
  return true;
}

/** Whether the demo accounts are in this database (a warning when it is reachable from elsewhere). */
export async function demoExists(db: PrismaClient): Promise<boolean> {
  return (await db.user.count({ where: { email: { in: DEMO_PEOPLE.map((p) => p.email) } } })) > 0;
}
