"use client";

import { useEffect, useId, useRef } from "react";
import type { AnnotationView } from "@/lib/annotations/view";
import type { Member } from "@/lib/discussion/mentions";
import { DiscussionList } from "./discussion-list";
import { ThreadView } from "./thread-view";
import { SidePanel } from "@/components/ui/side-panel";

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
    if (mode.type === "discussions" || !mode.focusId) panel.current?.querySelector<HTMLElement>("h2")?.focus({ preventScroll: true });
  }, [mode]);

  return (
    <SidePanel ref={panel} labelledBy={headingId} onClose={onClose} className="h-[88dvh] sm:h-auto sm:w-[30rem]" data-thread-drawer="">
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
    </SidePanel>
  );
}
