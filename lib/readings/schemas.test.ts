// What the schedule editor and the API may send: the shapes refused before any query.
import { describe, expect, it } from "vitest";
import type { z } from "zod";
import { timeZoneSchema } from "@/lib/groups/schemas";
import { agendaSchema, daySchema, localDateTimeSchema, MAX_PROMPTS, orderSchema, progressSchema, promptSchema, readingSchema } from "./schemas";

const VALID = { text: "organisation-of-the-masses", weekOf: "2026-12-07", due: "2026-12-08T19:00" };

/** The messages per field of a refused value ("" for the object itself). */
function errors(schema: z.ZodType, value: unknown): Record<string, string[]> {
  const result = schema.safeParse(value);
  expect(result.success, `expected ${JSON.stringify(value)} to be refused`).toBe(false);
  const out: Record<string, string[]> = {};
  for (const issue of result.error!.issues) (out[issue.path.join(".")] ??= []).push(issue.message);
  return out;
}

describe("readingSchema", () => {
  it("accepts a week with defaults for the whole text, no prompts and no gate", () => {
    expect(readingSchema.parse(VALID)).toEqual({ ...VALID, startBlockId: null, endBlockId: null, prompts: [], postBeforePeek: false });
  });

  it("accepts a range with prompts", () => {
    const week = readingSchema.parse({
      ...VALID,
      startBlockId: "p-df112487e8",
      endBlockId: "p-556a5d194c",
      prompts: [{ body: "  What is a mass organisation?  ", blockId: "p-df112487e8" }, { body: "And now?" }],
      postBeforePeek: true,
    });
    expect(week.prompts).toEqual([
      { body: "What is a mass organisation?", blockId: "p-df112487e8" },
      { body: "And now?", blockId: null },
    ]);
  });

  it.each([
    ["a thirteenth month", "2026-13-01T10:00", "Give the due time|That date does not exist"],
    ["a word", "tomorrow", "Give the due time as YYYY-MM-DDTHH:MM"],
    ["a day that does not exist", "2026-02-30T10:00", "That date does not exist"],
    ["an hour that does not exist", "2026-12-08T24:00", "That time does not exist"],
    ["a minute that does not exist", "2026-12-08T19:60", "That time does not exist"],
    ["seconds", "2026-12-08T19:00:00", "Give the due time as"],
    ["a UTC offset", "2026-12-08T19:00Z", "Give the due time as"],
    ["a date alone", "2026-12-08", "Give the due time as"],
  ])("refuses a due time with %s (%s)", (_what, due, message) => {
    expect(errors(readingSchema, { ...VALID, due }).due!.join(" ")).toMatch(new RegExp(message));
  });

  it.each([
    ["2026-02-30", "That date does not exist"],
    ["2025-02-29", "That date does not exist"],
    ["2026-00-10", "That date does not exist"],
    ["1999-12-31", "That date does not exist"],
    ["7 Dec 2026", "Give the date as YYYY-MM-DD"],
    ["", "Give the date as YYYY-MM-DD"],
  ])("refuses the week's day %j", (weekOf, message) => {
    expect(errors(readingSchema, { ...VALID, weekOf }).weekOf!.join(" ")).toMatch(message);
  });

  it("accepts 29 February of a leap year", () => {
    expect(daySchema.safeParse("2028-02-29").success).toBe(true);
    expect(localDateTimeSchema.safeParse("2028-02-29T23:59").success).toBe(true);
  });

  it("refuses a start without an end, and an end without a start, on the end field", () => {
    expect(errors(readingSchema, { ...VALID, startBlockId: "p-df112487e8" })).toEqual({ endBlockId: [expect.stringMatching(/where the reading ends/)] });
    expect(errors(readingSchema, { ...VALID, endBlockId: "p-df112487e8" })).toEqual({ endBlockId: [expect.stringMatching(/where the reading ends/)] });
    expect(errors(readingSchema, { ...VALID, startBlockId: "p-df112487e8", endBlockId: null })).toHaveProperty("endBlockId");
  });

  it("refuses block ids that are not block ids", () => {
    expect(errors(readingSchema, { ...VALID, startBlockId: "p 1; drop", endBlockId: "p-1" })).toHaveProperty("startBlockId");
    expect(errors(readingSchema, { ...VALID, startBlockId: "p-1", endBlockId: "x".repeat(121) })).toHaveProperty("endBlockId");
  });

  it(`refuses more than ${MAX_PROMPTS} prompts, and accepts ${MAX_PROMPTS}`, () => {
    const prompts = (n: number) => Array.from({ length: n }, (_, i) => ({ body: `Prompt ${i + 1}` }));
    expect(readingSchema.safeParse({ ...VALID, prompts: prompts(MAX_PROMPTS) }).success).toBe(true);
    expect(errors(readingSchema, { ...VALID, prompts: prompts(MAX_PROMPTS + 1) })).toEqual({ prompts: [`At most ${MAX_PROMPTS} prompts a week.`] });
  });

  it("names the prompt a problem is in", () => {
    expect(errors(readingSchema, { ...VALID, prompts: [{ body: "Fine" }, { body: "   " }] })).toEqual({ "prompts.1.body": ["Write the prompt, or remove it."] });
  });

  it("refuses unknown fields, a missing text, and a non-boolean gate", () => {
    expect(errors(readingSchema, { ...VALID, groupId: "x" })).toHaveProperty("");
    expect(errors(readingSchema, { ...VALID, text: "" })).toHaveProperty("text");
    expect(errors(readingSchema, { weekOf: VALID.weekOf, due: VALID.due })).toHaveProperty("text");
    expect(errors(readingSchema, { ...VALID, postBeforePeek: "yes" })).toEqual({ postBeforePeek: ["postBeforePeek must be true or false."] });
  });
});

