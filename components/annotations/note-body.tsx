import Markdown, { defaultUrlTransform } from "react-markdown";
import type { Element, ElementContent, Root } from "hast";
import { splitMentions, type Member } from "@/lib/discussion/mentions";

// A small, safe subset of Markdown for notes: emphasis, links, quotes, lists and
// inline code. react-markdown builds React elements (never innerHTML); raw HTML in a
// note is shown as the text it is, anything outside the list below is unwrapped to
// its text, and links go only to http(s) and mailto — so a note can't inject markup
// or run script. Mentions of members become marked names.
const ALLOWED = ["p", "em", "strong", "a", "blockquote", "ul", "ol", "li", "code", "br", "del", "span"];

function safeUrl(url: string): string {
  const cleaned = defaultUrlTransform(url);
  return /^(https?:|mailto:)/i.test(cleaned) ? cleaned : "";
}

/** A rehype step: "@Name" of the note's mentioned members, outside code and links, becomes a marked span. */
function markMentions(people: readonly Member[]) {
  const walk = (node: Root | Element) => {
    node.children = node.children.flatMap((child): ElementContent[] => {
      if (child.type === "element") {
        if (child.tagName !== "code" && child.tagName !== "a") walk(child);
        return [child];
      }
      if (child.type !== "text") return child.type === "comment" ? [] : [child as ElementContent];
      return splitMentions(child.value, people).map((piece) =>
        "person" in piece
          ? { type: "element", tagName: "span", properties: { dataMention: piece.person.id }, children: [{ type: "text", value: piece.text }] }
          : { type: "text", value: piece.text },
      );
    }) as Root["children"] & Element["children"];
  };
  return () => (tree: Root) => walk(tree);
}

export function NoteBody({ body, mentions = [] }: { body: string; mentions?: readonly Member[] }) {
  return (
    <div className="note-body">
      <Markdown
        allowedElements={ALLOWED}
        unwrapDisallowed
        urlTransform={safeUrl}
        rehypePlugins={mentions.length ? [markMentions(mentions)] : []}
        components={{
          a: ({ href, children }) =>
            href ? (
              <a href={href} target="_blank" rel="noopener noreferrer nofollow ugc">
                {children}
              </a>
            ) : (
              <span>{children}</span>
            ),
          span: ({ node, children }) =>
            node?.properties?.dataMention ? (
              <span data-mention="" className="rounded bg-accent-soft px-0.5 font-semibold text-accent">
                {children}
              </span>
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
