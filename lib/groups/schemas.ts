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

export const groupSchema = z.object({
  name: groupNameSchema,
  description: z
    .string()
    .trim()
    .max(500, "Keep the description under 500 characters.")
    .refine(noMarkup, "The description can’t contain < or >.")
    .refine((text) => !hasControlCharacters(text), CONTROL)
    .default(""),
});

/** A change to the group through the API: only the fields sent are changed. */
export const groupPatchSchema = z
  .object({ name: groupNameSchema.optional(), description: groupSchema.shape.description.unwrap().optional() })
  .refine((patch) => patch.name !== undefined || patch.description !== undefined, "Send a name or a description to change.");

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
