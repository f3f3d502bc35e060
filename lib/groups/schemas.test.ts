// The group forms' validation: names, descriptions, roles, invitations and ids.
import { describe, expect, it } from "vitest";
import type { z } from "zod";
import { groupNameSchema, groupSchema, idSchema, inviteByEmailSchema, inviteSchema, roleSchema } from "./schemas";

/** The messages for each field of a failed parse ("" for the value itself). */
function failures(schema: z.ZodType, value: unknown): Record<string, string[]> {
  const result = schema.safeParse(value);
  expect(result.success, `expected ${JSON.stringify(value)?.slice(0, 80)} to be refused`).toBe(false);
  const byField: Record<string, string[]> = {};
  for (const issue of result.error!.issues) (byField[issue.path.join(".")] ??= []).push(issue.message);
  return byField;
}

/** Values of the wrong type, as a JSON body could send them ([label, value]: it.each spreads arrays). */
const WRONG_TYPES: [string, unknown][] = [
  ["a number", 42],
  ["null", null],
  ["an empty array", []],
  ["an array of a valid value", ["Reading group"]],
  ["an object", {}],
  ["an object holding a string", { value: "Reading group" }],
  ["a boolean", false],
];

describe("groupSchema", () => {
  it("trims name and description, and defaults the description to empty and the time zone to UTC", () => {
    expect(groupSchema.parse({ name: "  Capital, vol. 1 ", description: "  Chapter by chapter.\n", timeZone: " Europe/Berlin " })).toEqual({
      name: "Capital, vol. 1",
      description: "Chapter by chapter.",
      timeZone: "Europe/Berlin",
      membersAddTexts: false,
    });
    expect(groupSchema.parse({ name: "Capital" })).toEqual({ name: "Capital", description: "", timeZone: "UTC", membersAddTexts: false });
    expect(groupSchema.parse({ name: "n".repeat(80), description: "d".repeat(500) })).toEqual({
      name: "n".repeat(80),
      description: "d".repeat(500),
      timeZone: "UTC",
      membersAddTexts: false,
    });
  });

  it("reads the members-add-texts checkbox as a form sends it, and refuses anything but a yes or no", () => {
    expect(groupSchema.parse({ name: "Capital", membersAddTexts: "on" }).membersAddTexts).toBe(true);
    expect(groupSchema.parse({ name: "Capital", membersAddTexts: true }).membersAddTexts).toBe(true);
    expect(groupSchema.safeParse({ name: "Capital", membersAddTexts: "maybe" }).success).toBe(false);
  });

  it("refuses a time zone this server does not know", () => {
    const result = groupSchema.safeParse({ name: "Capital", timeZone: "Mars/Olympus_Mons" });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(["timeZone"]);
  });

  it("drops fields it does not know (no id or memberships smuggled in)", () => {
    expect(groupSchema.parse({ name: "Capital", id: "x", memberships: { create: { userId: "me", role: "facilitator" } } })).toEqual({
      name: "Capital",
      description: "",
      timeZone: "UTC",
      membersAddTexts: false,
    });
  });

  it.each([
    [{ name: "" }, { name: ["Give the group a name."] }],
    [{ name: "   \n\t" }, { name: ["Give the group a name."] }],
    [{}, { name: ["Give the group a name."] }],
    [{ name: "n".repeat(81) }, { name: ["Keep the name under 80 characters."] }],
    [{ name: "<script>alert(1)</script>" }, { name: ["Names can’t contain < or >."] }],
    [{ name: "<img src=x onerror=alert(1)>" }, { name: ["Names can’t contain < or >."] }],
    [{ name: "Ok", description: "d".repeat(501) }, { description: ["Keep the description under 500 characters."] }],
    [{ name: "Ok", description: `${" ".repeat(10)}${"d".repeat(501)}` }, { description: ["Keep the description under 500 characters."] }],
    [{ name: "Ok", description: "<script>alert(1)</script>" }, { description: ["The description can’t contain < or >."] }],
    [{ name: "Ok", description: "See <img src=x onerror=alert(1)>" }, { description: ["The description can’t contain < or >."] }],
    [
      { name: "", description: "d".repeat(501) },
      { name: ["Give the group a name."], description: ["Keep the description under 500 characters."] },
    ],
  ])("refuses %j with messages on the right fields", (input, expected) => {
    expect(failures(groupSchema, input)).toEqual(expected);
  });

  it.each(WRONG_TYPES)("a name that is %s gets “Give the group a name.”", (_, name) => {
    const byField = failures(groupSchema, { name });
    expect(Object.keys(byField)).toEqual(["name"]);
    expect(new Set(byField.name)).toEqual(new Set(["Give the group a name."]));
  });

  it.each(WRONG_TYPES)("a description that is %s is refused on the description field", (_, description) => {
    const byField = failures(groupSchema, { name: "Capital", description });
    expect(Object.keys(byField)).toEqual(["description"]);
  });

  it.each([null, "Capital", 42, []].map((body) => [JSON.stringify(body), body] as const))("refuses a body that is not an object: %s", (_, body) => {
    expect(groupSchema.safeParse(body).success).toBe(false);
  });

  it("groupNameSchema on its own behaves like the name field", () => {
    expect(groupNameSchema.parse("  Reading  ")).toBe("Reading");
    expect(failures(groupNameSchema, "a > b")).toEqual({ "": ["Names can’t contain < or >."] });
  });
});

