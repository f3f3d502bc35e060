"use client";

import { startTransition, useCallback, useEffect, useMemo, useRef, useState } from "react";
import { BLOCK_SEPARATOR, type TextPosition } from "@/lib/anchoring/types";
import type { AnnotationView } from "@/lib/annotations/view";
import { useToast } from "@/components/ui/toast";
import { pageEvents } from "@/components/ui/page-events";
import { annotationsApi } from "@/components/annotations/api";
import { deleteWithUndo } from "@/components/annotations/delete-with-undo";
import type { NewAnnotation } from "@/lib/annotations/requests";
import type { ComposerValue } from "@/components/annotations/composer";
import { DomAnchors, covers } from "@/components/annotations/dom-anchoring";
import { newNoteId } from "@/components/ui/note-id";
import { Margin, type Draft } from "@/components/annotations/margin";
import { useGroupEvents } from "@/components/realtime/use-group-events";
import type { GroupEvent } from "@/lib/realtime/types";
import { GONE } from "@/lib/realtime/event-kinds";
import { PresenceMarks, usePresence } from "@/components/realtime/presence";
import {
  enqueue,
  pendingEdits,
  pendingNoteView,
  pendingNotesOn,
  refusalToast,
  refused,
  useOutbox,
  waitingMessage,
} from "@/components/annotations/outbox";
import type { PendingEdit, PendingNote } from "@/lib/annotations/requests";
import { PendingNotesContext } from "@/components/annotations/pending-context";
import type { CardActions } from "@/components/annotations/note-card";
import { ReaderBar } from "@/components/annotations/reader-bar";
import { ALL_NOTES, noteShown, tagCounts, type Filters, type Member } from "@/components/annotations/filters";
import { NotesSheet, type SheetMode } from "@/components/annotations/notes-sheet";
import { HighlightPopover, SelectionToolbar, type ToolbarAction } from "@/components/annotations/selection-toolbar";
import { ThreadDrawer, type DrawerMode } from "@/components/discussion/thread-drawer";
import { MembersContext } from "@/components/annotations/members-context";

/** The thread named in the address (?thread=…&reply=…), as a notification's link opens it. */
function drawerFromUrl(): DrawerMode | null {
  const params = new URLSearchParams(window.location.search);
  const thread = params.get("thread");
  if (thread) return { type: "thread", id: thread, focusId: params.get("reply"), fromList: false };
  if (params.has("discussion")) return { type: "discussions" };
  return null;
}

type Props = {
  groupId: string;
  groupName: string;
  slug: string;
  versionId: string;
  me: Member;
  facilitator: boolean;
  members: Member[];
  /**
   * The page holds one chapter of a long text: a note on a paragraph that is not on the
   * page is in another chapter, not unplaced.
   */
  partial?: boolean;
  children: React.ReactNode;
};

type Selected = { range: Range; position: TextPosition; fromKeyboard: boolean };

const HIGHLIGHT_NAMES = ["sc-yellow", "sc-green", "sc-blue", "sc-pink", "sc-comment", "sc-question"] as const;

function highlightName(note: AnnotationView): (typeof HIGHLIGHT_NAMES)[number] {
  if (note.kind === "highlight") return `sc-${(note.color ?? "yellow") as "yellow"}`;
  return note.kind === "question" ? "sc-question" : "sc-comment";
}

/** The CSS Custom Highlight API, where the browser has it. */
function highlightRegistry(): HighlightRegistry | null {
  return typeof CSS !== "undefined" && "highlights" in CSS && typeof Highlight !== "undefined" ? CSS.highlights : null;
}

function useWide() {
  const [wide, setWide] = useState(true);
  useEffect(() => {
    const query = window.matchMedia("(min-width: 80rem)");
    const update = () => setWide(query.matches);
    update();
    query.addEventListener("change", update);
    return () => query.removeEventListener("change", update);
  }, []);
  return wide;
}

/**
 * The group's layer over a text: loads every note the member may see in one request,
 * paints highlights, sets notes in the margin beside their words, and turns a
 * selection (or a paragraph's note button) into a new note.
 */
