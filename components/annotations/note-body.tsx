import Markdown, { defaultUrlTransform } from "react-markdown";

// A small, safe subset of Markdown for notes: emphasis, links, quotes, lists and
// inline code. react-markdown builds React elements (never innerHTML); raw HTML in a
// note is shown as the text it is, anything outside the list below is unwrapped to
// its text, and links go only to http(s) and mailto — so a note can't inject markup
// or run script.
const ALLOWED = ["p", "em", "strong", "a", "blockquote", "ul", "ol", "li", "code", "br", "del"];

function safeUrl(url: string): string {
  const cleaned = defaultUrlTransform(url);
  return /^(https?:|mailto:)/i.test(cleaned) ? cleaned : "";
}

export function NoteBody({ body }: { body: string }) {
  return (
    <div className="note-body">
      <Markdown
        allowedElements={ALLOWED}
        unwrapDisallowed
        urlTransform={safeUrl}
        components={{
          a: ({ href, children }) =>
            href ? (
              <a href={href} target="_blank" rel="noopener noreferrer nofollow ugc">
                {children}
              </a>
            ) : (
              <span>{children}</span>
            ),
        }}
      >
        {body}
      </Markdown>
    </div>
  );
}
