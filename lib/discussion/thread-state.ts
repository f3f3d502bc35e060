// A thread as the side panel shows it, in plain data (used in the browser): its replies in
// reading order, how many each branch holds, and the group's live events applied to it.
import type { AnnotationView } from "@/lib/annotations/view";
import { GONE, type StreamEventKind } from "@/lib/realtime/event-kinds";

/** A reply in reading order: how deep it sits, how many replies under it can be read, and whom it answers. */
export type ThreadRow = { note: AnnotationView; depth: number; descendants: number; parentName: string | null };

/**
 * The thread in reading order (each reply under what it answers), with depths. A branch's
 * count is of the replies in it that can be read: a deleted or hidden reply kept as a
 * placeholder (because someone answered it) is not one, as the thread's own count has it.
 */
export function threadRows(replies: readonly AnnotationView[], rootId: string): ThreadRow[] {
  const children = new Map<string, AnnotationView[]>();
  for (const r of replies) {
    const list = children.get(r.parentId ?? rootId) ?? [];
    list.push(r);
    children.set(r.parentId ?? rootId, list);
  }
  const byId = new Map(replies.map((r) => [r.id, r]));
  const rows: ThreadRow[] = [];
  const count = (id: string): number => (children.get(id) ?? []).reduce((n, c) => n + (c.deleted ? 0 : 1) + count(c.id), 0);
  const visit = (id: string, depth: number) => {
    for (const child of children.get(id) ?? []) {
      const parent = child.parentId ? byId.get(child.parentId) : undefined;
      rows.push({ note: child, depth, descendants: count(child.id), parentName: parent && !parent.deleted ? parent.author.name : null });
      visit(child.id, depth + 1);
    }
  };
  visit(rootId, 1);
  return rows;
}

/** What the thread panel needs of a group event (GroupEvent in lib/realtime/types.ts). */
export type ThreadEvent = { kind: StreamEventKind; annotationId: string | null; threadId: string | null; annotation?: AnnotationView };

export type ThreadState = { thread: AnnotationView; replies: AnnotationView[] };

/**
 * What an event means for an open thread: nothing; "reload" for a removal (the server says
 * what stays as a placeholder); or "apply" (see applyThreadEvent).
 */
export function threadEventEffect(state: ThreadState, event: ThreadEvent, threadId: string): "ignore" | "reload" | "apply" {
  const inThread = event.threadId === threadId || event.annotationId === threadId || state.replies.some((r) => r.id === event.annotationId);
  if (!inThread) return "ignore";
  if (event.kind === "annotation.deleted" || event.kind === GONE) return "reload";
  return event.annotation ? "apply" : "ignore";
}

/**
 * An event applied to the thread: a new reply (or one restored in place of its placeholder)
 * added and counted once, however often it is heard; an edit, reaction or the thread's
 * state taking the place of the note it changes. Anything else leaves the thread as it is.
 */
export function applyThreadEvent<S extends ThreadState>(state: S, event: ThreadEvent, threadId: string): S {
  const note = event.annotation;
  if (threadEventEffect(state, event, threadId) !== "apply" || !note) return state;
  const known = state.replies.some((r) => r.id === note.id);
  if (event.kind === "annotation.created" && note.threadId === threadId && !known)
    return { ...state, thread: { ...state.thread, replyCount: state.thread.replyCount + 1 }, replies: [...state.replies, note] };
  if (state.thread.id === note.id) return { ...state, thread: { ...note, replyCount: state.thread.replyCount } };
  if (!known) return state;
  return { ...state, replies: state.replies.map((r) => (r.id === note.id ? { ...note, replyCount: r.replyCount } : r)) };
}
