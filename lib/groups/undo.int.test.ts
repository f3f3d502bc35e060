// Undo for removing a member or leaving: the receipt works once, for its maker, for a while.
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { createGroup, leaveGroup, removeMember, restoreMember } from "./groups";
import { addMember, makeUser, refused, roleOf } from "./test-fixtures";
import { readReceipt, removalReceipt } from "./undo";

describe("undoing a removal", () => {
  it("puts a removed member back with their role, for the facilitator who removed them", async () => {
    const facilitator = await makeUser("Facilitator");
    const co = await makeUser("Co-facilitator");
    const group = await createGroup(facilitator.id, { name: "Undo circle", description: "" });
    await addMember(group.id, co.id, "facilitator");
    const { receipt } = await removeMember(facilitator.id, group.id, co.id);
    expect(receipt).toBeDefined();
    expect(await roleOf(group.id, co.id)).toBeNull();

    // Not for anyone else, including the co-facilitator themselves.
    await refused(() => restoreMember(co.id, group.id, receipt!), "NOT_FOUND");
    await restoreMember(facilitator.id, group.id, receipt!);
    expect(await roleOf(group.id, co.id)).toBe("facilitator");
    // Using it again changes nothing.
    await restoreMember(facilitator.id, group.id, receipt!);
    expect(await db.membership.count({ where: { groupId: group.id } })).toBe(2);
  });

  it("lets someone who left come back by themselves", async () => {
    const facilitator = await makeUser("Facilitator");
    const member = await makeUser("Member");
    const group = await createGroup(facilitator.id, { name: "Leaving circle", description: "" });
    await addMember(group.id, member.id);
    const { receipt } = await leaveGroup(member.id, group.id);
    await restoreMember(member.id, group.id, receipt!);
    expect(await roleOf(group.id, member.id)).toBe("member");
  });

  it("refuses a receipt that is late, forged or altered, and changes nothing", async () => {
    const facilitator = await makeUser("Facilitator");
    const member = await makeUser("Member");
    const group = await createGroup(facilitator.id, { name: "Strict circle", description: "" });
    const late = removalReceipt({ groupId: group.id, userId: member.id, role: "member", by: facilitator.id }, Date.now() - 10 * 60_000);
    const gone = await refused(() => restoreMember(facilitator.id, group.id, late), "GONE");
    expect(gone.message).toMatch(/too late to undo/);

    const good = removalReceipt({ groupId: group.id, userId: member.id, role: "member", by: facilitator.id });
    const [payload, signature] = good.split(".");
    const promoted = Buffer.from(JSON.stringify({ ...readReceipt(good), role: "facilitator" })).toString("base64url");
    for (const bad of [`${promoted}.${signature}`, `${payload}.${"A".repeat(signature!.length)}`, "", "x.y.z", "not-a-receipt"])
      await refused(() => restoreMember(facilitator.id, group.id, bad), "NOT_FOUND");
    expect(await roleOf(group.id, member.id)).toBeNull();
  });

  it("has nothing to undo when the last person closed the group", async () => {
    const alone = await makeUser("Alone");
    const group = await createGroup(alone.id, { name: "Solo circle", description: "" });
    expect(await leaveGroup(alone.id, group.id)).toEqual({});
    const receipt = removalReceipt({ groupId: group.id, userId: alone.id, role: "facilitator", by: alone.id });
    await refused(() => restoreMember(alone.id, group.id, receipt), "NOT_FOUND");
    expect(await db.group.count({ where: { id: group.id } })).toBe(0);
  });
});
