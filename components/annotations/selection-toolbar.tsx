"use client";

import { autoUpdate, flip, inline, offset, shift, useFloating } from "@floating-ui/react-dom";
import { useEffect, useLayoutEffect, useRef } from "react";
import { HIGHLIGHT_COLORS } from "@/lib/annotations/schemas";
import type { AnnotationView } from "@/lib/annotations/view";
import { fullTime, timeAgo } from "./format";
import type { CardActions } from "./note-card";
import { usePendingNote } from "./pending-context";

// The toolbar floats just above the selected words (below them when there is no room),
// never over them: Floating UI keeps it in view as the page scrolls and wraps with
// inline() so a selection across lines is measured by the lines it covers.

export type ToolbarAction = { type: "highlight"; color: string } | { type: "comment" } | { type: "question" } | { type: "place" };

export function SelectionToolbar({
  range,
  placing,
  focusOnOpen,
  onAction,
  onClose,
}: {
  range: Range;
  placing: boolean;
  focusOnOpen: boolean;
  onAction: (action: ToolbarAction) => void;
  onClose: () => void;
}) {
  const { refs, floatingStyles } = useFloating({
    placement: "top",
    strategy: "fixed",
    middleware: [inline(), offset(10), flip({ padding: 64 }), shift({ padding: 8 })],
    whileElementsMounted: autoUpdate,
  });
  const toolbar = useRef<HTMLDivElement>(null);

  useLayoutEffect(() => {
    refs.setReference({
      getBoundingClientRect: () => range.getBoundingClientRect(),
      getClientRects: () => range.getClientRects(),
    });
  }, [range, refs]);

  useEffect(() => {
    if (focusOnOpen) toolbar.current?.querySelector<HTMLButtonElement>("button")?.focus();
  }, [focusOnOpen, range]);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key === "Escape") onClose();
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, [onClose]);

  return (
    <div
      ref={(el) => {
        refs.setFloating(el);
        toolbar.current = el;
      }}
      style={floatingStyles}
      role="toolbar"
      aria-label="Annotate the selection"
      data-selection-toolbar=""
      onMouseDown={(e) => e.preventDefault() /* keep the selection while clicking */}
      className="z-40 flex items-center gap-1 rounded-lg border border-rule bg-raised p-1 font-sans text-sm shadow-lg"
    >
      {placing ? (
        <button type="button" className={toolButton} onClick={() => onAction({ type: "place" })}>
          Place the note here
        </button>
      ) : (
        <>
          <span className="flex items-center gap-0.5 pe-1" role="group" aria-label="Highlight">
            {HIGHLIGHT_COLORS.map((color) => (
              <button
                key={color}
                type="button"
                aria-label={`Highlight in ${color}`}
                title={`Highlight (${color})`}
                onClick={() => onAction({ type: "highlight", color })}
                className="grid size-8 place-items-center rounded-md hover:bg-accent-soft"
              >
                <span className={`swatch swatch-${color} size-4 rounded-full`} />
              </button>
            ))}
          </span>
          <span aria-hidden="true" className="h-5 w-px bg-rule" />
          <button type="button" className={toolButton} onClick={() => onAction({ type: "comment" })}>
            Comment
          </button>
          <button type="button" className={toolButton} onClick={() => onAction({ type: "question" })}>
            Question
          </button>
        </>
      )}
    </div>
  );
}

const toolButton = "rounded-md px-2.5 py-1.5 font-medium text-ink hover:bg-accent-soft";

/** Clicking highlighted words: who marked them and when, and removing or hiding the mark. */
export function HighlightPopover({
  note,
  range,
  mine,
  facilitator,
  actions,
  onClose,
}: {
  note: AnnotationView;
  range: Range;
  mine: boolean;
  facilitator: boolean;
  actions: CardActions;
  onClose: () => void;
}) {
  // Written offline and not yet sent: nothing on the server to remove or hide yet.
  const pending = usePendingNote(note.id);
  const { refs, floatingStyles } = useFloating({
    placement: "top",
    strategy: "fixed",
    middleware: [inline(), offset(10), flip({ padding: 64 }), shift({ padding: 8 })],
    whileElementsMounted: autoUpdate,
  });
  const box = useRef<HTMLDivElement>(null);
  useLayoutEffect(() => {
    refs.setReference({ getBoundingClientRect: () => range.getBoundingClientRect(), getClientRects: () => range.getClientRects() });
  }, [range, refs]);
  useEffect(() => {
    box.current?.querySelector<HTMLButtonElement>("button")?.focus({ preventScroll: true });
    const onKey = (event: KeyboardEvent) => event.key === "Escape" && onClose();
    const onDown = (event: PointerEvent) => !box.current?.contains(event.target as Node) && onClose();
    document.addEventListener("keydown", onKey);
    document.addEventListener("pointerdown", onDown);
    return () => {
      document.removeEventListener("keydown", onKey);
      document.removeEventListener("pointerdown", onDown);
    };
  }, [onClose]);
  return (
    <div
      ref={(el) => {
        refs.setFloating(el);
        box.current = el;
      }}
      style={floatingStyles}
      role="dialog"
      aria-label="Highlight"
      data-highlight-popover=""
      className="z-40 flex items-center gap-3 rounded-lg border border-rule bg-raised px-3 py-2 font-sans text-xs shadow-lg"
    >
      <span className={`swatch swatch-${note.color ?? "yellow"} size-3 rounded-full`} aria-hidden="true" />
      <span className="text-ink-soft">
        {mine ? "You" : note.author.name} ·{" "}
        <time dateTime={note.createdAt} title={fullTime(note.createdAt)}>
          {timeAgo(note.createdAt)}
        </time>
        {note.visibility === "private" && " · only you"}
        {note.hidden && " · hidden from the group"}
        {pending && " · pending, sent when you’re back online"}
      </span>
      {mine && !pending && (
        <button
          type="button"
          className="font-semibold text-accent hover:underline"
          onClick={() => {
            onClose();
            actions.remove(note);
          }}
        >
          Remove
        </button>
      )}
      {facilitator && !pending && note.visibility === "group" && (
        <button
          type="button"
          className="font-semibold text-accent hover:underline"
          onClick={() => {
            onClose();
            actions.hide(note, !note.hidden);
          }}
        >
          {note.hidden ? "Show" : "Hide"}
        </button>
      )}
      {((!mine && !facilitator) || pending) && (
        <button type="button" className="text-muted hover:underline" onClick={onClose}>
          Close
        </button>
      )}
    </div>
  );
}
