import { z } from "zod";

/** Control characters (NUL and the like) come from odd pastes, and Postgres refuses NUL outright. */
export const hasControlCharacters = (value: string) => /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/.test(value);

export const emailSchema = z
  .string({ error: "Enter your email address." })
  .trim()
  .toLowerCase()
  .min(1, "Enter your email address.")
  .max(254, "That email address is too long.")
  .refine((email) => !hasControlCharacters(email), "Enter an email address like name@example.org.")
  .pipe(z.email({ error: "Enter an email address like name@example.org." }));

export const displayNameSchema = z
  .string({ error: "Enter your name." })
  .trim()
  .min(1, "Enter your name.")
  .max(80, "Keep your name under 80 characters.")
  .refine((name) => !/[<>]/.test(name), "Names can’t contain < or >.")
  .refine((name) => !hasControlCharacters(name) && !/[\n\r\t]/.test(name), "Names can’t contain invisible control characters.");

export const newPasswordSchema = z
  .string({ error: "Choose a password." })
  .min(10, "Use at least 10 characters.")
  .max(200, "Keep your password under 200 characters.")
  .refine((password) => !password.includes("\u0000"), "Passwords can’t contain a NUL character.");

export const signUpSchema = z.object({ name: displayNameSchema, email: emailSchema, password: newPasswordSchema });
export const signInSchema = z.object({ email: emailSchema, password: z.string().min(1, "Enter your password.").max(200) });
export const profileSchema = z.object({ name: displayNameSchema });
export const changePasswordSchema = z.object({
  currentPassword: z.string().max(200),
  newPassword: newPasswordSchema,
});

/** Deleting an account: the password, or (for an account that only signs in with GitHub or Google) the email address. */
export const deleteAccountSchema = z.object({
  password: z.string().max(200, "Keep your password under 200 characters.").optional(),
  email: z.string().max(254, "That email address is too long.").optional(),
});
