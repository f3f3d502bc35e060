"use client";

import { useSyncExternalStore } from "react";

// This week's progress, shared between the banner that measures it and the reader's
// top bar that shows it. Null while the page has no week.
let percent: number | null = null;
const listeners = new Set<() => void>();

export function setWeekPercent(value: number | null) {
  if (value === percent) return;
  percent = value;
  for (const listener of listeners) listener();
}

const subscribe = (listener: () => void) => {
  listeners.add(listener);
  return () => listeners.delete(listener);
};

export const useWeekPercent = () =>
  useSyncExternalStore(
    subscribe,
    () => percent,
    () => null,
  );
