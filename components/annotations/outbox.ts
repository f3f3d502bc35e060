"use client";

import { useEffect } from "react";
import type { AnnotationView } from "@/lib/annotations/view";
import { noteTags } from "@/lib/annotations/tags";
import { annotationsApi } from "./api";
import { pageEvents } from "@/components/ui/page-events";
import type { Pending, PendingEdit, PendingNote, PendingReply } from "@/lib/annotations/requests";

// Notes, replies and edits that could not be sent — the browser offline, or the server
// unable to answer (503 while its database is away, any 5xx, 429) — wait here, in the
// browser, and are sent when the connection comes back, oldest first, with a growing
// pause between tries. Each keeps the id it was given when written, so sending it again
// after a lost answer never makes a second copy (the server answers a repeat with the
// note or reply it already has); an edit keeps the revision it was made on, so it can
// never overwrite a newer change unseen. Only a definite refusal takes an item out, and
// the member is then shown its words to copy.

const KEY = "sc:outbox";

/**
 * Answers that settle it: the request was wrong, not allowed, about something that is not
 * there (the server answers 503, never 404, when it cannot tell), in conflict, or too large.
 * Anything else — no answer at all, 401 (signed out: sent once signed in again), 408, 429,
 * any 5xx — may go through later, so the item waits.
 */
const REFUSALS = new Set([400, 403, 404, 409, 410, 413, 422]);
export const refused = (status: number) => REFUSALS.has(status);

/** How the person is told that what they wrote waits (status 0: no connection at all). */
export const waitingMessage = (status: number, what: string) =>
  status === 0
    ? `You’re offline. The ${what} is kept on this device and will be sent when you’re back online.`
    : `The server can’t take it right now. The ${what} is kept on this device and will be sent as soon as it can.`;

function read(): Pending[] {
  try {
    return JSON.parse(localStorage.getItem(KEY) ?? "[]") as Pending[];
  } catch {
    return [];
  }
}
const write = (items: Pending[]) => localStorage.setItem(KEY, JSON.stringify(items));

export const pendingIn = (threadId: string) => read().filter((p): p is PendingReply => (p.type ?? "reply") === "reply" && (p as PendingReply).threadId === threadId);
export const pendingNotesOn = (groupId: string, slug: string) =>
  read().filter((p): p is PendingNote => p.type === "note" && p.groupId === groupId && p.input.text === slug);
export const pendingEdits = (groupId: string) => read().filter((p): p is PendingEdit => p.type === "edit" && p.groupId === groupId);

/** Adds an item; a newer edit of the same note replaces the one waiting (keeping the revision it started from). */
export function enqueue(item: Pending) {
  const items = read();
  if (item.type === "edit") {
    const earlier = items.find((p): p is PendingEdit => p.type === "edit" && p.id === item.id);
    if (earlier) item = { ...item, patch: { ...earlier.patch, ...item.patch, revision: earlier.patch.revision } };
  }
  write([...items.filter((p) => !(p.id === item.id && p.type === item.type)), item]);
  pageEvents.outboxQueued.emit();
}

let flushing = false;

/** Sends what waits; what still cannot go stays for the next try. Returns how many are left. */
export async function flush(): Promise<number> {
  if (flushing) return read().length;
  flushing = true;
  try {
    for (const item of read()) {
      const result =
        item.type === "note"
          ? await annotationsApi(item.groupId)
              .create(item.input)
              .then((r) => (r.ok ? { ok: true as const, saved: r.data.annotation } : r))
          : item.type === "edit"
            ? await annotationsApi(item.groupId)
                .edit(item.id, item.patch)
                .then((r) => (r.ok ? { ok: true as const, saved: r.data.annotation } : r))
            : await annotationsApi(item.groupId)
                .reply(item.parentId, { id: item.id, body: item.body })
                .then((r) => (r.ok ? { ok: true as const, saved: r.data.reply } : r));
      // Still offline, the server busy or restarting, or signed out: keep it and the rest, in order.
      if (!result.ok && !refused(result.status)) break;
      write(read().filter((p) => !(p.id === item.id && p.type === item.type)));
      pageEvents.outboxSent.emit({ pending: item, saved: result.ok ? result.saved : null, error: result.ok ? null : result.error });
    }
  } finally {
    flushing = false;
  }
  return read().length;
}

