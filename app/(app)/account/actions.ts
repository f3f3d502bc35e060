"use server";

import { revalidatePath } from "next/cache";
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { changePassword, endOtherSessions, updateProfile } from "@/lib/auth/accounts";
import { deleteAccount } from "@/lib/auth/delete-account";
import { changePasswordSchema, deleteAccountSchema, profileSchema } from "@/lib/auth/schemas";
import { getCurrentUser } from "@/lib/auth/session";
import { db } from "@/lib/db";
import { failed, invalid, type FormState } from "@/lib/forms";
import { setEmailFrequency } from "@/lib/discussion/inbox";
import { emailFrequencySchema } from "@/lib/discussion/schemas";
import { presenceSettingSchema, setShowPresence } from "@/lib/realtime/presence";

const SIGNED_OUT: FormState = { error: "Your session has ended. Sign in again to continue." };

export async function updateProfileAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const user = await getCurrentUser();
  if (!user) return SIGNED_OUT;
  const parsed = profileSchema.safeParse(Object.fromEntries(formData));
  if (!parsed.success) return invalid(parsed.error, formData);
  try {
    await updateProfile(user.id, parsed.data);
  } catch (error) {
    return failed(error, formData);
  }
  revalidatePath("/", "layout");
  return { ok: true, message: "Your name is updated.", values: { name: parsed.data.name } };
}

export async function changePasswordAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const user = await getCurrentUser();
  if (!user) return SIGNED_OUT;
  const parsed = changePasswordSchema.safeParse(Object.fromEntries(formData));
  if (!parsed.success) return invalid(parsed.error, formData);
  try {
    await changePassword(user.id, user.sessionId, parsed.data);
  } catch (error) {
    return failed(error, formData);
  }
  revalidatePath("/account");
  return { ok: true, message: "Password changed. You were signed out everywhere else." };
}

export async function signOutEverywhereAction(): Promise<FormState> {
  const user = await getCurrentUser();
  if (!user) return SIGNED_OUT;
  const count = await endOtherSessions(user.id, user.sessionId);
  revalidatePath("/account");
  return { ok: true, message: count ? `Signed out of ${count} other ${count === 1 ? "session" : "sessions"}.` : "No other sessions were open." };
}

const SESSION_COOKIES = ["next-auth.session-token", "__Secure-next-auth.session-token"];

/** Ends this session on the server (the cookie alone would stay valid until it expires) and clears it. */
export async function signOutAction(): Promise<void> {
  const user = await getCurrentUser();
  if (user) await db.authSession.updateMany({ where: { id: user.sessionId, revokedAt: null }, data: { revokedAt: new Date() } });
  const jar = await cookies();
  for (const name of SESSION_COOKIES) jar.delete(name);
  redirect("/");
}

/**
 * Deletes the signed-in person's own account — the id comes from the session, never from
 * the form — once they have typed their password (or, without one, their address). Every
 * session ends in the same transaction; this browser's cookie is cleared too.
 */
export async function deleteAccountAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const parsed = deleteAccountSchema.safeParse(Object.fromEntries(formData));
  if (!parsed.success) return invalid(parsed.error, formData);
  try {
    // Inside the try: a database that cannot answer is said calmly on the form, which stays as it was.
    const user = await getCurrentUser();
    if (!user) return SIGNED_OUT;
    await deleteAccount(user.id, parsed.data);
  } catch (error) {
    return failed(error, formData);
  }
  const jar = await cookies();
  for (const name of SESSION_COOKIES) jar.delete(name);
  revalidatePath("/", "layout");
  redirect("/account-deleted");
}

export async function emailFrequencyAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const user = await getCurrentUser();
  if (!user) return SIGNED_OUT;
  const parsed = emailFrequencySchema.safeParse(Object.fromEntries(formData));
  if (!parsed.success) return invalid(parsed.error, formData);
  try {
    await setEmailFrequency(user.id, parsed.data.emailFrequency);
  } catch (error) {
    return failed(error, formData);
  }
  revalidatePath("/account");
  const said = {
    immediately: "You’ll get an email as each notification arrives.",
    daily: "You’ll get one email a day when there is something new.",
    weekly: "You’ll get one email a week when there is something new.",
    none: "No more emails: notifications stay in your inbox.",
  } as const;
  return { ok: true, message: said[parsed.data.emailFrequency], values: { emailFrequency: parsed.data.emailFrequency } };
}

export async function presenceAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const user = await getCurrentUser();
  if (!user) return SIGNED_OUT;
  const parsed = presenceSettingSchema.safeParse(Object.fromEntries(formData));
  if (!parsed.success) return invalid(parsed.error, formData);
  try {
    await setShowPresence(user.id, parsed.data.showPresence === "on");
  } catch (error) {
    return failed(error, formData);
  }
  revalidatePath("/account");
  return {
    ok: true,
    message: parsed.data.showPresence === "on" ? "Your group sees where you are reading." : "Nobody sees where you are reading any more.",
    values: { showPresence: parsed.data.showPresence },
  };
}
