import { snippetPieces } from "@/lib/search/snippet";

/** A result's words, with what matched in <mark>: text nodes only, never HTML from the server. */
export function Snippet({ text, marks, className = "" }: { text: string; marks: [number, number][]; className?: string }) {
  return (
    <span className={className}>
      {snippetPieces(text, marks).map((piece, i) =>
        piece.marked ? (
          <mark key={i} className="search-mark">
            {piece.text}
          </mark>
        ) : (
          <span key={i}>{piece.text}</span>
        ),
      )}
    </span>
  );
}
