import { describe, expect, it } from "vitest";
import { anonymisedEmail, FORMER_MEMBER, groupOutcome, handOverFirst, renameMentions } from "./former-member";
import { emailSchema } from "./schemas";

describe("groupOutcome", () => {
  const group = { id: "g", name: "Tuesdays", role: "member" as const, facilitators: 1, members: 3 };
  it("leaves a group that has others to carry on", () => {
    expect(groupOutcome(group)).toBe("kept");
    expect(groupOutcome({ ...group, role: "facilitator", facilitators: 2 })).toBe("kept");
  });
  it("refuses while the person is the only facilitator of a group with other members", () => {
    expect(groupOutcome({ ...group, role: "facilitator", facilitators: 1 })).toBe("blocked");
  });
  it("closes a group the person is alone in", () => {
    expect(groupOutcome({ ...group, role: "facilitator", facilitators: 1, members: 1 })).toBe("closed");
  });
});

describe("handOverFirst", () => {
  it("names every group", () => {
    expect(handOverFirst(["Tuesdays"])).toMatch(/^You are the only facilitator of “Tuesdays”\. Make another member a facilitator/);
    expect(handOverFirst(["A", "B", "C"])).toContain("of “A”, “B” and “C”.");
  });
});

describe("renameMentions", () => {
  it("rewrites each mention of the person, whatever its case", () => {
    expect(renameMentions("@Ben Okafor what do you think? cc @ben okafor", "Ben Okafor")).toBe(
      `@${FORMER_MEMBER} what do you think? cc @${FORMER_MEMBER}`,
    );
  });
  it("leaves other names, longer names that start with theirs, and addresses alone", () => {
    const body = "@Bena and @Ann, write to ben@example.org — not @Ben_x";
    expect(renameMentions(body, "Ben")).toBe(body);
    expect(renameMentions("@Ben, and @Bena", "Ben")).toBe(`@${FORMER_MEMBER}, and @Bena`);
  });
  it("changes nothing for an empty name", () => {
    expect(renameMentions("@ hello", " ")).toBe("@ hello");
  });
});

describe("anonymisedEmail", () => {
  it("is unique per account and can never be typed into sign-up", () => {
    expect(anonymisedEmail("abc")).toBe("deleted-abc@invalid");
    expect(anonymisedEmail("abc")).not.toBe(anonymisedEmail("abd"));
    expect(emailSchema.safeParse(anonymisedEmail("abc")).success).toBe(false);
  });
});
