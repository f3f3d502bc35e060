// The shape of one event of a group's log, as the server reads it and the stream sends it
// (plain data: imported by the server and by the browser).
import type { AnnotationView } from "@/lib/annotations/view";
import type { StreamEventKind } from "./event-kinds";

export type LogEvent = {
  seq: number;
  kind: string;
  textId: string | null;
  annotationId: string | null;
  threadId: string | null;
  readingId: string | null;
  actorId: string | null;
  onlyUserId: string | null;
};

/** An event as a reader receives it from the stream: the log's fields, and the note or reply when they may see it. */
export type GroupEvent = Omit<LogEvent, "onlyUserId" | "kind"> & { kind: StreamEventKind; annotation?: AnnotationView & { textSlug: string } };
