// The kinds of event in a group's log, listed once: what the server records
// (lib/realtime/events.ts), how the stream renames them for each reader
// (lib/realtime/stream.ts), and what the browser listens for
// (components/realtime/use-group-events.ts). Plain data, imported on both sides: a new
// kind is added here and nowhere else.

/** What the server records, one kind for each sort of change to group data. */
export const EVENT_KINDS = [
  "annotation.created",
  "annotation.updated",
  // Changes that take a note out of some readers' view: the stream tells those readers it
  // is gone and the others that it was updated.
  "annotation.hidden",
  "annotation.unshared",
  "annotation.deleted",
  "reaction",
  "thread.updated",
  "reading.created",
  "reading.updated",
  "reading.deleted",
] as const;
export type EventKind = (typeof EVENT_KINDS)[number];

/** The recorded kinds that take a note out of some readers' view, and the change each undoes to ask who saw it before. */
export const NARROWING_KINDS = { "annotation.hidden": "hiding", "annotation.unshared": "unsharing" } as const satisfies Partial<Record<EventKind, string>>;
type NarrowingKind = keyof typeof NARROWING_KINDS;

/** A note left this reader's view: they learn its id and its thread's, nothing else. */
export const GONE = "annotation.gone";

/** What a reader hears: the recorded kinds (a narrowing one sent as "annotation.updated" to those who still see the note), and GONE. */
export type StreamEventKind = Exclude<EventKind, NarrowingKind> | typeof GONE;
export const STREAM_EVENT_KINDS: readonly StreamEventKind[] = [
  ...EVENT_KINDS.filter((kind): kind is Exclude<EventKind, NarrowingKind> => !isNarrowing(kind)),
  GONE,
];

export function isNarrowing(kind: string): kind is NarrowingKind {
  return Object.hasOwn(NARROWING_KINDS, kind);
}

/** Whether a kind is about the schedule (a week planned, changed or removed). */
export const isReadingKind = (kind: string): kind is "reading.created" | "reading.updated" | "reading.deleted" => kind.startsWith("reading.");