describe("roleSchema", () => {
  it("accepts the two roles", () => {
    expect(roleSchema.parse("facilitator")).toBe("facilitator");
    expect(roleSchema.parse("member")).toBe("member");
  });

  it.each(["owner", "admin", "Facilitator", " member", "", null, 1, ["member"], {}].map((role) => [JSON.stringify(role), role] as const))("refuses %s", (_, role) => {
    expect(failures(roleSchema, role)).toEqual({ "": ["Role must be facilitator or member."] });
  });
});

describe("inviteSchema", () => {
  it("reads the numbers a form sends as text", () => {
    expect(inviteSchema.parse({ expiresInDays: "7", maxUses: "20" })).toEqual({ expiresInDays: 7, maxUses: 20 });
    expect(inviteSchema.parse({ expiresInDays: 30 })).toEqual({ expiresInDays: 30 });
    expect(inviteSchema.parse({ expiresInDays: "1", maxUses: "" })).toEqual({ expiresInDays: 1 });
    expect(inviteSchema.parse({ expiresInDays: "14", maxUses: null })).toEqual({ expiresInDays: 14 });
    expect(inviteSchema.parse({ expiresInDays: "14", maxUses: "500" })).toEqual({ expiresInDays: 14, maxUses: 500 });
  });

  it.each([
    [{ expiresInDays: "0" }, { expiresInDays: ["At least one day."] }],
    [{ expiresInDays: "-3" }, { expiresInDays: ["At least one day."] }],
    [{ expiresInDays: "31" }, { expiresInDays: ["At most 30 days."] }],
    [{ expiresInDays: "1e9" }, { expiresInDays: ["At most 30 days."] }],
    [{ expiresInDays: "1.5" }, { expiresInDays: ["Choose how long the link works."] }],
    [{ expiresInDays: "abc" }, { expiresInDays: ["Choose how long the link works."] }],
    [{ expiresInDays: "<script>" }, { expiresInDays: ["Choose how long the link works."] }],
    [{}, { expiresInDays: ["Choose how long the link works."] }],
    [{ expiresInDays: {} }, { expiresInDays: ["Choose how long the link works."] }],
    [{ expiresInDays: ["1", "2"] }, { expiresInDays: ["Choose how long the link works."] }],
    [{ expiresInDays: "7", maxUses: "0" }, { maxUses: ["At least one use."] }],
    [{ expiresInDays: "7", maxUses: "501" }, { maxUses: ["At most 500 uses."] }],
    [{ expiresInDays: "7", maxUses: "2.5" }, { maxUses: ["Enter a number of uses."] }],
    [{ expiresInDays: "7", maxUses: "lots" }, { maxUses: ["Enter a number of uses."] }],
    [{ expiresInDays: "7", maxUses: {} }, { maxUses: ["Enter a number of uses."] }],
  ])("refuses %j with a message on the right field", (input, expected) => {
    expect(failures(inviteSchema, input)).toEqual(expected);
  });
});

describe("inviteByEmailSchema", () => {
  it("normalises the address and gives the link two weeks by default", () => {
    expect(inviteByEmailSchema.parse({ email: "  Guest@Example.ORG " })).toEqual({ email: "guest@example.org", expiresInDays: 14 });
    expect(inviteByEmailSchema.parse({ email: "guest@example.org", expiresInDays: "3" })).toEqual({
      email: "guest@example.org",
      expiresInDays: 3,
    });
  });

  it.each([
    ["", "Enter your email address."],
    ["   ", "Enter your email address."],
    ["guest", "Enter an email address like name@example.org."],
    ["<script>alert(1)</script>@example.org", "Enter an email address like name@example.org."],
    ["guest@example.org<img src=x onerror=alert(1)>", "Enter an email address like name@example.org."],
    ["guest@example.org\r\nBcc: everyone@example.org", "Enter an email address like name@example.org."],
    [`${"g".repeat(250)}@example.org`, "That email address is too long."],
  ])("refuses the address %j", (email, message) => {
    expect(failures(inviteByEmailSchema, { email })).toEqual({ email: [message] });
  });

  it.each(WRONG_TYPES)("refuses an address that is %s", (_, email) => {
    const byField = failures(inviteByEmailSchema, { email });
    expect(Object.keys(byField)).toEqual(["email"]);
    expect(new Set(byField.email)).toEqual(new Set(["Enter your email address."]));
  });

  it("refuses a missing address and a bad duration on their fields", () => {
    expect(failures(inviteByEmailSchema, { expiresInDays: "99" })).toEqual({
      email: ["Enter your email address."],
      expiresInDays: ["At most 30 days."],
    });
  });
});

describe("idSchema", () => {
  it("accepts the ids Prisma makes", () => {
    expect(idSchema.safeParse("cmi9x2k3l0000abcd1234efgh").success).toBe(true);
  });

  it.each([
    "",
    "short",
    "../",
    "../../etc/passwd",
    "CMI9X2K3L0000ABCD1234EFGH",
    "cmi9x2k3l0000abcd1234efg-",
    "cmi9x2k3l0000abcd1234efgh\n",
    " cmi9x2k3l0000abcd1234efgh",
    "' OR '1'='1' --aaaaaaaaaaa",
    "a".repeat(41),
    "😀".repeat(20),
  ])("refuses %j", (id) => {
    expect(idSchema.safeParse(id).success).toBe(false);
  });

  it.each([null, 42, [], ["cmi9x2k3l0000abcd1234efgh"], {}].map((id) => [JSON.stringify(id), id] as const))("refuses %s", (_, id) => {
    expect(idSchema.safeParse(id).success).toBe(false);
  });
});
