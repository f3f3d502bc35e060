"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { buttonClass } from "@/components/forms/button-class";
import { useToast } from "@/components/ui/toast";
import type { FormState } from "@/lib/forms";
import { removeMemberAction, restoreMemberAction, setRoleAction } from "../actions";

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
  const toast = useToast();
  const router = useRouter();
  const small = "rounded px-2 py-1 text-xs font-medium hover:bg-accent-soft disabled:opacity-50";

  const remove = () =>
    startTransition(async () => {
      const result = await removeMemberAction(groupId, userId);
      if (!result.ok) return setState(result);
      const receipt = result.values?.receipt;
      toast({
        message: `${name} was removed from the group.`,
        action: receipt
          ? {
              label: "Undo",
              run: async () => {
                const undone = await restoreMemberAction(groupId, receipt);
                toast({ message: undone.ok ? `${name} is back in the group.` : (undone.error ?? "Could not undo.") });
                router.refresh();
              },
            }
          : undefined,
      });
    });

  return (
    <div className="flex flex-wrap items-center gap-1">
      <Status state={state} />
      <button
        type="button"
        disabled={pending}
        className={small}
        onClick={() => startTransition(async () => setState(await setRoleAction(groupId, userId, role === "facilitator" ? "member" : "facilitator")))}
      >
        {role === "facilitator" ? "Make member" : "Make facilitator"}
        <span className="sr-only"> ({name})</span>
      </button>
      <button type="button" disabled={pending} className={`${small} text-red-700 dark:text-red-300`} onClick={remove}>
        Remove<span className="sr-only"> {name}</span>
      </button>
    </div>
  );
}

export function LeaveGroup({ groupId, userId, onlyFacilitator }: { groupId: string; userId: string; onlyFacilitator: boolean }) {
  const [pending, startTransition] = useTransition();
  const [state, setState] = useState<FormState>({});
  if (onlyFacilitator)
    return <p className="text-sm text-muted">You are the only facilitator. To leave, make someone else a facilitator first.</p>;
  return (
    <div className="flex flex-wrap items-center gap-2">
      <button
        type="button"
        disabled={pending}
        className={buttonClass("secondary")}
        onClick={() => startTransition(async () => setState(await removeMemberAction(groupId, userId)))}
      >
        {pending ? "Leaving…" : "Leave group"}
      </button>
      <Status state={state} />
    </div>
  );
}
