import { z } from "zod";
import { emailSchema, hasControlCharacters } from "@/lib/auth/schemas";

const noMarkup = (value: string) => !/[<>]/.test(value);
const CONTROL = "That can’t contain invisible control characters.";

export const groupNameSchema = z
  .string({ error: "Give the group a name." })
  .trim()
  .min(1, "Give the group a name.")
  .max(80, "Keep the name under 80 characters.")
  .refine(noMarkup, "Names can’t contain < or >.")
  .refine((name) => !hasControlCharacters(name) && !/[\n\r\t]/.test(name), CONTROL);

/** An IANA time zone this server knows ("Europe/Berlin", "UTC"). */
export const timeZoneSchema = z
  .string({ error: "Choose a time zone." })
  .trim()
  .min(1, "Choose a time zone.")
  .max(64, "That is not a time zone.")
  .refine(isTimeZone, "That is not a time zone we know, like Europe/Berlin or America/Chicago.");

export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

const membersAddTextsSchema = z.preprocess((v) => (v === "on" || v === "true" ? true : v), z.boolean({ error: "membersAddTexts must be true or false." }));

export const groupSchema = z.object({
  name: groupNameSchema,
  description: z
    .string()
    .trim()
    .max(500, "Keep the description under 500 characters.")
    .refine(noMarkup, "The description can’t contain < or >.")
    .refine((text) => !hasControlCharacters(text), CONTROL)
    .default(""),
  // The zone the schedule's dates and times are set and shown in.
  timeZone: timeZoneSchema.default("UTC"),
  // Whether members (not only facilitators) may add texts to the group's library. A form's
  // checkbox sends "on" when ticked and nothing when not.
  membersAddTexts: membersAddTextsSchema.default(false),
});

/** A change to the group through the API: only the fields sent are changed. */
export const groupPatchSchema = z
  .object({
    name: groupNameSchema.optional(),
    description: groupSchema.shape.description.unwrap().optional(),
    timeZone: timeZoneSchema.optional(),
    membersAddTexts: z.boolean({ error: "membersAddTexts must be true or false." }).optional(),
  })
  .refine(
    (patch) => patch.name !== undefined || patch.description !== undefined || patch.timeZone !== undefined || patch.membersAddTexts !== undefined,
    "Send a name, a description, a time zone or whether members may add texts to change.",
  );

export const roleSchema = z.enum(["facilitator", "member"], { error: "Role must be facilitator or member." });

export const inviteSchema = z.object({
  expiresInDays: z.coerce
    .number({ error: "Choose how long the link works." })
    .int()
    .min(1, "At least one day.")
    .max(30, "At most 30 days."),
  maxUses: z.preprocess(
    (v) => (v === "" || v === null || v === undefined ? undefined : v),
    z.coerce.number({ error: "Enter a number of uses." }).int().min(1, "At least one use.").max(500, "At most 500 uses.").optional(),
  ),
});

export const inviteByEmailSchema = z.object({
  email: emailSchema,
  expiresInDays: inviteSchema.shape.expiresInDays.default(14),
});

/** Ids in URLs: cuid-like, so anything else is a 404 without touching the database. */
export const idSchema = z.string().regex(/^[a-z0-9]{20,40}$/);
