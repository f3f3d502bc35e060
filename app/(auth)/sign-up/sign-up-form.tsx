"use client";

import { useActionState } from "react";
import { Field, FormMessage } from "@/components/forms/field";
import { SubmitButton } from "@/components/forms/submit-button";
import type { FormState } from "@/lib/forms";
import { signUpAction } from "../actions";

export function SignUpForm({ callbackUrl }: { callbackUrl: string }) {
  const [state, action] = useActionState<FormState, FormData>(signUpAction, {});

  // The same answer whether or not the address has an account: the mail says which.
  if (state.ok)
    return (
      <div role="status" aria-live="polite" className="space-y-3">
        <h2 className="font-serif text-xl font-semibold">Check your mail</h2>
        <p className="text-ink-soft">
          We sent a message to <strong className="text-ink">{state.message}</strong>. Follow its link within 24 hours to finish
          creating your account.
        </p>
        <p className="text-sm text-muted">Nothing there? Look in your spam folder, or sign up again to get a new link.</p>
      </div>
    );

  return (
    <form action={action} className="space-y-4" noValidate>
      <FormMessage error={state.error} />
      <input type="hidden" name="callbackUrl" value={callbackUrl} />
      <Field name="name" label="Your name" autoComplete="name" required maxLength={80} defaultValue={state.values?.name} errors={state.fieldErrors?.name} hint="Shown to the members of your groups." />
      <Field name="email" label="Email" type="email" autoComplete="email" required defaultValue={state.values?.email} errors={state.fieldErrors?.email} />
      <Field name="password" label="Password" type="password" autoComplete="new-password" required errors={state.fieldErrors?.password} hint="At least 10 characters." />
      <SubmitButton pending="Creating your account…" className="w-full">
        Create account
      </SubmitButton>
    </form>
  );
}
