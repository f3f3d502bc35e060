"use client";

import { useEffect, useLayoutEffect, useState } from "react";
import { Avatar } from "@/components/groups/avatar";
import { pageStore } from "@/components/ui/page-store";

// Who else is reading this text now, and where: the reader says where it is every ten
// seconds (the paragraph a third of the way down the screen) and hears who else is here.

export type Reader = { id: string; name: string; blockId: string | null };

const BEAT_MS = 10_000;
const readersStore = pageStore<Reader[]>([]);
const setReaders = readersStore.set;
const useReaders = readersStore.use;

/** The paragraph a third of the way down the screen. */
function blockInView(root: HTMLElement): string | null {
  const line = window.innerHeight / 3;
  let best: { id: string; distance: number } | null = null;
  for (const el of root.querySelectorAll<HTMLElement>("[data-block]")) {
    const rect = el.getBoundingClientRect();
    const distance = rect.top > line ? rect.top - line : rect.bottom < line ? line - rect.bottom : 0;
    if (!best || distance < best.distance) best = { id: el.id, distance };
    if (distance === 0) break;
  }
  return best?.id ?? null;
}

/** Keeps this reader's presence in the group and the list of the others. */
export function usePresence(groupId: string, slug: string, textRef: React.RefObject<HTMLElement | null>) {
  useEffect(() => {
    const url = `/api/groups/${encodeURIComponent(groupId)}/presence`;
    let stopped = false;
    const beat = async () => {
      if (document.visibilityState !== "visible" || !textRef.current) return;
      try {
        const response = await fetch(url, {
          method: "PUT",
          headers: { "Content-Type": "application/json", Accept: "application/json" },
          body: JSON.stringify({ text: slug, blockId: blockInView(textRef.current) }),
        });
        if (response.ok && !stopped) setReaders(((await response.json()) as { readers: Reader[] }).readers);
      } catch {
        // Offline: try again on the next beat.
      }
    };
    void beat();
    const timer = setInterval(() => void beat(), BEAT_MS);
    const onVisible = () => void beat();
    const onLeave = () => void fetch(url, { method: "DELETE", keepalive: true }).catch(() => undefined);
    document.addEventListener("visibilitychange", onVisible);
    window.addEventListener("pagehide", onLeave);
    return () => {
      stopped = true;
      clearInterval(timer);
      document.removeEventListener("visibilitychange", onVisible);
      window.removeEventListener("pagehide", onLeave);
      setReaders([]);
      onLeave();
    };
  }, [groupId, slug, textRef]);
}

/** "Reading now" with the others' initials, for the reader's top bar. */
export function ReadingNow() {
  const list = useReaders();
  if (!list.length) return null;
  const names = list.map((r) => r.name).join(", ");
  return (
    <span className="me-auto flex items-center gap-1.5 text-xs text-muted" data-reading-now="" title={`Reading now: ${names}`}>
      <span className="sr-only">Reading now: {names}</span>
      <span aria-hidden="true" className="flex -space-x-2">
        {list.slice(0, 5).map((r) => (
          <span key={r.id} className="rounded-full ring-2 ring-paper">
            <Avatar id={r.id} name={r.name} size="sm" />
          </span>
        ))}
      </span>
      {list.length > 5 && <span aria-hidden="true">+{list.length - 5}</span>}
    </span>
  );
}

/** The others' initials beside the paragraph each is reading, in the gutter left of the text. */
export function PresenceMarks({ frameRef }: { frameRef: React.RefObject<HTMLElement | null> }) {
  const list = useReaders();
  const [places, setPlaces] = useState<{ reader: Reader; top: number }[]>([]);
  useLayoutEffect(() => {
    const frame = frameRef.current;
    if (!frame) return;
    const measure = () => {
      const origin = frame.getBoundingClientRect().top;
      setPlaces(
        list.flatMap((reader) => {
          const el = reader.blockId ? document.getElementById(reader.blockId) : null;
          return el ? [{ reader, top: el.getBoundingClientRect().top - origin }] : [];
        }),
      );
    };
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(frame);
    return () => observer.disconnect();
  }, [list, frameRef]);
  return (
    // In the page's edge on phones and tablets, where the text starts at the edge of the screen's padding.
    <div aria-hidden="true" className="pointer-events-none absolute inset-y-0 -start-5 w-5 sm:-start-8 sm:w-7 xl:-start-12 xl:w-8">
      {places.map(({ reader, top }, i) => (
        <span
          key={reader.id}
          data-presence={reader.id}
          title={`${reader.name} is reading here`}
          className="absolute start-0 transition-[top] duration-500 motion-reduce:transition-none"
          style={{ top: top + (i % 3) * 6 }}
        >
          <Avatar id={reader.id} name={reader.name} size="gutter" />
        </span>
      ))}
    </div>
  );
}
