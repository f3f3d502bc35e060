// The page's own events, said on `window` by one part of the page and heard by another
// (say, the header's inbox badge told by a thread that it was read). Every name and what
// it carries is here, so a sender and its listeners cannot drift apart.
import type { OutboxSent } from "@/lib/annotations/requests";
import type { GroupEvent } from "@/lib/realtime/types";

export type PageEvent<Detail> = {
  readonly name: string;
  emit(detail: Detail): void;
  /** Calls `handler` with each one said; returns the way to stop. */
  listen(handler: (detail: Detail) => void): () => void;
};

function pageEvent<Detail = void>(name: string): PageEvent<Detail> {
  return {
    name,
    emit: (detail) => void window.dispatchEvent(new CustomEvent<Detail>(name, { detail })),
    listen(handler) {
      const heard = (event: Event) => handler((event as CustomEvent<Detail>).detail);
      window.addEventListener(name, heard);
      return () => window.removeEventListener(name, heard);
    },
  };
}

export const pageEvents = {
  /** An event of the group's stream, passed on to other parts of the page (an open thread, the week). */
  groupEvent: pageEvent<GroupEvent>("sc:group-event"),
  /** Something was put in the outbox: the page's sender starts trying. */
  outboxQueued: pageEvent("sc:outbox-queued"),
  /** The outbox is done with an item: saved or refused. */
  outboxSent: pageEvent<OutboxSent>("sc:outbox-sent"),
  /** A stream told the page the unread count. */
  inboxCount: pageEvent<number>("sc:inbox-count"),
  /** Something was read or changed that the header's inbox badge should look at again. */
  inboxChanged: pageEvent("sc:inbox-changed"),
  /** A note, question or answer was posted, so a reader waiting to "peek" can look again. */
  posted: pageEvent("sc:posted"),
};
