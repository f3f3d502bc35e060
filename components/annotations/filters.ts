// What the margin shows: the reader bar's choices (whose notes, which kinds, which threads,
// which tag) and the tests a note passes to be shown. Plain functions, tested without a browser.
import { isOpenQuestion, type AnnotationView } from "@/lib/annotations/view";

export type { Member } from "@/lib/discussion/mentions";

export type NoteKind = Exclude<AnnotationView["kind"], "reply">;
export const THREAD_FILTERS = [
  ["all", "All threads"],
  ["open", "Open questions"],
  ["unanswered", "Unanswered"],
  ["pinned", "Pinned"],
  ["meeting", "For the meeting"],
] as const;
export type ThreadFilter = (typeof THREAD_FILTERS)[number][0];
/** `who`: "everyone", "mine" or a member's id. `tag`: only notes with this tag ("" for every note). */
export type Filters = { who: "everyone" | "mine" | string; kinds: Record<NoteKind, boolean>; thread: ThreadFilter; tag: string };

/** What the reader bar starts with: every note of every kind. */
export const ALL_NOTES: Filters = { who: "everyone", kinds: { highlight: true, comment: true, question: true }, thread: "all", tag: "" };

/** The tags of these notes, with how many carry each: most used first. */
export function tagCounts(notes: readonly AnnotationView[]): { tag: string; count: number }[] {
  const counts = new Map<string, number>();
  for (const n of notes) for (const t of n.tags ?? []) counts.set(t, (counts.get(t) ?? 0) + 1);
  return [...counts].map(([tag, count]) => ({ tag, count })).sort((a, b) => b.count - a.count || (a.tag < b.tag ? -1 : 1));
}

/** Whether a thread's first note passes the thread filter. */
export function threadMatches(note: AnnotationView, filter: ThreadFilter): boolean {
  switch (filter) {
    case "all":
      return true;
    case "open":
      return isOpenQuestion(note);
    case "unanswered":
      return note.kind !== "highlight" && note.replyCount === 0 && !note.resolved && !note.deleted;
    case "pinned":
      return note.pinned;
    case "meeting":
      return note.forMeeting;
  }
}

/** Whether a note is shown in the margin under these filters, for the reader `meId` (replies never are: they live in threads). */
export function noteShown(note: AnnotationView, filters: Filters, meId: string): boolean {
  return (
    note.kind !== "reply" &&
    filters.kinds[note.kind] &&
    threadMatches(note, filters.thread) &&
    (!filters.tag || (note.tags ?? []).includes(filters.tag)) &&
    (filters.who === "everyone" || (filters.who === "mine" ? note.author.id === meId : note.author.id === filters.who))
  );
}
