"use client";

import { useActionState, useState, useTransition } from "react";
import { buttonClass } from "@/components/forms/button-class";
import { Field, FormMessage } from "@/components/forms/field";
import { SubmitButton } from "@/components/forms/submit-button";
import type { FormState } from "@/lib/forms";
import { changePasswordAction, signOutEverywhereAction, updateProfileAction } from "./actions";

export function ProfileForm({ name }: { name: string }) {
  const [state, action] = useActionState<FormState, FormData>(updateProfileAction, {});
  return (
    <form action={action} className="space-y-4" noValidate>
      <FormMessage error={state.error} message={state.message} />
      <Field name="name" label="Your name" required maxLength={80} autoComplete="name" defaultValue={state.values?.name ?? name} errors={state.fieldErrors?.name} />
      <SubmitButton pending="Saving…">Save name</SubmitButton>
    </form>
  );
}

export function PasswordForm() {
  const [state, action] = useActionState<FormState, FormData>(changePasswordAction, {});
  return (
    <form action={action} className="space-y-4" noValidate>
      <FormMessage error={state.error} message={state.message} />
      <Field name="currentPassword" label="Current password" type="password" autoComplete="current-password" errors={state.fieldErrors?.currentPassword} />
      <Field name="newPassword" label="New password" type="password" autoComplete="new-password" errors={state.fieldErrors?.newPassword} hint="At least 10 characters. Other sessions are signed out." />
      <SubmitButton pending="Changing password…">Change password</SubmitButton>
    </form>
  );
}

export function SignOutEverywhere({ disabled }: { disabled: boolean }) {
  const [pending, startTransition] = useTransition();
  const [state, setState] = useState<FormState>({});
  return (
    <div className="space-y-2">
      <button type="button" disabled={pending || disabled} className={buttonClass("secondary")} onClick={() => startTransition(async () => setState(await signOutEverywhereAction()))}>
        {pending ? "Signing out…" : "Sign out everywhere else"}
      </button>
      <FormMessage error={state.error} message={state.message} />
    </div>
  );
}
