"use client";

import { useEffect, useId, useRef } from "react";
import type { AnnotationView } from "@/lib/annotations/view";
import type { Member } from "@/lib/discussion/mentions";
import { DiscussionList } from "./discussion-list";
import { ThreadView } from "./thread-view";

export type DrawerMode = { type: "thread"; id: string; focusId: string | null; fromList: boolean } | { type: "discussions" };

/**
 * The side panel for conversations: one thread, or the text's general discussion.
 * From the right on larger screens, from the bottom on phones; Escape closes it and
 * focus returns where it was.
 */
export function ThreadDrawer({
  mode,
  groupId,
  slug,
  me,
  members,
  onMode,
  onClose,
  onThreadChanged,
  onDiscussionCount,
}: {
  mode: DrawerMode;
  groupId: string;
  slug: string;
  me: Member;
  members: readonly Member[];
  onMode: (mode: DrawerMode) => void;
  onClose: () => void;
  onThreadChanged?: (thread: AnnotationView) => void;
  onDiscussionCount?: (n: number) => void;
}) {
  const headingId = useId();
  const panel = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === "Escape") onClose();
      // A modal panel: Tab and Shift+Tab cycle within it.
      if (e.key === "Tab" && panel.current) {
        const focusable = Array.from(
          panel.current.querySelectorAll<HTMLElement>('a[href], button:not([disabled]), textarea, input, select, [tabindex]:not([tabindex="-1"])'),
        ).filter((el) => el.offsetParent !== null);
        const first = focusable[0];
        const last = focusable.at(-1);
        if (!first || !last) return;
        const inside = panel.current.contains(document.activeElement);
        if (e.shiftKey && (document.activeElement === first || !inside)) {
          e.preventDefault();
          last.focus();
        } else if (!e.shiftKey && (document.activeElement === last || !inside)) {
          e.preventDefault();
          first.focus();
        }
      }
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, [onClose]);
  useEffect(() => {
    if (mode.type === "discussions" || !mode.focusId) panel.current?.querySelector<HTMLElement>("h2")?.focus({ preventScroll: true });
  }, [mode]);

  return (
    <div className="fixed inset-0 z-40 flex items-end justify-end sm:items-stretch" data-thread-drawer="">
      <button type="button" aria-label="Close" tabIndex={-1} onClick={onClose} className="absolute inset-0 bg-ink/20" />
      <div
        ref={panel}
        role="dialog"
        aria-modal="true"
        aria-labelledby={headingId}
        className="relative flex h-[88dvh] w-full flex-col rounded-t-2xl border border-rule bg-paper shadow-2xl sm:h-auto sm:w-[30rem] sm:rounded-none sm:border-y-0 sm:border-e-0"
      >
        <div className="flex items-center justify-between gap-2 border-b border-rule px-4 py-2.5 font-sans text-sm">
          {mode.type === "thread" && mode.fromList ? (
            <button type="button" onClick={() => onMode({ type: "discussions" })} className="rounded-md px-2 py-1 text-ink-soft hover:bg-accent-soft">
              ← All discussions
            </button>
          ) : (
            <span className="font-semibold text-ink-soft">{mode.type === "thread" ? "Thread" : "Discussion"}</span>
          )}
          <button type="button" onClick={onClose} className="rounded-md px-2 py-1 text-ink-soft hover:bg-accent-soft">
            Close
          </button>
        </div>
        {mode.type === "thread" ? (
          <ThreadView
            key={mode.id}
            groupId={groupId}
            threadId={mode.id}
            focusId={mode.focusId}
            me={me}
            members={members}
            headingId={headingId}
            onChanged={onThreadChanged}
          />
        ) : (
          <DiscussionList
            groupId={groupId}
            slug={slug}
            members={members}
            headingId={headingId}
            onCount={onDiscussionCount}
            onOpen={(id) => onMode({ type: "thread", id, focusId: null, fromList: true })}
          />
        )}
      </div>
    </div>
  );
}
