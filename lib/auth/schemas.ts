import { z } from "zod";

export const emailSchema = z
  .string({ error: "Enter your email address." })
  .trim()
  .toLowerCase()
  .min(1, "Enter your email address.")
  .max(254, "That email address is too long.")
  .pipe(z.email({ error: "Enter an email address like name@example.org." }));

export const displayNameSchema = z
  .string({ error: "Enter your name." })
  .trim()
  .min(1, "Enter your name.")
  .max(80, "Keep your name under 80 characters.")
  .refine((name) => !/[<>]/.test(name), "Names can’t contain < or >.");

export const newPasswordSchema = z
  .string({ error: "Choose a password." })
  .min(10, "Use at least 10 characters.")
  .max(200, "Keep your password under 200 characters.");

export const signUpSchema = z.object({ name: displayNameSchema, email: emailSchema, password: newPasswordSchema });
export const signInSchema = z.object({ email: emailSchema, password: z.string().min(1, "Enter your password.").max(200) });
export const profileSchema = z.object({ name: displayNameSchema });
export const changePasswordSchema = z.object({
  currentPassword: z.string().max(200),
  newPassword: newPasswordSchema,
});
