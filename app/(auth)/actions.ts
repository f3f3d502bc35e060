"use server";

import { headers } from "next/headers";
import { signUp } from "@/lib/auth/accounts";
import { signUpSchema } from "@/lib/auth/schemas";
import { failed, invalid, type FormState } from "@/lib/forms";
import { clientAddress } from "@/lib/rate-limit";

// Creates the account; the form then signs in with the same details (next-auth's own
// sign-in sets the session cookie).
export async function signUpAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const parsed = signUpSchema.safeParse(Object.fromEntries(formData));
  if (!parsed.success) return invalid(parsed.error, formData);
  try {
    await signUp(parsed.data, clientAddress(await headers()));
    return { ok: true };
  } catch (error) {
    return failed(error, formData);
  }
}
