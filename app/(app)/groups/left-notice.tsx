"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { restoreMemberAction } from "./actions";

/** After leaving a group: a way back, for a few minutes. */
export function LeftNotice({ groupId, receipt }: { groupId: string; receipt?: string }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string>();
  return (
    <div role="status" className="mt-4 flex flex-wrap items-center gap-3 rounded-md border border-rule bg-raised px-3 py-2 text-sm text-ink-soft">
      <span>{error ?? "You left the group."}</span>
      {receipt && !error && (
        <button
          type="button"
          disabled={pending}
          className="font-semibold text-accent hover:underline"
          onClick={() =>
            startTransition(async () => {
              const result = await restoreMemberAction(groupId, receipt);
              if (result.ok) router.push(`/groups/${groupId}`);
              else setError(result.error);
            })
          }
        >
          {pending ? "Undoing…" : "Undo"}
        </button>
      )}
    </div>
  );
}
