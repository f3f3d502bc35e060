"use client";

import { useActionState } from "react";
import { FormMessage } from "@/components/forms/field";
import { SubmitButton } from "@/components/forms/submit-button";
import type { FormState } from "@/lib/forms";
import { confirmAction } from "../../actions";

export function ConfirmForm({ token, email }: { token: string; email: string }) {
  const [state, action] = useActionState<FormState, FormData>(confirmAction, {});
  return (
    <form action={action} className="space-y-4">
      <FormMessage error={state.error} />
      <p className="text-ink-soft">
        This creates the account for <strong className="text-ink">{email}</strong> with the name and password you chose.
      </p>
      <input type="hidden" name="token" value={token} />
      <SubmitButton pending="Confirming…" className="w-full">
        Confirm my address
      </SubmitButton>
    </form>
  );
}
