"use client";

import { useEffect, useRef } from "react";
import type { AnnotationView } from "@/lib/annotations/view";
import type { LogEvent } from "@/lib/realtime/types";
import { groupStreamOpened, reportUnread } from "./inbox-feed";

// The group's live events (GET /api/groups/:id/events, Server-Sent Events). The browser's
// EventSource reconnects by itself and sends Last-Event-ID, so the server replays what
// was missed; the server's `retry:` sets the pause between attempts.

/** An event as this reader receives it: the log's fields, and the note or reply when they may see it. */
export type GroupEvent = Omit<LogEvent, "onlyUserId"> & { annotation?: AnnotationView & { textSlug: string } };

const KINDS = [
  "annotation.created",
  "annotation.updated",
  "annotation.deleted",
  "annotation.gone",
  "reaction",
  "thread.updated",
  "reading.created",
  "reading.updated",
  "reading.deleted",
];

type Handlers = {
  /** The server could not continue from where this page was: what it shows may be behind. */
  onReset?: () => void;
  /** The stream was ended for good (no longer a member), with the server's words. */
  onClosed?: (message: string) => void;
};

export function useGroupEvents(groupId: string, onEvent: (event: GroupEvent) => void, handlers: Handlers = {}) {
  const handler = useRef({ onEvent, ...handlers });
  useEffect(() => {
    handler.current = { onEvent, ...handlers };
  });
  useEffect(() => {
    if (typeof EventSource === "undefined") return;
    const source = new EventSource(`/api/groups/${encodeURIComponent(groupId)}/events`);
    // This stream carries the unread count too: the header's badge needs no stream of its own.
    const closedForInbox = groupStreamOpened();
    source.addEventListener("inbox", (message: MessageEvent<string>) => {
      try {
        reportUnread((JSON.parse(message.data) as { unread: number }).unread);
      } catch {
        // A frame this page does not understand: skip it.
      }
    });
    const listener = (message: MessageEvent<string>) => {
      try {
        handler.current.onEvent(JSON.parse(message.data) as GroupEvent);
      } catch {
        // A frame this page does not understand: skip it.
      }
    };
    for (const kind of KINDS) source.addEventListener(kind, listener);
    source.addEventListener("reset", () => handler.current.onReset?.());
    // No longer a member: stop, rather than reconnect into 404s.
    source.addEventListener("closed", (message: MessageEvent<string>) => {
      source.close();
      closedForInbox();
      let text = "You are no longer a member of this group.";
      try {
        text = (JSON.parse(message.data) as { message?: string }).message ?? text;
      } catch {
        // Keep the plain words.
      }
      handler.current.onClosed?.(text);
    });
    return () => {
      source.close();
      closedForInbox();
    };
  }, [groupId]);
}
