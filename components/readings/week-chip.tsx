"use client";

import { useWeekPercent } from "./week-store";

/** The week's progress in the reader's top bar: a small meter beside the group's name. */
export function WeekChip() {
  const percent = useWeekPercent();
  if (percent === null) return null;
  return (
    <a
      href="#week-heading"
      className="flex items-center gap-1.5 rounded-full border border-rule px-2 py-0.5 text-xs text-ink-soft no-underline hover:bg-accent-soft"
      aria-label={`This week’s reading: ${percent}% read`}
    >
      <span aria-hidden="true" className="h-1.5 w-10 overflow-hidden rounded-full bg-rule">
        <span className="block h-full rounded-full bg-accent" style={{ width: `${percent}%` }} />
      </span>
      <span aria-hidden="true" className="tabular-nums">
        {percent}%
      </span>
    </a>
  );
}
