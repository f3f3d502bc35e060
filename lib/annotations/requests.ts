// What the browser sends of notes and replies, and how an item waits in the browser's
// outbox until it can be sent (components/annotations/outbox.ts). Plain data, imported by
// the browser only; the server's checks of the same requests are in ./schemas.ts.
import type { AnnotationView } from "./view";

export type NewAnnotation = {
  id: string;
  text: string;
  kind: AnnotationView["kind"];
  color?: string;
  body?: string;
  visibility?: AnnotationView["visibility"];
  /** The tag field (lower case, without #). */
  tags?: string[];
  anchor: { versionId: string; startBlockId: string; startOffset: number; endBlockId: string; endOffset: number; exact: string };
};

/** A change to a note or reply, made on `revision` (an edit made on an older copy is refused). */
export type EditPatch = { revision: number; body?: string; kind?: string; color?: string; visibility?: string; tags?: string[] };

/** A reply waiting to be sent (stored before notes could wait too, hence no `type` needed). */
export type PendingReply = { type?: "reply"; id: string; groupId: string; parentId: string; threadId: string; body: string; at: number };
/** A note or highlight waiting to be sent: the request as it would have gone. */
export type PendingNote = { type: "note"; id: string; groupId: string; input: NewAnnotation; at: number };
/** An edit of a note or reply waiting to be sent (`id` is the note's). */
export type PendingEdit = { type: "edit"; id: string; groupId: string; threadId: string | null; patch: EditPatch; at: number };
export type Pending = PendingReply | PendingNote | PendingEdit;
/** An item the outbox is done with: saved (with what the server keeps), or refused (with why). */
export type OutboxSent = { pending: Pending; saved: AnnotationView | null; error: string | null };