describe("promptSchema", () => {
  it("accepts 500 characters and refuses 501", () => {
    expect(promptSchema.safeParse({ body: "x".repeat(500) }).success).toBe(true);
    expect(errors(promptSchema, { body: "x".repeat(501) })).toEqual({ body: ["Keep a prompt under 500 characters."] });
  });

  it("measures the length after trimming", () => {
    expect(promptSchema.parse({ body: `  ${"x".repeat(500)}  ` }).body).toHaveLength(500);
  });

  it("refuses an empty prompt, control characters, and a malformed id", () => {
    expect(errors(promptSchema, { body: "" })).toHaveProperty("body");
    expect(errors(promptSchema, { body: "a\u0000b" })).toEqual({ body: [expect.stringMatching(/control characters/)] });
    expect(errors(promptSchema, { body: "Fine", id: "../../etc" })).toHaveProperty("id");
    expect(errors(promptSchema, { body: "Fine", extra: 1 })).toHaveProperty("");
  });

  it("keeps an id of the right shape (an edit keeps the prompt's answers)", () => {
    expect(promptSchema.parse({ id: "cmabcdefghijklmnopqrstuvw", body: "Fine" })).toEqual({ id: "cmabcdefghijklmnopqrstuvw", body: "Fine", blockId: null });
  });
});

describe("agendaSchema", () => {
  it("accepts text, sharing, or both", () => {
    expect(agendaSchema.parse({ markdown: "# Agenda" })).toEqual({ markdown: "# Agenda" });
    expect(agendaSchema.parse({ shared: true })).toEqual({ shared: true });
    expect(agendaSchema.parse({ markdown: "", shared: false })).toEqual({ markdown: "", shared: false });
  });

  it("refuses an empty change, a non-boolean shared, control characters, and too long a text", () => {
    expect(errors(agendaSchema, {})).toEqual({ "": ["Send the agenda’s text or whether it is shared."] });
    expect(errors(agendaSchema, { shared: "yes" })).toHaveProperty("shared");
    expect(errors(agendaSchema, { markdown: "a\u0007b" })).toHaveProperty("markdown");
    expect(errors(agendaSchema, { markdown: "x".repeat(50_001) })).toHaveProperty("markdown");
    expect(agendaSchema.safeParse({ markdown: "x".repeat(50_000) }).success).toBe(true);
    expect(errors(agendaSchema, { shared: true, readingId: "x" })).toHaveProperty("");
  });
});

describe("orderSchema and progressSchema", () => {
  const id = (n: number) => `cmreading${String(n).padStart(16, "0")}`;

  it("accepts readings once each, and refuses repeats, nothing, and malformed ids", () => {
    expect(orderSchema.parse({ ids: [id(1), id(2)] })).toEqual({ ids: [id(1), id(2)] });
    expect(errors(orderSchema, { ids: [id(1), id(1)] })).toEqual({ "": ["Each reading can appear once."] });
    expect(errors(orderSchema, { ids: [] })).toHaveProperty("ids");
    expect(errors(orderSchema, { ids: ["nope"] })).toHaveProperty("ids.0");
  });

  it("takes one block id", () => {
    expect(progressSchema.parse({ blockId: "p-df112487e8" })).toEqual({ blockId: "p-df112487e8" });
    expect(errors(progressSchema, { blockId: "<script>" })).toHaveProperty("blockId");
    expect(errors(progressSchema, { blockId: "p-1", percent: 100 })).toHaveProperty("");
  });
});

describe("timeZoneSchema", () => {
  it("accepts zones the server knows", () => {
    for (const zone of ["UTC", "Europe/Berlin", "America/New_York", "Asia/Kolkata"]) expect(timeZoneSchema.parse(zone)).toBe(zone);
  });

  it("refuses zones that do not exist", () => {
    for (const zone of ["Mars/Olympus", "", "Europe/Atlantis", "x".repeat(65)]) expect(timeZoneSchema.safeParse(zone).success, zone).toBe(false);
    expect(errors(timeZoneSchema, "Mars/Olympus")).toEqual({ "": [expect.stringMatching(/not a time zone we know/)] });
  });
});
