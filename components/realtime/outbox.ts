"use client";

import { useEffect } from "react";
import type { AnnotationView } from "@/lib/annotations/view";
import { threadsApi } from "@/components/discussion/api";
import { annotationsApi, type NewAnnotation } from "@/components/annotations/api";

// Notes and replies written while offline wait here, in the browser, and are sent when
// the connection comes back, oldest first. Each keeps the id it was given when written,
// so sending it again after a lost answer never makes a second copy (the server answers
// a repeat with the note or reply it already has).

/** A reply waiting to be sent (stored before notes could wait too, hence no `type` needed). */
export type PendingReply = { type?: "reply"; id: string; groupId: string; parentId: string; threadId: string; body: string; at: number };
/** A note or highlight waiting to be sent: the request as it would have gone. */
export type PendingNote = { type: "note"; id: string; groupId: string; input: NewAnnotation; at: number };
export type Pending = PendingReply | PendingNote;
export type OutboxSent = { pending: Pending; saved: AnnotationView | null; error: string | null };

const KEY = "sc:outbox";
export const OUTBOX_SENT = "sc:outbox-sent";

function read(): Pending[] {
  try {
    return JSON.parse(localStorage.getItem(KEY) ?? "[]") as Pending[];
  } catch {
    return [];
  }
}
const write = (items: Pending[]) => localStorage.setItem(KEY, JSON.stringify(items));

export const pendingIn = (threadId: string) => read().filter((p): p is PendingReply => p.type !== "note" && p.threadId === threadId);
export const pendingNotesOn = (groupId: string, slug: string) =>
  read().filter((p): p is PendingNote => p.type === "note" && p.groupId === groupId && p.input.text === slug);

export function enqueue(item: Pending) {
  write([...read().filter((p) => p.id !== item.id), item]);
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
          : await threadsApi(item.groupId)
              .reply(item.parentId, { id: item.id, body: item.body })
              .then((r) => (r.ok ? { ok: true as const, saved: r.data.reply } : r));
      // Still offline, the server busy or restarting, or signed out: keep it and the rest, in order.
      if (!result.ok && (result.status === 0 || result.status >= 500 || [401, 408, 429].includes(result.status))) break;
      write(read().filter((p) => p.id !== item.id));
      window.dispatchEvent(
        new CustomEvent<OutboxSent>(OUTBOX_SENT, {
          detail: { pending: item, saved: result.ok ? result.saved : null, error: result.ok ? null : result.error },
        }),
      );
    }
  } finally {
    flushing = false;
  }
  return read().length;
}

/** Sends the outbox when the browser is back online, and retries with a growing pause (2 s to 1 min) while anything waits. */
export function useOutbox() {
  useEffect(() => {
    let delay = 2000;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const attempt = async () => {
      clearTimeout(timer);
      const left = await flush();
      if (left) {
        timer = setTimeout(() => void attempt(), delay);
        delay = Math.min(60_000, delay * 2);
      } else delay = 2000;
    };
    const online = () => {
      delay = 2000;
      void attempt();
    };
    window.addEventListener("online", online);
    void attempt();
    return () => {
      window.removeEventListener("online", online);
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
    mentions: [],
    reactions: [],
  };
}
