// The account forms' validation: what people may type, and the messages they get.
import { describe, expect, it } from "vitest";
import type { z } from "zod";
import {
  changePasswordSchema,
  displayNameSchema,
  emailSchema,
  newPasswordSchema,
  profileSchema,
  signInSchema,
  signUpSchema,
} from "./schemas";
import { initials } from "@/lib/initials";

/** The messages for each field of a failed parse ("" for the value itself). */
function failures(schema: z.ZodType, value: unknown): Record<string, string[]> {
  const result = schema.safeParse(value);
  expect(result.success, `expected ${JSON.stringify(value)?.slice(0, 80)} to be refused`).toBe(false);
  const byField: Record<string, string[]> = {};
  for (const issue of result.error!.issues) (byField[issue.path.join(".")] ??= []).push(issue.message);
  return byField;
}

/** Written for people: not zod's generic "Invalid input: expected string, received number". */
const human = (message: string) => !/^Invalid input|expected .*, received/i.test(message) && /[.!]$/.test(message);

/** Values of the wrong type, as a JSON body could send them ([label, value]: it.each spreads arrays). */
const WRONG_TYPES: [string, unknown][] = [
  ["a number", 1234567890],
  ["null", null],
  ["undefined", undefined],
  ["an empty array", []],
  ["an array of a valid value", ["ana@example.org and a long password"]],
  ["an object", {}],
  ["an object holding a string", { value: "ana@example.org" }],
  ["a boolean", true],
];

const valid = { name: "Ana López", email: "ana@example.org", password: "long enough password" };

describe("emailSchema", () => {
  it.each([
    ["ana@example.org", "ana@example.org"],
    ["  Ana@Example.ORG  ", "ana@example.org"],
    ["\tANA.LOPEZ+circle@EXAMPLE.org\n", "ana.lopez+circle@example.org"],
  ])("accepts %j as %j (trimmed, lower-cased)", (input, output) => {
    expect(emailSchema.parse(input)).toBe(output);
  });

  it.each([
    ["", "Enter your email address."],
    ["   ", "Enter your email address."],
    ["ana", "Enter an email address like name@example.org."],
    ["ana@", "Enter an email address like name@example.org."],
    ["@example.org", "Enter an email address like name@example.org."],
    ["ana@example", "Enter an email address like name@example.org."],
    ["ana @example.org", "Enter an email address like name@example.org."],
    ["<script>@example.org", "Enter an email address like name@example.org."],
    ["ana@example.org<script>alert(1)</script>", "Enter an email address like name@example.org."],
    ['"<img src=x onerror=alert(1)>"@example.org', "Enter an email address like name@example.org."],
    ["ana@example.org\nBcc: eve@example.org", "Enter an email address like name@example.org."],
    [`${"a".repeat(64)}@${"b".repeat(186)}.org`, "That email address is too long."], // 255 characters
    [`${"a".repeat(300)}@example.org`, "That email address is too long."],
  ])("refuses %j with a message", (input, message) => {
    expect(failures(emailSchema, input)).toEqual({ "": [message] });
  });

  it("accepts an address of exactly 254 characters but not 255", () => {
    const at254 = `${"a".repeat(64)}@${"b".repeat(63)}.${"c".repeat(63)}.${"d".repeat(57)}.org`;
    expect(at254).toHaveLength(254);
    expect(emailSchema.safeParse(at254).success).toBe(true);
    expect(failures(emailSchema, `a${at254}`)).toEqual({ "": ["That email address is too long."] });
  });

  it.each(WRONG_TYPES)("refuses %s with “Enter your email address.”", (_, input) => {
    const byField = failures(emailSchema, input);
    expect(Object.keys(byField)).toEqual([""]);
    expect(new Set(byField[""])).toEqual(new Set(["Enter your email address."]));
  });
});

describe("displayNameSchema", () => {
  it("trims the name", () => {
    expect(displayNameSchema.parse("  Ana López \n")).toBe("Ana López");
    expect(displayNameSchema.parse("X")).toBe("X");
    expect(displayNameSchema.parse("é".repeat(80))).toHaveLength(80);
  });

  it.each([
    ["", "Enter your name."],
    ["     ", "Enter your name."],
    ["\n\t", "Enter your name."],
    ["x".repeat(81), "Keep your name under 80 characters."],
    [` ${"x".repeat(81)} `, "Keep your name under 80 characters."],
    ["<script>alert(1)</script>", "Names can’t contain < or >."],
    ["<img src=x onerror=alert(1)>", "Names can’t contain < or >."],
    ["Ana <ana@example.org>", "Names can’t contain < or >."],
    ["a > b", "Names can’t contain < or >."],
  ])("refuses %j", (input, message) => {
    expect(failures(displayNameSchema, input)).toEqual({ "": [message] });
  });

  it.each(WRONG_TYPES)("refuses %s with “Enter your name.”", (_, input) => {
    const byField = failures(displayNameSchema, input);
    expect(Object.keys(byField)).toEqual([""]);
    expect(new Set(byField[""])).toEqual(new Set(["Enter your name."]));
  });
});

describe("newPasswordSchema", () => {
  it("keeps the password exactly as typed (no trimming)", () => {
    expect(newPasswordSchema.parse("  ten chars ")).toBe("  ten chars ");
  });

  it.each([
    ["", "Use at least 10 characters."],
    ["123456789", "Use at least 10 characters."],
    ["x".repeat(201), "Keep your password under 200 characters."],
  ])("refuses %j", (input, message) => {
    expect(failures(newPasswordSchema, input)).toEqual({ "": [message] });
  });

  it.each(WRONG_TYPES)("refuses %s with “Choose a password.”", (_, input) => {
    const byField = failures(newPasswordSchema, input);
    expect(Object.keys(byField)).toEqual([""]);
    expect(byField[""]).toContain("Choose a password.");
    expect(byField[""]!.every(human)).toBe(true);
  });
});

