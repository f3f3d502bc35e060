"use client";

import Link from "next/link";
import { WeekChip } from "@/components/readings/week-chip";
import { ReadingNow } from "@/components/realtime/presence";
import { ReaderSearch } from "@/components/search/reader-search";
import type { AnnotationView } from "@/lib/annotations/view";
import { THREAD_FILTERS, type Filters, type Member, type NoteKind, type ThreadFilter } from "./filters";

const KINDS = [
  ["highlight", "Highlights"],
  ["comment", "Comments"],
  ["question", "Questions"],
] as const;

/** Above the text: whose notes and which kinds are shown, and the way to notes that lost their place. */
export function ReaderBar({
  groupId,
  groupName,
  slug,
  tags,
  members,
  me,
  filters,
  onFilters,
  counts,
  shown,
  status,
  orphanCount,
  onOrphans,
  onAllNotes,
  wide,
  placing,
  onCancelPlacing,
  discussionCount,
  onDiscussion,
}: {
  groupId: string;
  groupName: string;
  slug: string;
  tags: { tag: string; count: number }[];
  members: Member[];
  me: Member;
  filters: Filters;
  onFilters: (f: Filters) => void;
  counts: Record<NoteKind, number>;
  shown: number;
  status: "loading" | "ready" | "error";
  orphanCount: number;
  onOrphans: () => void;
  onAllNotes: () => void;
  wide: boolean;
  placing: AnnotationView | null;
  onCancelPlacing: () => void;
  discussionCount: number | null;
  onDiscussion: () => void;
}) {
  const total = counts.highlight + counts.comment + counts.question;
  return (
    <div className="-mx-2 mb-2 border-b border-rule px-2 py-2.5 font-sans text-sm">
      <div className="flex flex-wrap items-center gap-x-4 gap-y-2">
        <Link href={`/groups/${groupId}`} className="max-w-[14rem] truncate font-semibold text-accent no-underline hover:underline">
          {groupName}
        </Link>
        <WeekChip />
        <label className="flex items-center gap-1.5 text-ink-soft">
          <span className="sr-only sm:not-sr-only">Notes by</span>
          <select
            value={filters.who}
            onChange={(e) => onFilters({ ...filters, who: e.target.value })}
            className="rounded-md border border-rule bg-raised px-2 py-1 text-sm text-ink"
            aria-label="Whose notes to show"
          >
            <option value="everyone">Everyone</option>
            <option value="mine">Only me</option>
            {members
              .filter((m) => m.id !== me.id)
              .map((m) => (
                <option key={m.id} value={m.id}>
                  {m.name}
                </option>
              ))}
          </select>
        </label>
        <div role="group" aria-label="Kinds of notes shown" className="flex flex-wrap gap-1">
          {KINDS.map(([kind, label]) => (
            <button
              key={kind}
              type="button"
              aria-pressed={filters.kinds[kind]}
              onClick={() => onFilters({ ...filters, kinds: { ...filters.kinds, [kind]: !filters.kinds[kind] } })}
              className={`rounded-full border px-2.5 py-0.5 text-xs font-medium transition-colors ${
                filters.kinds[kind] ? "border-accent/40 bg-accent-soft text-ink" : "border-rule text-muted line-through decoration-1"
              }`}
            >
              {label} <span className="tabular-nums text-muted">{counts[kind]}</span>
            </button>
          ))}
        </div>
        <label className="flex items-center gap-1.5 text-ink-soft">
          <span className="sr-only">Threads</span>
          <select
            value={filters.thread}
            onChange={(e) => onFilters({ ...filters, thread: e.target.value as ThreadFilter })}
            className="rounded-md border border-rule bg-raised px-2 py-1 text-sm text-ink"
            aria-label="Which threads to show"
          >
            {THREAD_FILTERS.map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </label>
        {(tags.length > 0 || filters.tag) && (
          <label className="flex items-center gap-1.5 text-ink-soft">
            <span className="sr-only">Tag</span>
            <select
              value={filters.tag}
              onChange={(e) => onFilters({ ...filters, tag: e.target.value })}
              className="max-w-[11rem] rounded-md border border-rule bg-raised px-2 py-1 text-sm text-ink"
              aria-label="Notes with the tag"
            >
              <option value="">Any tag</option>
              {filters.tag && !tags.some((t) => t.tag === filters.tag) && <option value={filters.tag}>#{filters.tag}</option>}
              {tags.map((t) => (
                <option key={t.tag} value={t.tag}>
                  #{t.tag} ({t.count})
                </option>
              ))}
            </select>
          </label>
        )}
        {/* A row of its own, so notes arriving (and the status changing) never change the bar's height and move the text;
            the search box starts it, so the filters above fit one line on a desk. */}
        <span className="flex min-h-7 basis-full flex-wrap items-center justify-end gap-2">
          <span className="me-auto">
            <ReaderSearch groupId={groupId} slug={slug} />
          </span>
          <ReadingNow />
          <span aria-live="polite" className="text-xs text-muted">
            {status === "loading" ? "Loading notes…" : status === "ready" && total === 0 ? "No notes yet — select words to start" : status === "ready" && shown < total ? `${shown} of ${total} shown` : ""}
          </span>
          {orphanCount > 0 && (
            <button type="button" onClick={onOrphans} className="rounded-md border border-amber-300 bg-amber-50 px-2.5 py-1 text-xs font-semibold text-amber-950 hover:bg-amber-100 dark:border-amber-700 dark:bg-amber-950/40 dark:text-amber-100">
              Unplaced notes ({orphanCount})
            </button>
          )}
          <button
            type="button"
            onClick={onDiscussion}
            data-open-discussion=""
            className="rounded-md border border-rule bg-raised px-2.5 py-1 text-xs font-semibold text-ink hover:bg-accent-soft"
          >
            Discussion{discussionCount ? ` (${discussionCount})` : ""}
          </button>
          <button
            type="button"
            onClick={onAllNotes}
            title={wide ? "Every note and highlight as a list" : undefined}
            className="rounded-md border border-rule bg-raised px-2.5 py-1 text-xs font-semibold text-ink hover:bg-accent-soft"
          >
            {wide ? "List" : "Notes"}
          </button>
        </span>
      </div>
      {placing && (
        <p role="status" className="mt-2 flex flex-wrap items-center gap-2 rounded-md bg-accent-soft px-3 py-2 text-xs text-ink">
          <span>
            Placing a note on “<span className="italic">{placing.quote.exact.slice(0, 80)}</span>”: select the words it belongs to.
          </span>
          <button type="button" className="font-semibold underline" onClick={onCancelPlacing}>
            Cancel
          </button>
        </p>
      )}
    </div>
  );
}
