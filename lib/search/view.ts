// What a search answers: plain data, safe to import in the browser.

export type SearchResultType = "note" | "reply" | "passage";

export type SearchResult = {
  type: SearchResultType;
  id: string;
  textSlug: string;
  textTitle: string;
  /** Plain text (never HTML): the words around what matched. */
  snippet: string;
  /** The matched words in the snippet, as [start, end) offsets in UTF-16 code units. */
  marks: [number, number][];
  /** The passage in the reader, or the thread opened on it. */
  href: string;
  /** For notes and replies: its kind, its thread's kind, who wrote it and when, its tags. */
  kind: "highlight" | "comment" | "question" | "reply" | null;
  threadKind: "highlight" | "comment" | "question" | null;
  author: { id: string; name: string } | null;
  createdAt: string | null;
  tags: string[];
  private: boolean;
};

/**
 * `capped`: the words matched more notes than are ranked (the newest CANDIDATES of them,
 * lib/search/search.ts); more words or a filter look further back.
 */
export type SearchPage = { results: SearchResult[]; nextCursor: string | null; capped?: boolean };

export type TagCount = { tag: string; count: number };
