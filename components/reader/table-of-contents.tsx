import Link from "next/link";
import type { ChapterLink } from "./chapter-nav";

type Entry = { id: string; level: number; title: string };

/**
 * Headings of the text as links; a collapsible list on narrow screens, a sticky column on
 * wide ones. A long text read a chapter at a time lists its chapters, with the headings
 * of the chapter on the page under the current one.
 */
export function TableOfContents({
  entries,
  hasNotes,
  chapters,
  current,
}: {
  entries: Entry[];
  hasNotes: boolean;
  chapters?: ChapterLink[];
  current?: number;
}) {
  if (entries.length === 0 && !hasNotes && !chapters) return null;
  const headings = (list: Entry[], base: number) =>
    list.map((entry) => (
      <li key={entry.id} style={{ paddingInlineStart: `${Math.max(0, entry.level - base) * 0.85}rem` }}>
        <a href={`#${entry.id}`} className="block rounded py-0.5 text-muted no-underline hover:text-ink">
          {entry.title}
        </a>
      </li>
    ));
  const notesLink = hasNotes && (
    <li>
      <a href="#footnotes-heading" className="block rounded py-0.5 text-muted no-underline hover:text-ink">
        Notes
      </a>
    </li>
  );
  const list = chapters ? (
    <ol className="space-y-1.5 text-sm leading-snug">
      {chapters.map((chapter) => {
        const here = chapter.n === current;
        // Under the chapter on the page: the headings inside it.
        const inside = here ? entries : [];
        const base = inside.length ? Math.min(...inside.map((e) => e.level)) : 0;
        return (
          <li key={chapter.n}>
            <Link
              href={chapter.href}
              aria-current={here ? "page" : undefined}
              className={`block rounded py-0.5 no-underline hover:text-ink ${here ? "font-semibold text-ink" : "text-muted"}`}
            >
              {chapter.title}
            </Link>
            {here && (inside.length > 0 || hasNotes) && (
              <ol className="mb-1 mt-1 space-y-1 border-s border-rule ps-3">
                {headings(inside, base)}
                {notesLink}
              </ol>
            )}
          </li>
        );
      })}
    </ol>
  ) : (
    <ol className="space-y-1.5 text-sm leading-snug">
      {headings(entries, 2)}
      {notesLink}
    </ol>
  );
  return (
    <>
      <details className="mb-8 rounded-lg border border-rule px-4 py-3 xl:hidden print:hidden">
        <summary className="cursor-pointer text-sm font-medium text-ink-soft">{chapters ? `Contents · ${chapters.length} chapters` : "Contents"}</summary>
        <nav aria-label="Contents" className="mt-3">
          {list}
        </nav>
      </details>
      <nav
        aria-label="Table of contents"
        className="sticky top-20 hidden max-h-[calc(100dvh-7rem)] overflow-y-auto pr-4 xl:block print:hidden"
      >
        <p className="mb-3 text-xs font-semibold uppercase tracking-wider text-muted">Contents</p>
        {list}
      </nav>
    </>
  );
}
