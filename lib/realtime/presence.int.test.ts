// Who is reading now, on a real Postgres: members only; each sees the others on the same
// text (not themselves, not another text, not those gone quiet); someone who reads unseen
// is neither recorded nor shown; leaving clears one's place.
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { loadTexts } from "@/lib/content/load";
import { refused, scenario } from "@/lib/groups/test-fixtures";
import { removeMember } from "@/lib/groups/groups";
import { PRESENCE_TTL_MS, beHere, leave, presenceSchema, setShowPresence } from "./presence";

const SLUG = "organisation-of-the-masses";
const OTHER = "the-workers-opposition";

beforeAll(async () => {
  await loadTexts(db);
});

const at = (text: string, blockId: string | null = null) => presenceSchema.parse({ text, blockId });

describe("presence", () => {
  it("is for members only", async () => {
    const s = await scenario("Presence");
    for (const who of [s.outsider, s.removed]) {
      await refused(beHere(who.id, s.group.id, at(SLUG)), "NOT_FOUND");
      await refused(leave(who.id, s.group.id), "NOT_FOUND");
    }
    expect(await db.presence.count({ where: { groupId: s.group.id } })).toBe(0);
  });

  it("shows each member the others reading the same text now, with where they are", async () => {
    const s = await scenario("Presence");
    expect((await beHere(s.member.id, s.group.id, at(SLUG, "p-one"))).readers).toEqual([]);
    await beHere(s.other.id, s.group.id, at(SLUG, "p-two"));
    await beHere(s.facilitator.id, s.group.id, at(OTHER));
    expect((await beHere(s.member.id, s.group.id, at(SLUG, "p-one"))).readers).toEqual([{ id: s.other.id, name: s.other.name, blockId: "p-two" }]);
    expect((await beHere(s.other.id, s.group.id, at(SLUG, "p-three"))).readers).toEqual([{ id: s.member.id, name: s.member.name, blockId: "p-one" }]);

    // Gone quiet for longer than the time-to-live: gone.
    await db.presence.update({ where: { groupId_userId: { groupId: s.group.id, userId: s.other.id } }, data: { seenAt: new Date(Date.now() - PRESENCE_TTL_MS - 1000) } });
    expect((await beHere(s.member.id, s.group.id, at(SLUG))).readers).toEqual([]);

    // Leaving clears one's place at once.
    await beHere(s.other.id, s.group.id, at(SLUG));
    await leave(s.other.id, s.group.id);
    expect((await beHere(s.member.id, s.group.id, at(SLUG))).readers).toEqual([]);
  });

  it("keeps someone who reads unseen out of the list, and records nothing for them", async () => {
    const s = await scenario("Presence");
    await beHere(s.other.id, s.group.id, at(SLUG, "p-two"));
    await setShowPresence(s.other.id, false);
    expect(await db.presence.count({ where: { userId: s.other.id } })).toBe(0);
    const seen = await beHere(s.other.id, s.group.id, at(SLUG, "p-two"));
    expect(seen.shown).toBe(false);
    expect(await db.presence.count({ where: { userId: s.other.id } })).toBe(0);
    expect((await beHere(s.member.id, s.group.id, at(SLUG))).readers).toEqual([]);
    // They still see others.
    expect(seen.readers).toEqual([]);
    expect((await beHere(s.other.id, s.group.id, at(SLUG))).readers.map((r) => r.id)).toEqual([s.member.id]);
    await setShowPresence(s.other.id, true);
    await beHere(s.other.id, s.group.id, at(SLUG));
    expect((await beHere(s.member.id, s.group.id, at(SLUG))).readers.map((r) => r.id)).toEqual([s.other.id]);
  });

  it("no longer lists someone removed from the group, though their last beat is recent", async () => {
    const s = await scenario("Presence");
    await beHere(s.other.id, s.group.id, at(SLUG, "p-two"));
    expect((await beHere(s.member.id, s.group.id, at(SLUG))).readers.map((r) => r.id)).toEqual([s.other.id]);
    await removeMember(s.facilitator.id, s.group.id, s.other.id);
    expect((await beHere(s.member.id, s.group.id, at(SLUG))).readers).toEqual([]);
  });

  it("refuses an unknown text and a malformed place", async () => {
    const s = await scenario("Presence");
    await refused(beHere(s.member.id, s.group.id, at("no-such-text")), "NOT_FOUND");
    expect(presenceSchema.safeParse({ text: SLUG, blockId: "<script>" }).success).toBe(false);
    expect(presenceSchema.safeParse({ text: SLUG, extra: 1 }).success).toBe(false);
  });
});
