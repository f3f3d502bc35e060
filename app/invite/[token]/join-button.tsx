"use client";

import { useState, useTransition } from "react";
import { buttonClass } from "@/components/forms/button-class";
import { FormMessage } from "@/components/forms/field";
import { Spinner } from "@/components/forms/submit-button";
import type { FormState } from "@/lib/forms";
import { acceptInviteAction } from "./actions";

export function JoinButton({ token, groupName }: { token: string; groupName: string }) {
  const [pending, startTransition] = useTransition();
  const [state, setState] = useState<FormState>({});
  return (
    <div className="space-y-3">
      <FormMessage error={state.error} />
      <button
        type="button"
        disabled={pending}
        className={buttonClass()}
        onClick={() => startTransition(async () => setState((await acceptInviteAction(token)) ?? {}))}
      >
        {pending && <Spinner />}
        {pending ? "Joining…" : `Join ${groupName}`}
      </button>
    </div>
  );
}
