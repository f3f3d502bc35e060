"use client";

import { signIn } from "next-auth/react";
import { useRouter } from "next/navigation";
import { useActionState, useEffect, useRef } from "react";
import { Field, FormMessage } from "@/components/forms/field";
import { SubmitButton } from "@/components/forms/submit-button";
import type { FormState } from "@/lib/forms";
import { signUpAction } from "../actions";

export function SignUpForm({ callbackUrl }: { callbackUrl: string }) {
  const router = useRouter();
  // React resets the form after the action runs, so keep what was typed for the sign-in.
  const typed = useRef({ email: "", password: "" });
  const [state, action] = useActionState<FormState, FormData>(signUpAction, {});

  // The account exists: sign in with what was just typed, then go on.
  useEffect(() => {
    if (!state.ok) return;
    void signIn("credentials", { ...typed.current, redirect: false }).then(() => {
      router.replace(callbackUrl);
      router.refresh();
    });
  }, [state, callbackUrl, router]);

  return (
    <form
      action={action}
      onSubmit={(event) => {
        const data = new FormData(event.currentTarget);
        typed.current = { email: String(data.get("email") ?? ""), password: String(data.get("password") ?? "") };
      }}
      className="space-y-4"
      noValidate
    >
      <FormMessage error={state.error} message={state.ok ? "Account created. Signing you in…" : undefined} />
      <Field name="name" label="Your name" autoComplete="name" required maxLength={80} defaultValue={state.values?.name} errors={state.fieldErrors?.name} hint="Shown to the members of your groups." />
      <Field name="email" label="Email" type="email" autoComplete="email" required defaultValue={state.values?.email} errors={state.fieldErrors?.email} />
      <Field name="password" label="Password" type="password" autoComplete="new-password" required errors={state.fieldErrors?.password} hint="At least 10 characters." />
      <SubmitButton pending="Creating your account…" className="w-full">
        Create account
      </SubmitButton>
    </form>
  );
}
