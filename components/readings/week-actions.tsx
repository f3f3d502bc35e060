"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { useToast } from "@/components/ui/toast";
import { readingsApi } from "./api";

const small = "rounded px-2 py-1 text-xs font-medium text-ink-soft hover:bg-accent-soft disabled:opacity-40";

/**
 * A facilitator's controls on a week of the schedule: move it a week earlier or later
 * (the readings swap weeks, the calendar stays), edit it, or remove it with Undo.
 */
export function WeekActions({ groupId, order, index, title }: { groupId: string; order: string[]; index: number; title: string }) {
  const router = useRouter();
  const toast = useToast();
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);
  const id = order[index]!;
  const api = readingsApi(groupId);

  const move = (by: -1 | 1) =>
    startTransition(async () => {
      const ids = [...order];
      [ids[index], ids[index + by]] = [ids[index + by]!, ids[index]!];
      const result = await api.reorder(ids);
      if (!result.ok) return setError(result.error);
      setError(null);
      router.refresh();
    });

  const remove = () =>
    startTransition(async () => {
      const result = await api.remove(id);
      if (!result.ok) return setError(result.error);
      router.refresh();
      toast({
        message: `${title} was taken off the schedule.`,
        action: {
          label: "Undo",
          run: async () => {
            const undone = await api.restore(id);
            toast({ message: undone.ok ? `${title} is back on the schedule.` : undone.error });
            router.refresh();
          },
        },
      });
    });

  return (
    <div className="flex flex-wrap items-center gap-1" aria-busy={pending || undefined}>
      <button type="button" className={small} disabled={pending || index === 0} onClick={() => move(-1)} aria-label={`Move ${title} a week earlier`}>
        ↑ Earlier
      </button>
      <button
        type="button"
        className={small}
        disabled={pending || index === order.length - 1}
        onClick={() => move(1)}
        aria-label={`Move ${title} a week later`}
      >
        ↓ Later
      </button>
      <a href={`/groups/${groupId}/schedule/${id}`} className={`${small} no-underline`} aria-label={`Edit ${title}`}>
        Edit
      </a>
      <button type="button" className={`${small} text-red-800 dark:text-red-300`} disabled={pending} onClick={remove} aria-label={`Remove ${title}`}>
        Remove
      </button>
      {error && (
        <span role="alert" className="text-xs text-red-700 dark:text-red-400">
          {error}
        </span>
      )}
    </div>
  );
}
