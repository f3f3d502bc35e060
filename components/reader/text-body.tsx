import { Fragment } from "react";
import type { ReadingBlock } from "@/lib/library/queries";
import { InlineContent } from "./inline-content";

/**
 * A week of the group's schedule over the text: blocks outside its range are dimmed,
 * its first and last blocks marked, and its prompts set after the blocks they are pinned to.
 */
export type WeekMarks = { inRange: Set<string>; startId: string | null; endId: string | null; after: Record<string, React.ReactNode> };

function weekAttrs(id: string, week: WeekMarks | undefined) {
  if (!week) return {};
  return {
    ...(week.inRange.has(id) ? {} : { "data-outside": "" }),
    ...(week.startId === id ? { "data-week-start": "" } : {}),
    ...(week.endId === id ? { "data-week-end": "" } : {}),
  };
}

type Run = { kind: "single"; block: ReadingBlock } | { kind: "quote" | "list"; blocks: ReadingBlock[] };

/** Consecutive quote paragraphs, or items of one list, share a container element. */
function runs(blocks: ReadingBlock[]): Run[] {
  const out: Run[] = [];
  for (const block of blocks) {
    const container = block.kind === "quote" ? "quote" : block.kind === "listItem" ? "list" : null;
    const last = out.at(-1);
    if (container && last && last.kind === container && last.blocks[0]?.attrs.group === block.attrs.group) {
      last.blocks.push(block);
    } else if (container) {
      out.push({ kind: container, blocks: [block] });
    } else {
      out.push({ kind: "single", block });
    }
  }
  return out;
}

/**
 * The text, one element per block with the block's id, so `#<block-id>` deep-links
 * to it and annotations can find it. Footnotes go in their own list at the end.
 */
export function TextBody({ blocks, annotatable = false, week }: { blocks: ReadingBlock[]; annotatable?: boolean; week?: WeekMarks }) {
  const after = (ids: string[]) => (week ? ids.map((id) => week.after[id]).filter(Boolean) : null);
  const body = blocks.filter((b) => b.kind !== "footnote");
  const notes = blocks.filter((b) => b.kind === "footnote");
  return (
    <>
      {runs(body).map((run) => {
        if (run.kind === "single")
          return (
            <Fragment key={run.block.id}>
              <SingleBlock block={run.block} annotatable={annotatable} week={week} />
              {after([run.block.id])}
            </Fragment>
          );
        if (run.kind === "quote")
          return (
            <Fragment key={run.blocks[0]!.id}>
            <blockquote>
              {run.blocks.map((b) => (
                <p key={b.id} id={b.id} data-block="" {...weekAttrs(b.id, week)}>
                  {annotatable && <ParaNote />}
                  <InlineContent content={b.content} />
                </p>
              ))}
            </blockquote>
            {after(run.blocks.map((b) => b.id))}
            </Fragment>
          );
        return (
          <Fragment key={run.blocks[0]!.id}>
            <List items={run.blocks} annotatable={annotatable} week={week} />
            {after(run.blocks.map((b) => b.id))}
          </Fragment>
        );
      })}
      {notes.length > 0 && (
        <section aria-labelledby="footnotes-heading" className="footnotes mt-16 border-t border-rule pt-6">
          <h2 id="footnotes-heading" className="!mt-0 font-sans !text-sm font-semibold uppercase tracking-wider text-muted">
            Notes
          </h2>
          <ol>
            {notes.map((note) => (
              <li
                key={note.id}
                id={note.id}
                data-block=""
                value={Number(note.attrs.label) || undefined}
                {...(note.attrs.continuation ? { "data-continuation": "" } : {})}
              >
                {annotatable && <ParaNote />}
                <InlineContent content={note.content} />
                {note.attrs.backrefs?.map((ref, i) => (
                  <a key={ref} href={`#${ref}`} data-anchor-skip="" className="footnote-back" aria-label={`Back to the text${i ? ` (${i + 1})` : ""}`}>
                    ↩
                  </a>
                ))}
              </li>
            ))}
          </ol>
        </section>
      )}
    </>
  );
}

function SingleBlock({ block, annotatable, week }: { block: ReadingBlock; annotatable: boolean; week?: WeekMarks }) {
  const marks = weekAttrs(block.id, week);
  const content = (
    <>
      {annotatable && <ParaNote />}
      <InlineContent content={block.content} />
    </>
  );
  switch (block.kind) {
    case "heading": {
      // The page title is the h1; the text's own headings start at h2.
      const Tag = (["h2", "h3", "h4", "h5", "h6"] as const)[Math.min(4, Math.max(0, block.level - 2))]!;
      return (
        <Tag id={block.id} data-block="" {...marks}>
          {content}
        </Tag>
      );
    }
    case "rule":
      return <hr id={block.id} data-block="" {...marks} />;
    default:
      return (
        <p id={block.id} data-block="" {...marks}>
          {content}
        </p>
      );
  }
}

function List({ items, annotatable, week }: { items: ReadingBlock[]; annotatable: boolean; week?: WeekMarks }) {
  const ordered = items[0]?.attrs.ordered;
  const Tag = ordered ? "ol" : "ul";
  return (
    <Tag start={ordered ? items[0]?.attrs.number : undefined}>
      {items.map((item) => (
        <li
          key={item.id}
          id={item.id}
          data-block=""
          {...weekAttrs(item.id, week)}
          value={item.attrs.number}
          style={item.level ? { marginInlineStart: `${item.level * 1.5}em` } : undefined}
          {...(item.attrs.continuation ? { "data-continuation": "" } : {})}
        >
          {annotatable && <ParaNote />}
          <InlineContent content={item.content} />
        </li>
      ))}
    </Tag>
  );
}

/**
 * "Comment on this paragraph", for people who annotate without selecting text. It is
 * wired up by the group's reader (components/annotations), which listens for clicks
 * on data-para-note; data-anchor-skip keeps it out of the paragraph's offsets.
 */
function ParaNote() {
  return (
    <button type="button" className="para-note" data-para-note="" data-anchor-skip="" aria-label="Comment on this paragraph">
      <svg aria-hidden="true" viewBox="0 0 20 20" width="16" height="16" fill="none" stroke="currentColor" strokeWidth="1.6">
        <path d="M4 4.5h12a1 1 0 0 1 1 1v7a1 1 0 0 1-1 1H9l-3.5 3v-3H4a1 1 0 0 1-1-1v-7a1 1 0 0 1 1-1Z" strokeLinejoin="round" />
        <path d="M10 7v4M8 9h4" strokeLinecap="round" />
      </svg>
    </button>
  );
}
