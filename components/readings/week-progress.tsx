"use client";

import { useEffect, useRef, useState } from "react";
import { readingsApi } from "./api";
import { setWeekPercent } from "./week-store";

/** How long reading must pause before progress is sent: one request per stretch of reading, not one per paragraph. */
const SEND_AFTER_MS = 2500;

/**
 * The member's progress through the week's range, kept up to date as they read. A block
 * counts as read once its end has been on screen; the furthest one is sent a few seconds
 * after reading stops, and when the page is hidden or left (keepalive), never more often.
 */
export function WeekProgress({
  groupId,
  readingId,
  blockIds,
  initialRead,
}: {
  groupId: string;
  readingId: string;
  blockIds: string[];
  initialRead: number;
}) {
  const [read, setRead] = useState(initialRead);
  const sent = useRef(initialRead);
  const furthest = useRef(initialRead);
  const total = blockIds.length;

  useEffect(() => {
    const index = new Map(blockIds.map((id, i) => [id, i]));
    const url = readingsApi(groupId).progressUrl(readingId);
    let timer: ReturnType<typeof setTimeout> | undefined;
    const flush = (keepalive = false) => {
      clearTimeout(timer);
      const value = furthest.current;
      if (value <= sent.current) return;
      sent.current = value;
      fetch(url, {
        method: "POST",
        keepalive,
        headers: { "Content-Type": "application/json", Accept: "application/json" },
        body: JSON.stringify({ blockId: blockIds[value - 1] }),
      })
        .then((r) => {
          if (!r.ok) sent.current = Math.min(sent.current, value - 1);
        })
        .catch(() => {
          // Offline: try again with the next stretch of reading.
          sent.current = Math.min(sent.current, value - 1);
        });
    };
    const observer = new IntersectionObserver(
      (entries) => {
        let moved = false;
        for (const entry of entries) {
          if (!entry.isIntersecting) continue;
          // Its end is on screen (or all of it is): the block has been read through.
          if (entry.intersectionRatio < 0.99 && entry.boundingClientRect.bottom > window.innerHeight) continue;
          const i = index.get((entry.target as HTMLElement).id);
          if (i !== undefined && i + 1 > furthest.current) {
            furthest.current = i + 1;
            moved = true;
          }
        }
        if (moved) {
          setRead(furthest.current);
          clearTimeout(timer);
          timer = setTimeout(() => flush(), SEND_AFTER_MS);
        }
      },
      { threshold: [0, 0.25, 0.5, 0.75, 1] },
    );
    for (const id of blockIds) {
      const el = document.getElementById(id);
      if (el) observer.observe(el);
    }
    const onHide = () => {
      if (document.visibilityState === "hidden") flush(true);
    };
    const onLeave = () => flush(true);
    document.addEventListener("visibilitychange", onHide);
    window.addEventListener("pagehide", onLeave);
    return () => {
      observer.disconnect();
      document.removeEventListener("visibilitychange", onHide);
      window.removeEventListener("pagehide", onLeave);
      flush(true);
    };
  }, [groupId, readingId, blockIds]);

  const percent = total ? Math.min(100, Math.round((read / total) * 100)) : 0;
  // The reader's top bar shows it too.
  useEffect(() => {
    setWeekPercent(percent);
  }, [percent]);
  useEffect(() => () => setWeekPercent(null), []);
  return (
    <div className="mt-3">
      <div className="flex items-baseline justify-between gap-3 text-xs text-muted">
        <span id={`week-progress-${readingId}`}>{percent >= 100 ? "You’ve read all of this week’s reading" : "Your progress this week"}</span>
        <span data-testid="week-percent" className="font-semibold tabular-nums text-ink-soft">
          {percent}%
        </span>
      </div>
      <div
        role="progressbar"
        aria-labelledby={`week-progress-${readingId}`}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
        className="mt-1 h-1.5 overflow-hidden rounded-full bg-rule"
      >
        <div className="h-full rounded-full bg-accent transition-[width] duration-500 motion-reduce:transition-none" style={{ width: `${percent}%` }} />
      </div>
    </div>
  );
}
