"use client";

import { useSyncExternalStore } from "react";

/**
 * One value shared by the parts of a page that are not parent and child (the reader's
 * banner and its top bar, say): set from anywhere, read by a hook that re-renders on
 * change. The server renders `serverValue`.
 */
export function pageStore<T>(initial: T, serverValue: T = initial) {
  let value = initial;
  const listeners = new Set<() => void>();
  const subscribe = (listener: () => void) => {
    listeners.add(listener);
    return () => void listeners.delete(listener);
  };
  return {
    get: () => value,
    set(next: T) {
      if (Object.is(next, value)) return;
      value = next;
      for (const listener of listeners) listener();
    },
    use: () =>
      useSyncExternalStore(
        subscribe,
        () => value,
        () => serverValue,
      ),
  };
}