export function AnnotationLayer({ groupId, groupName, slug, versionId, me, facilitator, members, partial = false, children }: Props) {
  const api = useMemo(() => annotationsApi(groupId), [groupId]);
  const { id: meId, name: meName } = me;
  const toast = useToast();
  const wide = useWide();
  const textRef = useRef<HTMLDivElement>(null);
  const frameRef = useRef<HTMLDivElement>(null);
  const [anchors, setAnchors] = useState<DomAnchors | null>(null);
  const [notes, setNotes] = useState<AnnotationView[]>([]);
  const notesRef = useRef(notes);
  useEffect(() => {
    notesRef.current = notes;
  }, [notes]);
  const [status, setStatus] = useState<"loading" | "ready" | "error">("loading");
  const [loadError, setLoadError] = useState<string | null>(null);
  const [filters, setFilters] = useState<Filters>(ALL_NOTES);
  const [selected, setSelected] = useState<Selected | null>(null);
  const [draft, setDraft] = useState<Draft | null>(null);
  const [placing, setPlacing] = useState<AnnotationView | null>(null);
  const [active, setActive] = useState<string | null>(null);
  const [sheet, setSheet] = useState<SheetMode | null>(null);
  const [popover, setPopover] = useState<{ note: AnnotationView; range: Range } | null>(null);
  const [placed, setPlacedFlag] = useState(false);
  const [drawer, setDrawer] = useState<DrawerMode | null>(null);
  const [discussionCount, setDiscussionCount] = useState<number | null>(null);
  // "Post before you peek": the group's notes stay closed until this member has written.
  const [locked, setLocked] = useState(false);
  // The group's event number as of the first notes read: the live stream starts there.
  const [since, setSince] = useState<number | null>(null);
  // Notes written offline, shown in place and marked until the outbox has sent them.
  const [pendingIds, setPendingIds] = useState<ReadonlySet<string>>(() => new Set());
  const drawerReturn = useRef<HTMLElement | null>(null);
  const lastInput = useRef<"pointer" | "keyboard">("pointer");

  // ── Loading ────────────────────────────────────────────────────────────────
  // The latest live events, kept so that notes read again (at some event number) can be
  // brought up to date with what arrived while the request was on its way.
  const heard = useRef<GroupEvent[]>([]);
  const applyRef = useRef<(event: GroupEvent) => void>(() => {});
  const load = useCallback(async ({ quiet = false } = {}) => {
    if (!quiet) setStatus("loading");
    const result = await api.list(slug);
    if (result.ok) {
      performance.mark("annotations:fetched");
      // A transition: React renders a thousand notes in short slices instead of one long task.
      const saved = result.data.annotations;
      const missed = heard.current.filter((e) => e.seq > result.data.seq);
      const waiting = pendingNotesOn(groupId, slug).filter((p) => !saved.some((a) => a.id === p.id));
      // Edits that wait show as made, marked pending, until they are sent.
      const edits = new Map(pendingEdits(groupId).map((p) => [p.id, p]));
      const shown = edits.size ? saved.map((n) => (edits.has(n.id) ? withEdit(n, edits.get(n.id)!) : n)) : saved;
      startTransition(() => {
        setNotes(waiting.length ? [...shown, ...waiting.map((p) => pendingNoteView(p, { id: meId, name: meName }))] : shown);
        setPendingIds(new Set([...waiting.map((p) => p.id), ...saved.filter((n) => edits.has(n.id)).map((n) => n.id)]));
        setSince((s) => s ?? result.data.seq);
        // Events heard after these notes were read would be lost under them: they apply again, in order.
        for (const event of missed) applyRef.current(event);
        setLocked(result.data.locked ?? false);
        setStatus("ready");
      });
      if (result.data.text.versionId !== versionId)
        setLoadError("This text was updated since the page was opened. Reload to see the newest version.");
    } else if (!quiet) {
      setLoadError(result.error);
      setStatus("error");
    }
  }, [api, groupId, slug, versionId, meId, meName]);

  useEffect(() => {
    performance.mark("annotations:start");
    setAnchors(new DomAnchors(textRef.current!));
    setDrawer(drawerFromUrl());
    void load();
  }, [load]);

  // ── Threads ────────────────────────────────────────────────────────────────
  const openDrawer = useCallback((mode: DrawerMode) => {
    drawerReturn.current = document.activeElement as HTMLElement | null;
    // The page under the panel re-renders too: let React do it in slices.
    startTransition(() => setDrawer(mode));
  }, []);
  const closeDrawer = useCallback(() => {
    setDrawer(null);
    drawerReturn.current?.focus({ preventScroll: true });
  }, []);
  // The open thread is part of the address, so it can be shared and survives a reload.
  useEffect(() => {
    const url = new URL(window.location.href);
    url.searchParams.delete("thread");
    url.searchParams.delete("reply");
    url.searchParams.delete("discussion");
    if (drawer?.type === "thread") {
      url.searchParams.set("thread", drawer.id);
      if (drawer.focusId) url.searchParams.set("reply", drawer.focusId);
    } else if (drawer?.type === "discussions") url.searchParams.set("discussion", "");
    if (url.href !== window.location.href) window.history.replaceState(window.history.state, "", url.href.replace(/discussion=(&|$)/, "discussion$1"));
  }, [drawer]);
  const onThreadChanged = useCallback((thread: AnnotationView) => {
    if (thread.target !== "passage") return;
    setNotes((all) => all.map((n) => (n.id === thread.id ? { ...thread } : n)));
  }, []);

  // ── Live: the group's changes as they happen ───────────────────────────────
  // Notes slide into the margin and highlights paint under the words; neither moves the
  // text. Reply counts follow replies written elsewhere (one's own are counted already).
  usePresence(groupId, slug, textRef);
  useOutbox();
  const inboxTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  // Replies hidden from this reader since the page read its notes: shown again, they count again.
  const goneReplies = useRef(new Set<string>());
  const apply = (event: GroupEvent) => {
    const mine = event.actorId === me.id;
    // Deleted, or no longer to be seen by this reader (hidden by a facilitator): out of the margin.
    if (event.kind === "annotation.deleted" || event.kind === GONE) {
      // Gone comes only to those who could read the reply just before, so it was counted.
      const uncounted = event.kind === GONE && event.threadId && event.annotationId;
      if (uncounted) goneReplies.current.add(uncounted);
      setNotes((all) => {
        const note = all.find((n) => n.id === event.annotationId);
        // A deleted note with replies keeps its place; a hidden one goes, replies and all.
        if (note)
          return note.replyCount > 0 && event.kind === "annotation.deleted"
            ? all.map((n) => (n === note ? { ...n, deleted: true, body: "" } : n))
            : all.filter((n) => n !== note);
        // A deletion comes only to those who could read the reply, so it was counted.
        if (event.threadId && (uncounted || (event.kind === "annotation.deleted" && !mine)))
          return all.map((n) => (n.id === event.threadId ? { ...n, replyCount: Math.max(0, n.replyCount - 1) } : n));
        return all;
      });
    } else {
      const note = event.annotation;
      if (!note || note.textSlug !== slug) return;
      // Written by this member elsewhere (another tab): it may open the group's notes here too.
      if (locked && mine && event.kind === "annotation.created" && note.kind !== "highlight" && note.visibility === "group") void load({ quiet: true });
      if (note.threadId === null && note.target === "passage") {
        // A note shown again (no longer hidden, or shared) may bring replies: read the notes again for their counts.
        if (event.kind !== "annotation.created" && !notesRef.current.some((n) => n.id === note.id)) void load({ quiet: true });
        else
          setNotes((all) =>
            all.some((n) => n.id === note.id) ? all.map((n) => (n.id === note.id ? { ...note, replyCount: n.replyCount } : n)) : [...all, note],
          );
      } else if (note.threadId && ((event.kind === "annotation.created" && !mine) || goneReplies.current.delete(note.id)))
        setNotes((all) => all.map((n) => (n.id === note.threadId ? { ...n, replyCount: n.replyCount + 1 } : n)));
    }
    // Someone else's words may be news for my inbox: let the badge look again, at most once a second.
    if (!mine && !inboxTimer.current)
      inboxTimer.current = setTimeout(() => {
        inboxTimer.current = null;
        pageEvents.inboxChanged.emit();
      }, 1000);
  };
  useEffect(() => {
    applyRef.current = apply;
  });
  useGroupEvents(
    groupId,
    since,
    (event) => {
      heard.current.push(event);
      if (heard.current.length > 500) heard.current.splice(0, heard.current.length - 500);
      apply(event);
    },
    {
      // The server could not replay what was missed: read the notes afresh, without a loading state.
      onReset: () => void load({ quiet: true }),
      onClosed: (message) => setLoadError(`${message} New notes and replies no longer arrive here.`),
    },
  );

  // ── What is shown ──────────────────────────────────────────────────────────
  const visible = useMemo(
    () =>
      notes.filter((n) => noteShown(n, filters, me.id)),
    [notes, filters, me.id],
  );

  const noteTagCounts = useMemo(() => tagCounts(notes.filter((n) => n.kind !== "reply" && !n.deleted)), [notes]);

  const ranges = useMemo(() => {
    const map = new Map<string, Range>();
    if (!anchors) return map;
    for (const note of visible) {
      if (!note.position) continue;
      const range = anchors.toRange(note.position);
      if (range) map.set(note.id, range);
    }
    return map;
  }, [anchors, visible]);

  const orphans = useMemo(
    () => notes.filter((n) => !n.position || (!partial && anchors && !anchors.has(n.position.startBlockId))),
    [notes, anchors, partial],
  );

  useEffect(
    () => () => {
      const registry = highlightRegistry();
      for (const name of [...HIGHLIGHT_NAMES, "sc-active"]) registry?.delete(name);
    },
    [],
  );

  useEffect(() => {
    const registry = highlightRegistry();
    if (!registry) return;
    // The note pointed at, or else the thread open in the side panel.
    const id = active ?? (drawer?.type === "thread" ? drawer.id : null);
    const range = id ? ranges.get(id) : undefined;
    if (range) registry.set("sc-active", new Highlight(range));
    else registry.delete("sc-active");
  }, [active, ranges, drawer]);

  const marginNotes = useMemo(() => {
    if (!anchors) return [];
    return visible
      .filter((n) => n.kind !== "highlight" && ranges.has(n.id))
      .sort(
        (a, b) =>
          anchors.indexOf(a.position!.startBlockId) - anchors.indexOf(b.position!.startBlockId) ||
          a.position!.startOffset - b.position!.startOffset ||
          a.createdAt.localeCompare(b.createdAt),
      );
  }, [visible, ranges, anchors]);

  /** Every placed note in reading order, highlights included: the sheet lists them all for keyboard users. */
  const allPlaced = useMemo(() => {
    if (!anchors) return [];
    return visible
      .filter((n) => ranges.has(n.id))
      .sort(
        (a, b) =>
          anchors.indexOf(a.position!.startBlockId) - anchors.indexOf(b.position!.startBlockId) ||
          a.position!.startOffset - b.position!.startOffset,
      );
  }, [visible, ranges, anchors]);

  // A thread opened from a link: show its passage beside the panel.
  const shownThread = useRef<string | null>(null);
  useEffect(() => {
    if (drawer?.type !== "thread" || shownThread.current === drawer.id) return;
    const range = ranges.get(drawer.id);
    if (!range) return;
    shownThread.current = drawer.id;
    const rect = range.getBoundingClientRect();
    if (rect.top < 80 || rect.bottom > window.innerHeight) window.scrollBy({ top: rect.top - window.innerHeight / 3 });
  }, [drawer, ranges]);

  const onPlaced = useCallback(() => {
    if (status !== "ready") return;
    setPlacedFlag(true);
    performance.mark("annotations:placed");
  }, [status]);

  // ── Selecting text ─────────────────────────────────────────────────────────
  useEffect(() => {
    if (!anchors) return;
    const text = textRef.current!;
    let frame = 0;
    const read = () => {
      const selection = document.getSelection();
      if (!selection || selection.isCollapsed || selection.rangeCount === 0) {
        setSelected((current) => (current && !document.activeElement?.closest("[data-selection-toolbar]") ? null : current));
        return;
      }
      const range = selection.getRangeAt(0);
      if (!text.contains(range.commonAncestorContainer) && !range.intersectsNode(text)) return;
      const position = anchors.fromRange(range);
      if (!position) return setSelected(null);
      const exact = anchors.toRange(position);
      if (!exact) return setSelected(null);
      setSelected({ range: exact, position, fromKeyboard: lastInput.current === "keyboard" });
    };
    const schedule = () => {
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(read);
    };
    let touch = false;
    let settle = 0;
    const onPointerDown = (event: PointerEvent) => {
      touch = event.pointerType === "touch";
    };
    const onPointerUp = (event: PointerEvent) => {
      lastInput.current = "pointer";
      touch = event.pointerType === "touch";
      schedule();
    };
    const onKeyUp = (e: KeyboardEvent) => {
      if (e.shiftKey || e.key === "Shift") {
        lastInput.current = "keyboard";
        schedule();
      }
    };
    const onSelectionChange = () => {
      const selection = document.getSelection();
      if (!selection || selection.isCollapsed) schedule();
      // On touch screens the selection handles are dragged without a pointerup on the page:
      // offer the toolbar once the selection settles.
      else if (touch) {
        clearTimeout(settle);
        settle = window.setTimeout(schedule, 300);
      }
    };
    document.addEventListener("pointerdown", onPointerDown);
    document.addEventListener("pointerup", onPointerUp);
    document.addEventListener("keyup", onKeyUp);
    document.addEventListener("selectionchange", onSelectionChange);
    return () => {
      cancelAnimationFrame(frame);
      clearTimeout(settle);
      document.removeEventListener("pointerdown", onPointerDown);
      document.removeEventListener("pointerup", onPointerUp);
      document.removeEventListener("keyup", onKeyUp);
      document.removeEventListener("selectionchange", onSelectionChange);
    };
  }, [anchors]);

  const startDraft = useCallback(
    (position: TextPosition, kind: "comment" | "question", returnFocus: HTMLElement | null = null) => {
      const quote = anchors?.quote(position, BLOCK_SEPARATOR) ?? "";
      setDraft({ id: newNoteId(), position, kind, quote, error: null, busy: false, returnFocus });
      setSelected(null);
      document.getSelection()?.removeAllRanges();
      if (!wide) setSheet({ type: "compose", returnFocus });
    },
    [anchors, wide],
  );

  // ── The paragraph buttons (rendered by the server, wired here) ─────────────
  useEffect(() => {
    if (!anchors) return;
    const text = textRef.current!;
    const onClick = (event: MouseEvent) => {
      const button = (event.target as Element).closest?.("[data-para-note]");
      if (!button) return;
      const block = anchors.blockOf(button);
      const position = block && anchors.wholeBlock(block.id);
      if (!position) return;
      startDraft(position, "comment", button as HTMLElement);
    };
    text.addEventListener("click", onClick);
    return () => text.removeEventListener("click", onClick);
  }, [anchors, startDraft]);

  // ── Hovering or clicking marked words finds their note ─────────────────────
  useEffect(() => {
    if (!anchors) return;
    const text = textRef.current!;
    let frame = 0;
    let pending: { x: number; y: number } | null = null;
    // The innermost note under the pointer; a comment or question wins over a highlight.
    const noteAt = (x: number, y: number) => {
      const point = anchors.pointAt(x, y);
      if (!point) return null;
      let found: AnnotationView | null = null;
      for (const note of visible) {
        if (!note.position || !ranges.has(note.id) || !covers(anchors, note.position, point.blockId, point.offset)) continue;
        if (!found || found.kind === "highlight" || note.kind !== "highlight") found = note;
      }
      return found;
    };
    const onMove = (event: PointerEvent) => {
      if (event.pointerType !== "mouse") return;
      pending = { x: event.clientX, y: event.clientY };
      if (frame) return;
      frame = requestAnimationFrame(() => {
        frame = 0;
        if (!pending) return;
        const note = noteAt(pending.x, pending.y);
        text.style.cursor = note ? "pointer" : "";
        const shown = note && note.kind !== "highlight" ? note.id : null;
        setActive((current) =>
          shown ?? (current && document.querySelector(`[data-note="${current}"]:hover, [data-note="${current}"]:focus-within`) ? current : null),
        );
      });
    };
    const onClick = (event: MouseEvent) => {
      if (!document.getSelection()?.isCollapsed) return;
      const note = noteAt(event.clientX, event.clientY);
      if (!note) return;
      if (note.kind === "highlight") {
        const range = ranges.get(note.id);
        if (range) setPopover({ note, range });
        return;
      }
      if (wide) {
        const card = document.querySelector<HTMLElement>(`[data-margin] [data-note="${note.id}"]`);
        card?.focus({ preventScroll: true });
        card?.scrollIntoView({ block: "nearest", behavior: "smooth" });
      } else {
        setSheet({ type: "block", blockId: note.position!.startBlockId, returnFocus: null });
      }
    };
    text.addEventListener("pointermove", onMove);
    text.addEventListener("click", onClick);
    return () => {
      cancelAnimationFrame(frame);
      text.removeEventListener("pointermove", onMove);
      text.removeEventListener("click", onClick);
    };
  }, [anchors, visible, ranges, wide]);

  // ── Making notes ───────────────────────────────────────────────────────────
  const anchorFor = (position: TextPosition) => ({
    versionId,
    ...position,
    exact: anchors!.quote(position, BLOCK_SEPARATOR),
  });

  const upsert = useCallback(
    (note: AnnotationView) => {
      setNotes((all) => (all.some((n) => n.id === note.id) ? all.map((n) => (n.id === note.id ? note : n)) : [...all, note]));
      // A first note or question opens the group's notes.
      if (locked && note.kind !== "highlight") void load();
    },
    [locked, load],
  );
  useEffect(() => {
    if (!locked) return;
    return pageEvents.posted.listen(() => void load());
  }, [locked, load]);

  // A note written offline went out (or was refused): the saved one takes its place.
  useEffect(() => {
    return pageEvents.outboxSent.listen(({ pending: item, saved, error }) => {
      if (item.type === "edit") {
        if (item.groupId !== groupId) return;
        setPendingIds((ids) => {
          const next = new Set(ids);
          next.delete(item.id);
          return next;
        });
        if (saved) {
          setNotes((all) => all.map((n) => (n.id === saved.id ? { ...saved, replyCount: n.replyCount } : n)));
          toast({ message: "Your edit is saved." });
        } else {
          // Refused (changed meanwhile, say): show the note as the server has it, and the words to copy.
          void load({ quiet: true });
          toast(refusalToast(item, error, "Your edit"));
        }
        return;
      }
      // A reply written offline, now saved: its thread's count in the margin goes up (one's own replies are not counted from the stream).
      if (item.type !== "note") {
        if (saved && item.groupId === groupId) setNotes((all) => all.map((n) => (n.id === item.threadId ? { ...n, replyCount: n.replyCount + 1 } : n)));
        return;
      }
      if (item.groupId !== groupId || item.input.text !== slug) return;
      setPendingIds((ids) => {
        const next = new Set(ids);
        next.delete(item.id);
        return next;
      });
      if (saved) {
        upsert(saved);
        toast({ message: "The note that was waiting is saved." });
      } else {
        setNotes((all) => all.filter((n) => n.id !== item.id));
        toast(refusalToast(item, error, item.input.kind === "highlight" ? "A highlight" : "A note"));
      }
    });
  }, [groupId, slug, upsert, toast, load]);

  const onToolbar = async (action: ToolbarAction) => {
    if (!selected) return;
    const { position } = selected;
    if (action.type === "comment" || action.type === "question") return startDraft(position, action.type);
    setSelected(null);
    document.getSelection()?.removeAllRanges();
    if (action.type === "place" && placing) {
      const result = await api.place(placing.id, anchorFor(position));
      setPlacing(null);
      if (result.ok) {
        upsert(result.data.annotation);
        toast({ message: "The note is back in the text." });
      } else toast({ message: result.error });
      return;
    }
    if (action.type === "highlight") {
      const input: NewAnnotation = { id: newNoteId(), text: slug, kind: "highlight", color: action.color, anchor: anchorFor(position) };
      const result = await api.create(input);
      if (result.ok) upsert(result.data.annotation);
      else if (!refused(result.status)) keepForLater(input, result.status);
      else toast({ message: result.error });
    }
  };

  /**
   * Offline, or the server unable to take it now: the note waits in the browser, shown in
   * place as pending, and goes when it can (components/annotations/outbox.ts).
   */
  const keepForLater = (input: NewAnnotation, status: number) => {
    const item: PendingNote = { type: "note", id: input.id, groupId, input, at: Date.now() };
    enqueue(item);
    setPendingIds((ids) => new Set(ids).add(item.id));
    setNotes((all) => [...all.filter((n) => n.id !== item.id), pendingNoteView(item, me)]);
    toast({ message: waitingMessage(status, input.kind === "highlight" ? "highlight" : "note") });
  };

  const submitDraft = async (value: ComposerValue) => {
    if (!draft) return;
    setDraft({ ...draft, busy: true, error: null });
    const input: NewAnnotation = {
      id: draft.id,
      text: slug,
      kind: value.kind,
      body: value.body,
      visibility: value.visibility,
      tags: value.tags ?? [],
      anchor: anchorFor(draft.position),
    };
    const result = await api.create(input);
    if (result.ok || !refused(result.status)) {
      if (result.ok) upsert(result.data.annotation);
      else keepForLater(input, result.status);
      setDraft(null);
      if (sheet?.type === "compose") setSheet(null);
      draft.returnFocus?.focus();
    } else {
      setDraft({ ...draft, busy: false, error: result.error });
    }
  };

  const cancelDraft = () => {
    const back = draft?.returnFocus;
    setDraft(null);
    if (sheet?.type === "compose") setSheet(null);
    back?.focus();
  };

  // ── Changing notes ─────────────────────────────────────────────────────────
  const cardActions = useMemo<CardActions>(
    () => ({
      activate: setActive,
      openThread: (note) => {
        setSheet(null);
        openDrawer({ type: "thread", id: note.id, focusId: null, fromList: false });
      },
      edit: async (note, value, revision) => {
        const patch = { revision, body: value.body, kind: value.kind, visibility: value.visibility, tags: value.tags ?? [] };
        const result = await api.edit(note.id, patch);
        if (result.ok) upsert(result.data.annotation);
        else if (result.current) upsert(result.current);
        else if (!refused(result.status)) {
          // The edit waits in the browser, shown as made and marked pending, until it can be sent.
          const item: PendingEdit = { type: "edit", id: note.id, groupId, threadId: null, patch, at: Date.now() };
          enqueue(item);
          const shown = withEdit(note, item);
          setPendingIds((ids) => new Set(ids).add(note.id));
          upsert(shown);
          toast({ message: waitingMessage(result.status, "edit") });
          return { ok: true as const, data: { annotation: shown } };
        }
        return result;
      },
      remove: (note) =>
        deleteWithUndo(note, api, toast, {
          removed: () => setNotes((all) => all.filter((n) => n.id !== note.id)),
          restored: upsert,
        }),
      hide: async (note, hidden) => {
        const result = await api.hide(note.id, hidden);
        if (result.ok) {
          upsert(result.data.annotation);
          toast({
            message: hidden ? "Hidden from the group. Its author still sees it." : "Shown to the group again.",
            action: hidden ? { label: "Undo", run: async () => void cardActions.hide(result.data.annotation, false) } : undefined,
          });
        } else toast({ message: result.error });
      },
    }),
    [api, groupId, toast, upsert, openDrawer],
  );

  const orphanActions = useMemo<CardActions>(
    () => ({
      ...cardActions,
      place: (note) => {
        setPlacing(note);
        setSheet(null);
        toast({ message: "Select the words this note belongs to, then choose “Place the note here”." });
      },
    }),
    [cardActions, toast],
  );

  const closeToolbar = useCallback(() => setSelected(null), []);

  const counts = useMemo(() => {
    const c = { highlight: 0, comment: 0, question: 0 };
    for (const n of notes) if (n.kind !== "reply") c[n.kind] += 1;
    return c;
  }, [notes]);

  return (
    <MembersContext.Provider value={members}>
      <PendingNotesContext.Provider value={pendingIds}>
        <div
          data-annotation-layer=""
          data-state={placed ? "placed" : status}
          data-annotations-count={placed ? ranges.size : undefined}
          className="min-w-0"
        >
          <ReaderBar
            groupId={groupId}
            groupName={groupName}
            slug={slug}
            tags={noteTagCounts}
            members={members}
            me={me}
            filters={filters}
            onFilters={setFilters}
            counts={counts}
            shown={visible.length}
            status={status}
            orphanCount={orphans.length}
            onOrphans={() => setSheet({ type: "orphans", returnFocus: document.activeElement as HTMLElement | null })}
            onAllNotes={() => setSheet({ type: "all", returnFocus: document.activeElement as HTMLElement | null })}
            wide={wide}
            placing={placing}
            onCancelPlacing={() => setPlacing(null)}
            discussionCount={discussionCount}
            onDiscussion={() => openDrawer({ type: "discussions" })}
          />
          {locked && (
            <div role="status" data-testid="peek-locked" className="mb-4 rounded-md border border-accent/40 bg-accent-soft/50 px-3 py-2 font-sans text-sm text-ink">
              <strong className="font-semibold">Post before you peek.</strong> This week, the group’s notes open once you have written your own: select words to
              comment or ask a question, or answer a prompt.
            </div>
          )}
          {loadError && (
            <div role="alert" className="mb-4 rounded-md border border-amber-300 bg-amber-50 px-3 py-2 font-sans text-sm text-amber-950 dark:border-amber-700 dark:bg-amber-950/40 dark:text-amber-100">
              {loadError}{" "}
              {status === "error" && (
                <button type="button" className="font-semibold underline" onClick={() => void load()}>
                  Try again
                </button>
              )}
            </div>
          )}
          <HighlightPainter anchors={anchors} visible={visible} ranges={ranges} />
          <div ref={frameRef} className="relative grid grid-cols-1 gap-x-10 xl:grid-cols-[minmax(0,40rem)_17rem]">
            <PresenceMarks frameRef={frameRef} />
            <div ref={textRef} className="annotatable min-w-0 max-xl:pe-7 sm:max-xl:pe-0">
              {children}
            </div>
            <Margin
              frameRef={frameRef}
              notes={marginNotes}
              ranges={ranges}
              anchors={anchors}
              wide={wide}
              meId={me.id}
              facilitator={facilitator}
              active={active}
              actions={cardActions}
              draft={wide ? draft : null}
              onSubmitDraft={submitDraft}
              onCancelDraft={cancelDraft}
              onOpenBlock={(blockId, from) => setSheet({ type: "block", blockId, returnFocus: from })}
              ready={status === "ready"}
              onPlaced={onPlaced}
            />
          </div>
          {selected && (
            <SelectionToolbar
              range={selected.range}
              placing={!!placing}
              focusOnOpen={selected.fromKeyboard}
              onAction={(action) => void onToolbar(action)}
              onClose={closeToolbar}
            />
          )}
          {popover && !selected && (
            <HighlightPopover
              note={popover.note}
              range={popover.range}
              mine={popover.note.author.id === me.id}
              facilitator={facilitator}
              actions={cardActions}
              onClose={() => setPopover(null)}
            />
          )}
          {drawer && (
            <ThreadDrawer
              mode={drawer}
              groupId={groupId}
              slug={slug}
              me={me}
              members={members}
              onMode={setDrawer}
              onClose={closeDrawer}
              onThreadChanged={onThreadChanged}
              onDiscussionCount={setDiscussionCount}
            />
          )}
          {sheet && (
            <NotesSheet
              mode={sheet}
              notes={
                sheet.type === "orphans"
                  ? orphans
                  : sheet.type === "block"
                    ? marginNotes.filter((n) => n.position?.startBlockId === sheet.blockId)
                    : sheet.type === "all"
                      ? allPlaced
                      : []
              }
              meId={me.id}
              facilitator={facilitator}
              actions={sheet.type === "orphans" ? orphanActions : cardActions}
              draft={sheet.type === "compose" ? draft : null}
              onSubmitDraft={submitDraft}
              onCancelDraft={cancelDraft}
              onClose={() => {
                const back = sheet.returnFocus;
                if (sheet.type === "compose") setDraft(null);
                setSheet(null);
                back?.focus();
              }}
            />
          )}
        </div>
      </PendingNotesContext.Provider>
    </MembersContext.Provider>
  );
}