/**
 * Sends the outbox: at once when something is queued or the browser is back online, then
 * with a growing pause (2 s to 30 s) while anything waits.
 */
export function useOutbox() {
  useEffect(() => {
    let delay = 2000;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const attempt = async () => {
      clearTimeout(timer);
      const left = await flush();
      if (left) {
        timer = setTimeout(() => void attempt(), delay);
        delay = Math.min(30_000, delay * 2);
      } else delay = 2000;
    };
    // Something new waits (it just failed): the first try again comes after the shortest pause.
    const queued = () => {
      delay = 2000;
      clearTimeout(timer);
      timer = setTimeout(() => void attempt(), delay);
    };
    const online = () => {
      delay = 2000;
      void attempt();
    };
    window.addEventListener("online", online);
    const stopHearing = pageEvents.outboxQueued.listen(queued);
    void attempt();
    return () => {
      window.removeEventListener("online", online);
      stopHearing();
      clearTimeout(timer);
    };
  }, []);
}

/** How a waiting note shows in the margin until it is sent. */
export function pendingNoteView(p: PendingNote, me: { id: string; name: string }): AnnotationView {
  const { input } = p;
  return {
    ...pendingView({ id: p.id, groupId: p.groupId, parentId: "", threadId: "", body: input.body ?? "", at: p.at }, me, input.anchor.versionId),
    kind: input.kind,
    color: input.color ?? null,
    visibility: input.visibility ?? "group",
    position: { startBlockId: input.anchor.startBlockId, startOffset: input.anchor.startOffset, endBlockId: input.anchor.endBlockId, endOffset: input.anchor.endOffset },
    quote: { exact: input.anchor.exact, prefix: "", suffix: "" },
    parentId: null,
    threadId: null,
    tags: noteTags(input.body ?? "", input.tags ?? []),
    fieldTags: input.tags ?? [],
  };
}

/** How a waiting reply shows in its thread until it is sent. */
export function pendingView(p: PendingReply, me: { id: string; name: string }, versionId: string): AnnotationView {
  return {
    id: p.id,
    kind: "reply",
    color: null,
    body: p.body,
    visibility: "group",
    author: me,
    createdAt: new Date(p.at).toISOString(),
    editedAt: null,
    revision: 1,
    hidden: false,
    anchorState: "exact",
    versionId,
    position: null,
    quote: { exact: "", prefix: "", suffix: "" },
    target: "passage",
    title: null,
    promptId: null,
    parentId: p.parentId,
    threadId: p.threadId,
    deleted: false,
    replyCount: 0,
    answerId: null,
    resolved: false,
    pinned: false,
    forMeeting: false,
    tags: noteTags(p.body, []),
    fieldTags: [],
    mentions: [],
    reactions: [],
  };
}

/** What a refused item said, in full, for the person to copy (a highlight has no words). */
export function wordsOf(item: Pending): string {
  if (item.type === "note") return item.input.body ?? "";
  if (item.type === "edit") return item.patch.body ?? "";
  return item.body;
}

/** The toast for an item the server refused: why, the start of its words, and a way to copy them all. */
export function refusalToast(item: Pending, error: string | null, what: string) {
  const words = wordsOf(item);
  const quoted = words ? ` (“${words.slice(0, 80)}${words.length > 80 ? "…" : ""}”)` : "";
  return {
    message: `${what}${quoted} could not be saved: ${error ?? "it was refused."}`,
    sticky: true,
    action: words ? { label: "Copy text", busyLabel: "Copying…", run: () => navigator.clipboard?.writeText(words).catch(() => undefined) } : undefined,
  };
}
