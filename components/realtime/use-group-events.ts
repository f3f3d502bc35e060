"use client";

import { useEffect, useRef } from "react";
import { STREAM_EVENT_KINDS } from "@/lib/realtime/event-kinds";
import type { GroupEvent } from "@/lib/realtime/types";
import { pageEvents } from "@/components/ui/page-events";
import { groupStreamOpened, reportUnread } from "./inbox-feed";

// The group's live events (GET /api/groups/:id/events, Server-Sent Events). The browser's
// EventSource reconnects by itself and sends Last-Event-ID, so the server replays what
// was missed; the server's `retry:` sets the pause between attempts.

/** Hears the events of the page's group stream, opened by useGroupEvents elsewhere on the page. */
export function useGroupEventListener(onEvent: (event: GroupEvent) => void) {
  const handler = useRef(onEvent);
  useEffect(() => {
    handler.current = onEvent;
  });
  useEffect(() => {
    return pageEvents.groupEvent.listen((event) => handler.current(event));
  }, []);
}

type Handlers = {
  /** The server could not continue from where this page was: what it shows may be behind. */
  onReset?: () => void;
  /** The stream was ended for good (no longer a member), with the server's words. */
  onClosed?: (message: string) => void;
};

/**
 * Follows the group's events from `since` (the log's number when the page read its data;
 * null until then, so nothing between the two is missed). When the browser gives up on
 * the stream (an error answer, say during a deploy), it is opened again after a growing
 * pause, 2 s to a minute, from the last event received; a 404 means this person is no
 * longer a member, and ends it.
 */
export function useGroupEvents(groupId: string, since: number | null, onEvent: (event: GroupEvent) => void, handlers: Handlers = {}) {
  const handler = useRef({ onEvent, ...handlers });
  useEffect(() => {
    handler.current = { onEvent, ...handlers };
  });
  const started = since !== null;
  // Where the stream starts: the first number given (later ones are the stream's own business).
  const from = useRef(since);
  useEffect(() => {
    if (from.current === null) from.current = since;
  }, [since]);
  useEffect(() => {
    if (!started || typeof EventSource === "undefined") return;
    const url = `/api/groups/${encodeURIComponent(groupId)}/events`;
    let last = String(from.current);
    let source: EventSource | null = null;
    let retry: ReturnType<typeof setTimeout> | undefined;
    let delay = 2000;
    let ended = false;
    // This stream carries the unread count too: the header's badge needs no stream of its own.
    const closedForInbox = groupStreamOpened();

    const end = (message: string) => {
      ended = true;
      source?.close();
      clearTimeout(retry);
      closedForInbox();
      handler.current.onClosed?.(message);
    };
    const listener = (message: MessageEvent<string>) => {
      if (message.lastEventId) last = message.lastEventId;
      delay = 2000;
      let event: GroupEvent;
      try {
        event = JSON.parse(message.data) as GroupEvent;
      } catch {
        return; // A frame this page does not understand: skip it.
      }
      handler.current.onEvent(event);
      // Other parts of the page (an open thread) follow the same stream.
      pageEvents.groupEvent.emit(event);
    };
    let generation = 0;
    const open = () => {
      source?.close();
      generation += 1;
      const es = new EventSource(`${url}?lastEventId=${encodeURIComponent(last)}`);
      source = es;
      for (const kind of STREAM_EVENT_KINDS) es.addEventListener(kind, listener);
      es.addEventListener("inbox", (message: MessageEvent<string>) => {
        try {
          reportUnread((JSON.parse(message.data) as { unread: number }).unread);
        } catch {
          // A frame this page does not understand: skip it.
        }
      });
      es.addEventListener("reset", (message: MessageEvent<string>) => {
        if (message.lastEventId) last = message.lastEventId;
        handler.current.onReset?.();
      });
      es.addEventListener("closed", (message: MessageEvent<string>) => {
        let text = "You are no longer a member of this group.";
        try {
          text = (JSON.parse(message.data) as { message?: string }).message ?? text;
        } catch {
          // Keep the plain words.
        }
        end(text);
      });
      es.addEventListener("error", () => {
        // The browser retries by itself unless the answer was an error; then it is up to us.
        if (es.readyState !== EventSource.CLOSED || ended || es !== source) return;
        const attempt = generation;
        retry = setTimeout(() => {
          // A cheap look first (from now: nothing to send), so a 404 ends it rather than knocking forever.
          void fetch(`${url}?until=now`, { method: "GET" }).then(
            async (response) => {
              await response.body?.cancel();
              if (ended || attempt !== generation) return;
              if (response.status === 404) return end("You are no longer a member of this group.");
              open();
            },
            () => !ended && attempt === generation && open(),
          );
        }, delay);
        delay = Math.min(60_000, delay * 2);
      });
    };
    open();
    const online = () => {
      if (ended || source?.readyState !== EventSource.CLOSED) return;
      clearTimeout(retry);
      delay = 2000;
      open();
    };
    window.addEventListener("online", online);
    return () => {
      ended = true;
      window.removeEventListener("online", online);
      clearTimeout(retry);
      source?.close();
      closedForInbox();
    };
  }, [groupId, started]);
}
