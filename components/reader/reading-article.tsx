import Link from "next/link";
import type { ReadingText } from "@/lib/library/queries";
import { InlineContent } from "./inline-content";
import { TextBody, type WeekMarks } from "./text-body";
import { ChapterHeader, ChapterPager } from "./chapter-nav";
import type { ChapterView } from "./chapter-view";

function readingTime(minutes: number) {
  if (minutes < 90) return `about ${minutes} min read`;
  const hours = Math.round(minutes / 30) / 2;
  return `about ${hours.toLocaleString("en")} hours’ reading`;
}

/**
 * A text as it is read: title, byline, the blocks, and what is known of its source.
 * The same on the public page and in a group's reader (where it is annotatable).
 */
export function ReadingArticle({
  text,
  annotatable = false,
  backLink,
  week,
  banner,
  chapter,
}: {
  text: ReadingText;
  annotatable?: boolean;
  backLink?: { href: string; label: string };
  week?: WeekMarks;
  /** Shown under the byline: the week's reading, due date and progress. */
  banner?: React.ReactNode;
  /** One chapter of a long text: the text's blocks are that chapter's. */
  chapter?: ChapterView;
}) {
  // A note on the title itself (an editor's note marker before the first words)
  // is shown after the title rather than as a paragraph of its own.
  const first = text.blocks[0];
  const titleNote =
    first?.kind === "paragraph" &&
    first.content.every((c) => c.type === "footnoteRef" || (c.type === "text" && !c.value.trim()))
      ? first
      : null;
  const body = titleNote ? text.blocks.slice(1) : text.blocks;
  const byline = [text.author, text.year].filter(Boolean).join(" · ");

  return (
      <article id="reading" aria-labelledby="text-title" lang="en">
        <header className="pb-10 pt-4 xl:pt-20">
          <p className="mb-4 text-xs font-semibold uppercase tracking-[0.14em] text-accent">
            <Link href={backLink?.href ?? "/"} className="no-underline hover:underline">
              {backLink?.label ?? "Library"}
            </Link>
          </p>
          <h1 id="text-title" className="font-serif text-[2.1rem] font-semibold leading-[1.15] tracking-tight text-balance sm:text-[2.6rem]">
            {text.title}
            {titleNote && <InlineContent content={titleNote.content} />}
          </h1>
          {text.titleEditorial && (
            <p className="mt-2 text-sm italic text-muted">Title supplied by the editors; the document has none.</p>
          )}
          {byline && <p className="mt-4 font-serif text-lg text-ink-soft">{byline}</p>}
          <p className="mt-3 text-sm text-muted">
            {text.wordCount.toLocaleString("en")} words{chapter ? ` in ${chapter.links.length} chapters` : ""} · {readingTime(text.minutes)}
          </p>
          {chapter && <ChapterHeader current={chapter.current} count={chapter.links.length} />}
          {banner}
        </header>

        <div className="prose-reading max-w-[65ch]">
          <TextBody blocks={body} annotatable={annotatable} week={week} />
        </div>

        {chapter && <ChapterPager prev={chapter.prev} next={chapter.next} />}

        <footer className="mt-16 border-t border-rule pt-6 text-sm leading-relaxed text-muted">
          <h2 className="mb-2 font-semibold text-ink-soft">About this text</h2>
          <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1">
            {text.published && <Fact term="Published">{text.published}</Fact>}
            {text.source && <Fact term="Source">{linkIfUrl(text.source)}</Fact>}
            {text.licence && <Fact term="Licence">{text.licence}</Fact>}
            {text.credits.length > 0 && <Fact term="Credits">{text.credits.join("; ")}</Fact>}
            <Fact term="Version">{text.versionNumber}</Fact>
          </dl>
        </footer>
      </article>
  );
}
function Fact({ term, children }: { term: string; children: React.ReactNode }) {
  return (
    <>
      <dt className="font-medium text-ink-soft">{term}</dt>
      <dd className="min-w-0">{children}</dd>
    </>
  );
}

function linkIfUrl(value: string) {
  return /^https?:\/\/\S+$/.test(value) ? (
    <a href={value} rel="noopener noreferrer" className="break-all text-accent">
      {value}
    </a>
  ) : (
    value
  );
}
