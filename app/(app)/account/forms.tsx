"use client";

import { useActionState, useState, useTransition } from "react";
import { buttonClass } from "@/components/forms/button-class";
import { Field, FormMessage } from "@/components/forms/field";
import { RadioCards } from "@/components/forms/radio-cards";
import { SubmitButton } from "@/components/forms/submit-button";
import type { FormState } from "@/lib/forms";
import { changePasswordAction, emailFrequencyAction, presenceAction, signOutEverywhereAction, updateProfileAction } from "./actions";

const PRESENCE = [
  ["on", "Show where I’m reading", "Your initials in the margin and the reader’s top bar."],
  ["off", "Read unseen", "Nobody sees that you are reading, or where."],
] as const;

const FREQUENCIES = [
  ["immediately", "As it happens", "One email for each reply, mention or answer."],
  ["daily", "Daily digest", "One email a day, grouped by group and reading."],
  ["weekly", "Weekly digest", "One email a week."],
  ["none", "Never", "Only the inbox in Study Circle."],
] as const;

export function EmailFrequencyForm({ current }: { current: string }) {
  const [state, action] = useActionState<FormState, FormData>(emailFrequencyAction, {});
  const chosen = state.values?.emailFrequency ?? current;
  return (
    <form action={action} className="space-y-4" noValidate>
      <FormMessage error={state.error} message={state.message} />
      <fieldset>
        <legend className="mb-2 text-sm text-ink-soft">Email me about replies, mentions and answers:</legend>
        <RadioCards name="emailFrequency" options={FREQUENCIES} chosen={chosen} />
        {state.fieldErrors?.emailFrequency && <p className="mt-2 text-sm text-red-700 dark:text-red-300">{state.fieldErrors.emailFrequency[0]}</p>}
      </fieldset>
      <SubmitButton pending="Saving…">Save email setting</SubmitButton>
    </form>
  );
}

export function PresenceForm({ current }: { current: boolean }) {
  const [state, action] = useActionState<FormState, FormData>(presenceAction, {});
  const chosen = state.values?.showPresence ? state.values.showPresence === "on" : current;
  return (
    <form action={action} className="space-y-4" noValidate>
      <FormMessage error={state.error} message={state.message} />
      <fieldset>
        <legend className="mb-2 text-sm text-ink-soft">While you read a group’s text, its members see your initials beside the paragraph you are on.</legend>
        <RadioCards name="showPresence" options={PRESENCE} chosen={chosen ? "on" : "off"} />
      </fieldset>
      <SubmitButton pending="Saving…">Save</SubmitButton>
    </form>
  );
}

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
