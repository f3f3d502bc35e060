"use client";

import { useEffect, useId, useRef } from "react";
import type { AnnotationView } from "@/lib/annotations/view";
import { Composer, type ComposerValue } from "./composer";
import type { Draft } from "./margin";
import { NoteCard, type CardActions } from "./note-card";
import { SidePanel } from "@/components/ui/side-panel";

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
  }, [mode.type]);

  return (
    <SidePanel ref={panel} labelledBy={titleId} onClose={onClose} className="max-h-[80dvh] sm:max-h-none sm:w-[26rem]">
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
    </SidePanel>
  );
}
