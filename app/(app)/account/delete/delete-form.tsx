"use client";

import { useActionState } from "react";
import { Field, FormMessage } from "@/components/forms/field";
import { SubmitButton } from "@/components/forms/submit-button";
import type { FormState } from "@/lib/forms";
import { deleteAccountAction } from "../actions";

/** The last step: the password (or, without one, the address) and the button that deletes. */
export function DeleteAccountForm({ confirmWith, email }: { confirmWith: "password" | "email"; email: string }) {
  const [state, action] = useActionState<FormState, FormData>(deleteAccountAction, {});
  return (
    <form action={action} className="mt-3 space-y-4" noValidate>
      <FormMessage error={state.error} />
      {confirmWith === "password" ? (
        <Field name="password" label="Your password" type="password" autoComplete="current-password" maxLength={200} errors={state.fieldErrors?.password} hint="To show it is you." />
      ) : (
        <Field
          name="email"
          label={`Type your email address, ${email}`}
          type="email"
          autoComplete="off"
          maxLength={254}
          defaultValue={state.values?.email}
          errors={state.fieldErrors?.email}
          hint="You sign in without a password, so your address shows it is you."
        />
      )}
      <SubmitButton variant="danger" pending="Deleting your account…">
        Delete my account permanently
      </SubmitButton>
    </form>
  );
}
