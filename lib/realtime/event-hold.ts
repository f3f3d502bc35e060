// Live events that arrive while what they change is still being read from the server. A
// page that applied them at once would apply them to nothing (nothing is loaded yet) or to
// data the load is about to replace, and lose them: they are held, in order, and handed
// over when the load is done, to be applied over what it brought. Plain data: used in the
// browser.

export type EventHold<E> = {
  /** A load starts: events are held until it finishes. */
  start(): void;
  /** A live event: true when it was held (a load is under way), false when it is to be applied now. */
  take(event: E): boolean;
  /** A load finished: the events held meanwhile, oldest first, to apply over what it brought. */
  finish(): E[];
};

/**
 * Several loads may overlap (a thread read again while its first read is under way):
 * events are held until the last one finishes, and each finishing load gets every event
 * held so far — an event applied over a snapshot that already has it changes nothing.
 */
export function eventHold<E>(): EventHold<E> {
  let loads = 0;
  let held: E[] = [];
  return {
    start() {
      loads += 1;
    },
    take(event) {
      if (loads === 0) return false;
      held.push(event);
      return true;
    },
    finish() {
      const events = held;
      loads = Math.max(0, loads - 1);
      if (loads === 0) held = [];
      return events.slice();
    },
  };
}
