"use server";

import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { confirmSignUp, signUp } from "@/lib/auth/accounts";
import { safeCallbackUrl } from "@/lib/auth/callback-url";
import { signUpSchema } from "@/lib/auth/schemas";
import { failed, invalid, type FormState } from "@/lib/forms";
import { clientAddress } from "@/lib/rate-limit";

// Asks for the account: a confirmation link goes to the address (or, when it already has
// an account, a note to its owner). The answer is the same either way.
export async function signUpAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const parsed = signUpSchema.safeParse(Object.fromEntries(formData));
  if (!parsed.success) return invalid(parsed.error, formData);
  const callbackUrl = safeCallbackUrl(String(formData.get("callbackUrl") ?? ""));
  try {
    await signUp(parsed.data, clientAddress(await headers()), callbackUrl);
    return { ok: true, message: parsed.data.email };
  } catch (error) {
    return failed(error, formData);
  }
}

// Follows a confirmation link (by the button on its page, so a mail scanner that opens
// links does not use it up), then sends the person to sign in.
export async function confirmAction(_previous: FormState, formData: FormData): Promise<FormState> {
  let destination: string;
  try {
    const { outcome, callbackUrl } = await confirmSignUp(String(formData.get("token") ?? ""));
    destination = `/sign-in?confirmed=${outcome === "created" ? "1" : "exists"}&callbackUrl=${encodeURIComponent(safeCallbackUrl(callbackUrl))}`;
  } catch (error) {
    return failed(error, formData);
  }
  redirect(destination);
}
