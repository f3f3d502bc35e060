// ts_headline marks the matched words with two control characters (which note bodies and
// texts never hold: both refuse control characters, and the query strips them anyway);
// here they become offsets, so the snippet travels as plain text and the page renders each
// mark as a <mark> element. No HTML is ever made from a note's words.

export const MARK_START = "\u0002";
export const MARK_END = "\u0003";

const MARKDOWN = /\*\*|__|[*`]|^>\s?|\\(?=[\\*_`#[\]()>-])/gmu;

/** The headline as plain text and the ranges of its marked words. */
export function readHeadline(headline: string): { snippet: string; marks: [number, number][] } {
  let snippet = "";
  const marks: [number, number][] = [];
  let open: number | null = null;
  for (const part of headline.replace(MARKDOWN, "").replace(/\s+/gu, " ").trim().split(/([\u0002\u0003])/u)) {
    if (part === MARK_START) open ??= snippet.length;
    else if (part === MARK_END) {
      if (open !== null && snippet.length > open) {
        const last = marks.at(-1);
        // Words marked one after another ("dual power") read as one mark.
        if (last && /^\s*$/u.test(snippet.slice(last[1], open))) last[1] = snippet.length;
        else marks.push([open, snippet.length]);
      }
      open = null;
    } else snippet += part;
  }
  return { snippet, marks };
}

/** The snippet cut into plain and marked pieces, for rendering. */
export function snippetPieces(snippet: string, marks: readonly [number, number][]): { text: string; marked: boolean }[] {
  const pieces: { text: string; marked: boolean }[] = [];
  let at = 0;
  for (const [start, end] of marks) {
    if (start < at || end > snippet.length || end <= start) continue;
    if (start > at) pieces.push({ text: snippet.slice(at, start), marked: false });
    pieces.push({ text: snippet.slice(start, end), marked: true });
    at = end;
  }
  if (at < snippet.length) pieces.push({ text: snippet.slice(at), marked: false });
  return pieces;
}
