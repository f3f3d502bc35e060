"use client";

import { useEffect } from "react";
import { pageStore } from "@/components/ui/page-store";
import { pageEvents } from "@/components/ui/page-events";

// The unread count, live. A page with a group's event stream gets it from that stream
// (components/realtime/use-group-events.ts reports it here); any other page opens
// GET /api/notifications/events for it. One stream per tab: browsers allow only a few
// connections to one server at a time, and every open tab would otherwise hold two.

// How many group streams are open on this page.
const groupStreams = pageStore(0);

/** A group's event stream opened on this page; call the result when it closes (more than once is harmless). */
export function groupStreamOpened(): () => void {
  groupStreams.set(groupStreams.get() + 1);
  let open = true;
  return () => {
    if (!open) return;
    open = false;
    groupStreams.set(groupStreams.get() - 1);
  };
}

/** A stream told this page the unread count. */
export function reportUnread(unread: number) {
  pageEvents.inboxCount.emit(unread);
}

/** Calls `onCount` with each unread count a stream brings; opens the inbox's own stream when no group stream is open. */
export function useInboxFeed(enabled: boolean, onCount: (unread: number) => void) {
  const carried = groupStreams.use() > 0;
  useEffect(() => {
    if (!enabled) return;
    return pageEvents.inboxCount.listen(onCount);
  }, [enabled, onCount]);
  useEffect(() => {
    if (!enabled || carried || typeof EventSource === "undefined") return;
    let source: EventSource | null = null;
    // A moment's wait: a page with a group stream opens it as it mounts, and then this one is not needed.
    const wait = window.setTimeout(() => {
      source = new EventSource("/api/notifications/events");
      source.addEventListener("inbox", (message: MessageEvent<string>) => {
        try {
          reportUnread((JSON.parse(message.data) as { unread: number }).unread);
        } catch {
          // A frame this page does not understand: skip it.
        }
      });
    }, 300);
    return () => {
      window.clearTimeout(wait);
      source?.close();
    };
  }, [enabled, carried]);
}
