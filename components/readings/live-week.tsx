"use client";

import { startTransition, useEffect, useRef } from "react";
import { useRouter } from "next/navigation";
import { useGroupEventListener } from "@/components/realtime/use-group-events";
import { isReadingKind } from "@/lib/realtime/event-kinds";

/** Several saves of the schedule in a row make one refresh. */
const SETTLE_MS = 300;

/**
 * Keeps the week laid over the text current while the page is open: when a facilitator
 * plans, changes or removes a week (the group's stream says so), the page's server parts
 * are rendered again — the banner, its prompts, the dimmed range — while the reader's
 * place, notes and open thread stay as they are. Weeks change rarely, so any change to
 * the schedule is reason enough to look again.
 */
export function LiveWeek() {
  const router = useRouter();
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useGroupEventListener((event) => {
    if (!isReadingKind(event.kind)) return;
    clearTimeout(timer.current);
    timer.current = setTimeout(() => startTransition(() => router.refresh()), SETTLE_MS);
  });
  useEffect(() => () => clearTimeout(timer.current), []);
  return null;
}
