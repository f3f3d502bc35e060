"use client";

import { useEffect, useId, useRef } from "react";
import type { AnnotationView } from "@/lib/annotations/view";
import { Composer, type ComposerValue } from "./composer";
import type { Draft } from "./margin";
import { NoteCard, type CardActions } from "./note-card";

export type SheetMode =
  | { type: "block"; blockId: string; returnFocus: HTMLElement | null }
  | { type: "all"; returnFocus: HTMLElement | null }
  | { type: "orphans"; returnFocus: HTMLElement | null }
  | { type: "compose"; returnFocus: HTMLElement | null };

const TITLES = { block: "Notes on this paragraph", all: "All notes", orphans: "Unplaced notes", compose: "New note" } as const;

/**
 * Notes in a sheet: from the bottom on phones, from the side on larger screens. Used
 * for a paragraph's notes where there is no margin, and for notes that lost their place.
 */
export function NotesSheet({
  mode,
  notes,
  meId,
  facilitator,
  actions,
  draft,
  onSubmitDraft,
  onCancelDraft,
  onClose,
}: {
  mode: SheetMode;
  notes: AnnotationView[];
  meId: string;
  facilitator: boolean;
  actions: CardActions;
  draft: Draft | null;
  onSubmitDraft: (value: ComposerValue) => void;
  onCancelDraft: () => void;
  onClose: () => void;
}) {
  const panel = useRef<HTMLDivElement>(null);
  const titleId = useId();
  useEffect(() => {
    if (mode.type !== "compose") panel.current?.querySelector<HTMLElement>("h2")?.focus();
    const onKey = (e: KeyboardEvent) => {
      if (e.key === "Escape") onClose();
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, [mode.type, onClose]);

  return (
    <div className="fixed inset-0 z-40 flex items-end justify-end sm:items-stretch">
      <button type="button" aria-label="Close" tabIndex={-1} onClick={onClose} className="absolute inset-0 bg-ink/25" />
      <div
        ref={panel}
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        className="relative flex max-h-[80dvh] w-full flex-col rounded-t-2xl border border-rule bg-paper shadow-2xl sm:max-h-none sm:w-[26rem] sm:rounded-none sm:border-y-0 sm:border-e-0"
      >
        <div className="flex items-center justify-between border-b border-rule px-4 py-3">
          <h2 id={titleId} tabIndex={-1} className="font-sans text-base font-semibold outline-none">
            {TITLES[mode.type]}
          </h2>
          <button type="button" onClick={onClose} className="rounded-md px-2 py-1 font-sans text-sm text-ink-soft hover:bg-accent-soft">
            Close
          </button>
        </div>
        <div className="flex-1 space-y-3 overflow-y-auto p-4">
          {mode.type === "orphans" && (
            <p className="font-sans text-sm text-ink-soft">
              The text changed and these notes’ words could not be found in the new version. They are kept with the words they were
              written on{facilitator ? "; place each one again by selecting new words." : "."}
            </p>
          )}
          {draft && (
            <Composer
              key={draft.id}
              initial={{ kind: draft.kind, body: "", visibility: "group" }}
              quote={draft.quote}
              busy={draft.busy}
              error={draft.error}
              onSubmit={onSubmitDraft}
              onCancel={onCancelDraft}
            />
          )}
          {notes.map((note) => (
            <NoteCard
              key={note.id}
              note={note}
              meId={meId}
              facilitator={facilitator}
              active={false}
              actions={actions}
              showQuote
            />
          ))}
          {mode.type !== "compose" && notes.length === 0 && (
            <p className="font-sans text-sm text-muted">Nothing here yet.</p>
          )}
        </div>
      </div>
    </div>
  );
}
