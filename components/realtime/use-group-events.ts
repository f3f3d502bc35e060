"use client";

import { useEffect, useRef } from "react";
import type { AnnotationView } from "@/lib/annotations/view";
import type { LogEvent } from "@/lib/realtime/types";

// The group's live events (GET /api/groups/:id/events, Server-Sent Events). The browser's
// EventSource reconnects by itself and sends Last-Event-ID, so the server replays what
// was missed; the server's `retry:` sets the pause between attempts.

/** An event as this reader receives it: the log's fields, and the note or reply when they may see it. */
export type GroupEvent = Omit<LogEvent, "onlyUserId"> & { annotation?: AnnotationView & { textSlug: string } };

const KINDS = ["annotation.created", "annotation.updated", "annotation.deleted", "reaction", "thread.updated", "reading.created", "reading.updated", "reading.deleted"];

export function useGroupEvents(groupId: string, onEvent: (event: GroupEvent) => void) {
  const handler = useRef(onEvent);
  useEffect(() => {
    handler.current = onEvent;
  });
  useEffect(() => {
    if (typeof EventSource === "undefined") return;
    const source = new EventSource(`/api/groups/${encodeURIComponent(groupId)}/events`);
    const listener = (message: MessageEvent<string>) => {
      try {
        handler.current(JSON.parse(message.data) as GroupEvent);
      } catch {
        // A frame this page does not understand: skip it.
      }
    };
    for (const kind of KINDS) source.addEventListener(kind, listener);
    // No longer a member: stop, rather than reconnect into 404s.
    source.addEventListener("closed", () => source.close());
    return () => source.close();
  }, [groupId]);
}
