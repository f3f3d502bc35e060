"use client";

import { useState } from "react";
import type { AnnotationView, ReactionKind } from "@/lib/annotations/view";
import { REACTION_KINDS } from "@/lib/annotations/view";

export const REACTIONS: Record<ReactionKind, { symbol: string; label: string }> = {
  agree: { symbol: "👍", label: "Agree" },
  same: { symbol: "+1", label: "Same question" },
  insightful: { symbol: "💡", label: "Insightful" },
  heart: { symbol: "❤️", label: "Love it" },
  laugh: { symbol: "😄", label: "Funny" },
  thinking: { symbol: "🤔", label: "Makes me think" },
};

function names(people: { id: string; name: string }[], meId: string): string {
  const list = people.map((p) => (p.id === meId ? "you" : p.name));
  return list.length <= 3 ? list.join(", ").replace(/, ([^,]*)$/, " and $1") : `${list.slice(0, 3).join(", ")} and ${list.length - 3} more`;
}

/**
 * Reactions under a note or reply: those given, with counts and who (in the tooltip and
 * for screen readers), and a small picker. Each toggles this person's reaction.
 */
export function ReactionBar({
  reactions,
  meId,
  onToggle,
}: {
  reactions: AnnotationView["reactions"];
  meId: string;
  onToggle: (kind: ReactionKind, on: boolean) => void;
}) {
  const [picking, setPicking] = useState(false);
  const given = new Map(reactions.map((r) => [r.kind, r.people]));
  return (
    <div className="mt-2 flex flex-wrap items-center gap-1 font-sans text-xs">
      {reactions.map(({ kind, people }) => {
        const mine = people.some((p) => p.id === meId);
        return (
          <button
            key={kind}
            type="button"
            aria-pressed={mine}
            data-reaction={kind}
            title={`${REACTIONS[kind].label}: ${names(people, meId)}`}
            aria-label={`${REACTIONS[kind].label}, ${people.length}: ${names(people, meId)}`}
            onClick={() => onToggle(kind, !mine)}
            className={`inline-flex items-center gap-1 rounded-full border px-2 py-0.5 tabular-nums ${
              mine ? "border-accent/50 bg-accent-soft text-ink" : "border-rule text-ink-soft hover:bg-accent-soft"
            }`}
          >
            <span aria-hidden="true" className={kind === "same" ? "font-bold" : ""}>
              {REACTIONS[kind].symbol}
            </span>
            {people.length}
          </button>
        );
      })}
      <button
        type="button"
        aria-expanded={picking}
        onClick={() => setPicking((p) => !p)}
        className="rounded-full border border-transparent px-2 py-0.5 text-muted hover:border-rule hover:text-ink"
      >
        {picking ? "Close" : "React"}
      </button>
      {picking && (
        <span role="group" aria-label="Reactions" className="flex flex-wrap gap-1">
          {REACTION_KINDS.map((kind) => {
            const mine = given.get(kind)?.some((p) => p.id === meId) ?? false;
            return (
              <button
                key={kind}
                type="button"
                aria-pressed={mine}
                title={REACTIONS[kind].label}
                onClick={() => {
                  onToggle(kind, !mine);
                  setPicking(false);
                }}
                className={`rounded-full border px-2 py-0.5 ${mine ? "border-accent/50 bg-accent-soft" : "border-rule hover:bg-accent-soft"}`}
              >
                <span aria-hidden="true">{REACTIONS[kind].symbol}</span> <span>{REACTIONS[kind].label}</span>
              </button>
            );
          })}
        </span>
      )}
    </div>
  );
}