describe("signUpSchema", () => {
  it("normalises a valid sign-up", () => {
    expect(signUpSchema.parse({ name: "  Ana López ", email: " ANA@Example.org", password: valid.password })).toEqual(valid);
  });

  it("drops fields it does not know (no role or id smuggled in)", () => {
    expect(signUpSchema.parse({ ...valid, id: "x", role: "facilitator", passwordHash: "$argon2id$…" })).toEqual(valid);
  });

  it("puts each problem on its own field", () => {
    expect(failures(signUpSchema, { name: " ", email: "nope", password: "short" })).toEqual({
      name: ["Enter your name."],
      email: ["Enter an email address like name@example.org."],
      password: ["Use at least 10 characters."],
    });
    expect(failures(signUpSchema, { ...valid, name: "<script>alert(1)</script>" })).toEqual({ name: ["Names can’t contain < or >."] });
    expect(failures(signUpSchema, { ...valid, email: "<script>@x.org" })).toEqual({ email: ["Enter an email address like name@example.org."] });
    expect(failures(signUpSchema, { ...valid, name: "n".repeat(81) })).toEqual({ name: ["Keep your name under 80 characters."] });
    expect(failures(signUpSchema, { ...valid, email: `${"e".repeat(250)}@x.org` })).toEqual({ email: ["That email address is too long."] });
  });

  it("refuses missing and wrongly typed fields with human messages on the right fields", () => {
    expect(failures(signUpSchema, {})).toEqual({
      name: ["Enter your name."],
      email: ["Enter your email address."],
      password: ["Choose a password."],
    });
    const wrong = failures(signUpSchema, { name: 1, email: ["a@b.org"], password: { length: 12 } });
    expect(Object.keys(wrong).sort()).toEqual(["email", "name", "password"]);
    expect(Object.values(wrong).flat().every(human)).toBe(true);
  });

  it.each([null, "ana@example.org", 42, []].map((body) => [JSON.stringify(body), body] as const))("refuses a body that is not an object: %s", (_, body) => {
    expect(signUpSchema.safeParse(body).success).toBe(false);
  });
});

describe("signInSchema", () => {
  it("normalises the address and keeps the password as typed", () => {
    expect(signInSchema.parse({ email: " Ana@Example.org ", password: " pw " })).toEqual({ email: "ana@example.org", password: " pw " });
  });

  it("asks for both fields", () => {
    expect(failures(signInSchema, { email: "", password: "" })).toEqual({
      email: ["Enter your email address."],
      password: ["Enter your password."],
    });
    expect(failures(signInSchema, { email: "ana@example.org", password: "x".repeat(201) })).toHaveProperty("password");
  });

  it("a password of the wrong type is refused on the password field", () => {
    // No custom message here: authorize() turns any refusal into "wrong email or password", so none is shown.
    for (const [, password] of WRONG_TYPES) {
      const byField = failures(signInSchema, { email: "ana@example.org", password });
      expect(Object.keys(byField)).toEqual(["password"]);
    }
  });
});

describe("changePasswordSchema and profileSchema", () => {
  it("accept valid input", () => {
    expect(changePasswordSchema.parse({ currentPassword: "old one", newPassword: "a new long one" })).toEqual({
      currentPassword: "old one",
      newPassword: "a new long one",
    });
    expect(profileSchema.parse({ name: "  Ana  " })).toEqual({ name: "Ana" });
  });

  it("put problems on the right field", () => {
    expect(failures(changePasswordSchema, { currentPassword: "old one", newPassword: "short" })).toEqual({
      newPassword: ["Use at least 10 characters."],
    });
    expect(failures(changePasswordSchema, { currentPassword: "x".repeat(201), newPassword: "a new long one" })).toHaveProperty(
      "currentPassword",
    );
    expect(failures(profileSchema, { name: "<img src=x onerror=alert(1)>" })).toEqual({ name: ["Names can’t contain < or >."] });
    expect(failures(profileSchema, { name: null })).toEqual({ name: ["Enter your name."] });
  });

  it("a current password of the wrong type is refused on currentPassword", () => {
    // The form always sends a string; only a hand-made request gets here (zod's generic message, see report).
    for (const [, currentPassword] of WRONG_TYPES) {
      const byField = failures(changePasswordSchema, { currentPassword, newPassword: "a new long one" });
      expect(Object.keys(byField)).toEqual(["currentPassword"]);
    }
  });
});

describe("initials (lib/initials.ts)", () => {
  it.each([
    ["Ana María López", "AL"],
    ["ana lópez", "AL"],
    ["  Ana   López  ", "AL"],
    ["Ana", "AN"],
    ["a", "A"],
    ["élodie durand", "ÉD"],
    ["Lenin", "LE"],
    ["", "?"],
    ["   ", "?"],
    ["Иван Петров", "ИП"],
  ])("%j → %j", (name, expected) => {
    expect(initials(name)).toBe(expected);
  });

  it("never splits a character in two (names starting outside the Basic Multilingual Plane)", () => {
    // 𠮷 (U+20BB7) is a common Japanese family-name character; it takes two UTF-16 code units.
    const result = initials("𠮷野 太郎");
    expect(result.isWellFormed()).toBe(true);
    expect(result).toBe("𠮷太");
  });
});