/**
 * Paints the highlights. Blocks on or near the screen are tracked here, in a component
 * of its own, so that scrolling re-renders nothing else: Chromium repaints every range
 * of a CSS highlight on each scroll frame, so only the marks within a screen and a half
 * of the viewport are registered; the rest are measured and ready, and join as their
 * paragraphs come near.
 */
function HighlightPainter({ anchors, visible, ranges }: { anchors: DomAnchors | null; visible: AnnotationView[]; ranges: Map<string, Range> }) {
  const [near, setNear] = useState<Set<number> | null>(null);
  useEffect(() => {
    if (!anchors) return;
    const shown = new Set<number>();
    let frame = 0;
    const observer = new IntersectionObserver(
      (entries) => {
        for (const entry of entries) {
          const i = anchors.indexOf((entry.target as HTMLElement).id);
          if (entry.isIntersecting) shown.add(i);
          else shown.delete(i);
        }
        cancelAnimationFrame(frame);
        frame = requestAnimationFrame(() => setNear(new Set(shown)));
      },
      { rootMargin: "150% 0px" },
    );
    for (const id of anchors.blockIds()) observer.observe(anchors.element(id)!);
    return () => {
      cancelAnimationFrame(frame);
      observer.disconnect();
    };
  }, [anchors]);

  useEffect(() => {
    const registry = highlightRegistry();
    if (!registry || !anchors) return;
    const groups = new Map<string, Range[]>(HIGHLIGHT_NAMES.map((name) => [name, []]));
    for (const note of visible) {
      const range = ranges.get(note.id);
      if (!range || !note.position) continue;
      if (near) {
        let close = false;
        for (let i = anchors.indexOf(note.position.startBlockId); i <= anchors.indexOf(note.position.endBlockId) && !close; i++) close = near.has(i);
        if (!close) continue;
      }
      groups.get(highlightName(note))!.push(range);
    }
    for (const [name, list] of groups) registry.set(name, new Highlight(...list));
  }, [visible, ranges, near, anchors]);

  return null;
}

/** A note as it will be once a waiting edit is saved. */
function withEdit(note: AnnotationView, edit: PendingEdit): AnnotationView {
  const { body, kind, visibility } = edit.patch;
  return {
    ...note,
    ...(body !== undefined ? { body } : {}),
    ...(kind === "comment" || kind === "question" ? { kind } : {}),
    ...(visibility === "group" || visibility === "private" ? { visibility } : {}),
  };
}
