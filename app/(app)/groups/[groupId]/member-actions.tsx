"use client";

import { useState, useTransition } from "react";
import type { FormState } from "@/lib/forms";
import { buttonClass } from "@/components/forms/button-class";
import { removeMemberAction, setRoleAction } from "../actions";

function Status({ state }: { state: FormState }) {
  return (
    <span role="status" aria-live="polite" className={`text-xs ${state.error ? "text-red-700 dark:text-red-300" : "text-muted"}`}>
      {state.error ?? state.message ?? ""}
    </span>
  );
}

export function MemberActions({ groupId, userId, name, role }: { groupId: string; userId: string; name: string; role: "facilitator" | "member" }) {
  const [pending, startTransition] = useTransition();
  const [state, setState] = useState<FormState>({});
  const [confirming, setConfirming] = useState(false);
  const run = (action: () => Promise<FormState>) => startTransition(async () => setState(await action()));
  const small = "rounded px-2 py-1 text-xs font-medium hover:bg-accent-soft disabled:opacity-50";

  return (
    <div className="flex flex-wrap items-center gap-1">
      <Status state={state} />
      <button type="button" disabled={pending} className={small} onClick={() => run(() => setRoleAction(groupId, userId, role === "facilitator" ? "member" : "facilitator"))}>
        {role === "facilitator" ? "Make member" : "Make facilitator"}
        <span className="sr-only"> ({name})</span>
      </button>
      {confirming ? (
        <>
          <button type="button" disabled={pending} className={`${small} text-red-700 dark:text-red-300`} onClick={() => run(() => removeMemberAction(groupId, userId))}>
            Confirm removal<span className="sr-only"> of {name}</span>
          </button>
          <button type="button" className={small} onClick={() => setConfirming(false)}>
            Keep
          </button>
        </>
      ) : (
        <button type="button" disabled={pending} className={`${small} text-red-700 dark:text-red-300`} onClick={() => setConfirming(true)}>
          Remove<span className="sr-only"> {name}</span>
        </button>
      )}
    </div>
  );
}

export function LeaveGroup({ groupId, userId, onlyFacilitator }: { groupId: string; userId: string; onlyFacilitator: boolean }) {
  const [pending, startTransition] = useTransition();
  const [state, setState] = useState<FormState>({});
  const [confirming, setConfirming] = useState(false);
  if (onlyFacilitator)
    return <p className="text-sm text-muted">You are the only facilitator. To leave, make someone else a facilitator first.</p>;
  return (
    <div className="flex flex-wrap items-center gap-2">
      {confirming ? (
        <>
          <span className="text-sm text-ink-soft">Leave this group? You’ll need a new invitation to come back.</span>
          <button type="button" disabled={pending} className={buttonClass("danger")} onClick={() => startTransition(async () => setState(await removeMemberAction(groupId, userId)))}>
            {pending ? "Leaving…" : "Leave group"}
          </button>
          <button type="button" className={buttonClass("secondary")} onClick={() => setConfirming(false)}>
            Stay
          </button>
        </>
      ) : (
        <button type="button" className={buttonClass("secondary")} onClick={() => setConfirming(true)}>
          Leave group…
        </button>
      )}
      <Status state={state} />
    </div>
  );
}
