"use client";

import { startTransition, useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from "react";
import type { TextPosition } from "@/lib/anchoring/types";
import type { AnnotationView } from "@/lib/annotations/view";
import { Composer, type ComposerValue } from "./composer";
import type { DomAnchors } from "./dom-anchoring";
import { NoteCard, type CardActions } from "./note-card";

export type Draft = {
  id: string;
  position: TextPosition;
  kind: "comment" | "question";
  quote: string;
  error: string | null;
  busy: boolean;
  returnFocus: HTMLElement | null;
};

/** More notes than this on one paragraph are folded behind "n more". */
const FOLD_AFTER = 3;
/**
 * Cards added per frame on a heavily annotated text. Each slice renders in a transition,
 * which React splits into short tasks, so reading and scrolling never wait for the margin.
 */
const CHUNK = 50;
const GAP = 8;

type Props = {
  frameRef: React.RefObject<HTMLDivElement | null>;
  notes: AnnotationView[];
  ranges: Map<string, Range>;
  anchors: DomAnchors | null;
  wide: boolean;
  meId: string;
  facilitator: boolean;
  active: string | null;
  actions: CardActions;
  draft: Draft | null;
  onSubmitDraft: (value: ComposerValue) => void;
  onCancelDraft: () => void;
  onOpenBlock: (blockId: string, from: HTMLElement) => void;
  ready: boolean;
  onPlaced: () => void;
};

/**
 * The right margin: each note beside the line its words start on. When notes crowd,
 * later ones are pushed down (with a thin line back to their words) and a paragraph's
 * fourth and later notes fold behind a button. Positions are measured from the
 * rendered text after layout and written straight to the cards' styles, so hovering
 * and scrolling never re-render the whole margin. On narrow screens the margin
 * becomes a marker beside each annotated paragraph that opens its notes in a sheet.
 */
export function Margin(props: Props) {
  const { frameRef, notes, ranges, anchors, wide, ready, onPlaced } = props;
  const [open, setOpen] = useState<Set<string>>(() => new Set());
  const [limit, setLimit] = useState(CHUNK);
  const column = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(0);

  // Group by the paragraph a note starts in, folding crowded ones.
  const rows = useMemo(() => {
    const byBlock = new Map<string, AnnotationView[]>();
    for (const note of notes) {
      const id = note.position!.startBlockId;
      const list = byBlock.get(id);
      if (list) list.push(note);
      else byBlock.set(id, [note]);
    }
    const out: ({ type: "note"; note: AnnotationView } | { type: "more"; blockId: string; hidden: number })[] = [];
    for (const [blockId, list] of byBlock) {
      const folded = list.length > FOLD_AFTER + 1 && !open.has(blockId);
      for (const note of folded ? list.slice(0, FOLD_AFTER) : list) out.push({ type: "note", note });
      if (folded) out.push({ type: "more", blockId, hidden: list.length - FOLD_AFTER });
    }
    return out;
  }, [notes, open]);

  // Render a heavily annotated text in slices, one per frame.
  useEffect(() => {
    if (limit >= rows.length) return;
    const frame = requestAnimationFrame(() => startTransition(() => setLimit((l) => l + CHUNK)));
    return () => cancelAnimationFrame(frame);
  }, [limit, rows.length]);

  // Re-measure when the text reflows (window width, text size, fonts).
  useEffect(() => {
    const frame = frameRef.current;
    if (!frame) return;
    const observer = new ResizeObserver(() => setWidth(frame.clientWidth + frame.clientHeight / 1e6));
    observer.observe(frame);
    return () => observer.disconnect();
  }, [frameRef]);

  const markers = useMemo(() => {
    if (wide) return [];
    const byBlock = new Map<string, number>();
    for (const note of notes) byBlock.set(note.position!.startBlockId, (byBlock.get(note.position!.startBlockId) ?? 0) + 1);
    return [...byBlock];
  }, [notes, wide]);

  const shown = wide ? rows.slice(0, limit) : [];
  const draft = wide ? props.draft : null;

  // Where each note's words start, measured once per text layout (the width, the text
  // size and the fonts decide it), so adding cards never re-measures the whole text.
  const tops = useRef({ key: -1, map: new Map<string, number>() });

  const relayout = useCallback(() => {
    const frame = frameRef.current;
    if (!frame || !anchors || !column.current) return;
    if (tops.current.key !== width) tops.current = { key: width, map: new Map() };
    const cache = tops.current.map;
    const origin = frame.getBoundingClientRect().top;
    const elements = Array.from(column.current.children as HTMLCollectionOf<HTMLElement>);
    // Read everything first, then write, so the browser lays out once.
    const items = elements.map((el) => {
      const noteId = el.dataset.for;
      const blockId = el.dataset.moreBlock;
      let desired: number;
      if (el.dataset.draft !== undefined && draft) {
        const rect = anchors.toRange(draft.position)?.getClientRects()[0];
        desired = rect ? rect.top - origin : 0;
      } else {
        const key = noteId ?? `more:${blockId}`;
        const known = cache.get(key);
        if (known !== undefined) desired = known;
        else {
          const range = noteId ? ranges.get(noteId) : undefined;
          const rect = range?.getClientRects()[0];
          desired = rect ? rect.top - origin : ((blockId && anchors.element(blockId)?.getBoundingClientRect().top) || origin) - origin;
          cache.set(key, desired);
        }
      }
      return { el, desired, height: el.offsetHeight };
    });
    items.sort((a, b) => a.desired - b.desired);
    let bottom = -Infinity;
    for (const item of items) {
      const top = Math.max(item.desired, bottom + GAP);
      const drift = Math.round(top - item.desired);
      item.el.style.transform = `translateY(${Math.round(top)}px)`;
      if (drift > 12) {
        item.el.dataset.drift = "";
        item.el.style.setProperty("--drift", `${drift}px`);
      } else delete item.el.dataset.drift;
      bottom = top + item.height;
    }
    column.current.style.minHeight = items.length ? `${Math.max(0, bottom)}px` : "";
  }, [frameRef, anchors, ranges, draft, width]);

  useLayoutEffect(relayout, [relayout, rows, limit]);

  // A card that changes height (opened for editing, a longer note after an edit) restacks the margin.
  useEffect(() => {
    const el = column.current;
    if (!el) return;
    let pending = 0;
    const observer = new ResizeObserver(() => {
      cancelAnimationFrame(pending);
      pending = requestAnimationFrame(relayout);
    });
    for (const child of Array.from(el.children)) observer.observe(child);
    return () => {
      cancelAnimationFrame(pending);
      observer.disconnect();
    };
  }, [relayout, rows, limit, draft]);

  // Markers on narrow screens sit beside their paragraph.
  useLayoutEffect(() => {
    const frame = frameRef.current;
    if (!frame || !anchors || wide) return;
    const origin = frame.getBoundingClientRect().top;
    const buttons = Array.from(frame.querySelectorAll<HTMLElement>("[data-marker]"));
    const tops = buttons.map((b) => (anchors.element(b.dataset.marker!)?.getBoundingClientRect().top ?? origin) - origin);
    buttons.forEach((b, i) => (b.style.transform = `translateY(${Math.round(tops[i]!)}px)`));
  }, [frameRef, anchors, wide, markers, width]);

  const allShown = !wide || limit >= rows.length;
  useEffect(() => {
    if (ready && anchors && allShown) requestAnimationFrame(() => onPlaced());
  }, [ready, anchors, allShown, onPlaced, width]);

  if (!wide)
    return (
      <div aria-label="Notes beside the text" role="group" className="pointer-events-none absolute inset-y-0 end-0 w-7">
        {markers.map(([blockId, count]) => (
          <button
            key={blockId}
            type="button"
            data-marker={blockId}
            onClick={(e) => props.onOpenBlock(blockId, e.currentTarget)}
            aria-label={`${count} ${count === 1 ? "note" : "notes"} on this paragraph`}
            className="pointer-events-auto absolute end-0 top-0 grid h-6 min-w-6 place-items-center rounded-full bg-accent-soft px-1 font-sans text-[11px] font-semibold text-accent shadow-sm"
          >
            {count}
          </button>
        ))}
      </div>
    );

  return (
    <aside aria-label="Notes in the margin" data-margin="" className="relative hidden xl:block">
      <div ref={column} data-width={width} className="relative">
        {draft && (
          <div data-draft="" className="margin-note z-20">
            <Composer
              key={draft.id}
              initial={{ kind: draft.kind, body: "", visibility: "group" }}
              quote={draft.quote}
              busy={draft.busy}
              error={draft.error}
              onSubmit={props.onSubmitDraft}
              onCancel={props.onCancelDraft}
            />
          </div>
        )}
        {shown.map((row) =>
          row.type === "note" ? (
            <div key={row.note.id} data-for={row.note.id} className={`margin-note ${props.active === row.note.id ? "z-10" : ""}`}>
              <NoteCard
                note={row.note}
                meId={props.meId}
                facilitator={props.facilitator}
                active={props.active === row.note.id}
                actions={props.actions}
              />
            </div>
          ) : (
            <div key={`more-${row.blockId}`} data-more-block={row.blockId} className="margin-note">
              <button
                type="button"
                onClick={() => setOpen((s) => new Set(s).add(row.blockId))}
                className="w-full rounded-lg border border-dashed border-rule px-3 py-1.5 text-start font-sans text-xs font-medium text-ink-soft hover:bg-accent-soft"
              >
                {row.hidden} more {row.hidden === 1 ? "note" : "notes"} on this paragraph
              </button>
            </div>
          ),
        )}
      </div>
    </aside>
  );
}
