// What the reader and the API show of a note: plain data, safe to import in the browser.

export type AnnotationKind = "highlight" | "comment" | "question";

export type AnnotationView = {
  id: string;
  kind: AnnotationKind;
  color: string | null;
  body: string;
  visibility: "group" | "private";
  author: { id: string; name: string };
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
};
