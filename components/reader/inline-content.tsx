import type { Inline } from "@/lib/content/blocks";
import { footnoteSlug } from "@/lib/content/ids";

/**
 * Renders a block's inline tree as React elements — never as HTML strings, so
 * nothing in a text can inject markup. Footnote labels carry data-anchor-skip:
 * they are not part of the block's text, and anchoring skips them when counting.
 */
export function InlineContent({ content }: { content: Inline[] }) {
  return content.map((inline, index) => <InlineNode key={index} inline={inline} />);
}

function InlineNode({ inline }: { inline: Inline }) {
  switch (inline.type) {
    case "text":
      return inline.value;
    case "emphasis":
      return (
        <em>
          <InlineContent content={inline.children} />
        </em>
      );
    case "strong":
      return (
        <strong>
          <InlineContent content={inline.children} />
        </strong>
      );
    case "delete":
      return (
        <del>
          <InlineContent content={inline.children} />
        </del>
      );
    case "code":
      return <code>{inline.value}</code>;
    case "break":
      return <br />;
    case "link": {
      const external = /^https?:/i.test(inline.url);
      return (
        <a href={inline.url} {...(external ? { rel: "noopener noreferrer", target: "_blank" } : {})}>
          <InlineContent content={inline.children} />
        </a>
      );
    }
    case "footnoteRef":
      return (
        <sup data-anchor-skip="">
          <a
            id={inline.refId}
            href={`#fn-${footnoteSlug(inline.label)}`}
            className="footnote-ref"
            aria-label={`Note ${inline.label}`}
            aria-describedby="footnotes-heading"
          >
            {inline.label}
          </a>
        </sup>
      );
  }
}
