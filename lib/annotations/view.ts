// What the reader and the API show of a note: plain data, safe to import in the browser.

export type AnnotationKind = "highlight" | "comment" | "question" | "reply";

export const REACTION_KINDS = ["agree", "same", "insightful", "heart", "laugh", "thinking"] as const;
export type ReactionKind = (typeof REACTION_KINDS)[number];

export type Person = { id: string; name: string };

export type AnnotationView = {
  id: string;
  kind: AnnotationKind;
  color: string | null;
  body: string;
  visibility: "group" | "private";
  author: Person;
  createdAt: string;
  editedAt: string | null;
  revision: number;
  /** Hidden from the group by a facilitator; only its author and facilitators see it. */
  hidden: boolean;
  anchorState: "exact" | "moved" | "orphan";
  versionId: string;
  /** Null for an orphan: its quote is kept, its place is not known. */
  position: { startBlockId: string; startOffset: number; endBlockId: string; endOffset: number } | null;
  quote: { exact: string; prefix: string; suffix: string };
  /** A thread on words of the text, or a titled discussion of the text as a whole. */
  target: "passage" | "text";
  title: string | null;
  /** An answer to a facilitator's prompt (a discussion of the text as a whole). */
  promptId: string | null;
  /** For a reply: what it answers, and the note that starts its thread. */
  parentId: string | null;
  threadId: string | null;
  /** Deleted (or hidden) but kept in its thread because it has replies: no body, no author's words. */
  deleted: boolean;
  /** Replies this person can see (on a thread's first note). */
  replyCount: number;
  /** On a thread's first note: the reply marked as the answer, and facilitators' marks. */
  answerId: string | null;
  resolved: boolean;
  pinned: boolean;
  forMeeting: boolean;
  /** Every tag: the tag field's and the #tags in the body (lower case, sorted). */
  tags: string[];
  /** What the author typed in the tag field. */
  fieldTags: string[];
  /** Members named with @ in the body. */
  mentions: Person[];
  reactions: { kind: ReactionKind; people: Person[] }[];
  /** Brought in from a file (docs/import.md): where from, and who wrote it there and when. Null (or absent, on a note the browser has just made) for notes written here. */
  imported?: ImportedFrom | null;
};

/** The attribution an imported note keeps; `author` is then the facilitator who imported it. */
export type ImportedFrom = { source: "study-circle" | "hypothesis"; authorName: string | null; createdAt: string | null };

/** A question is open until an answer is marked or it is resolved. */
export const isOpenQuestion = (note: AnnotationView) => note.kind === "question" && !note.resolved && note.answerId === null;
