"use client";

import { useEffect } from "react";
import type { AnnotationView } from "@/lib/annotations/view";
import { threadsApi } from "@/components/discussion/api";

// Replies written while offline wait here, in the browser, and are sent when the
// connection comes back. Each keeps the id it was given when written, so sending it again
// after a lost answer never makes a second copy (the server answers a repeat with the
// reply it already has).

export type Pending = { id: string; groupId: string; parentId: string; threadId: string; body: string; at: number };

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

export const pendingIn = (threadId: string) => read().filter((p) => p.threadId === threadId);

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
      const result = await threadsApi(item.groupId).reply(item.parentId, { id: item.id, body: item.body });
      if (!result.ok && result.status === 0) break; // still offline: keep the rest in order
      write(read().filter((p) => p.id !== item.id));
      window.dispatchEvent(
        new CustomEvent<{ pending: Pending; reply: AnnotationView | null; error: string | null }>(OUTBOX_SENT, {
          detail: { pending: item, reply: result.ok ? result.data.reply : null, error: result.ok ? null : result.error },
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

/** How a waiting reply shows in its thread until it is sent. */
export function pendingView(p: Pending, me: { id: string; name: string }, versionId: string): AnnotationView {
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
