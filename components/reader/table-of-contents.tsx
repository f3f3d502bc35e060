type Entry = { id: string; level: number; title: string };

/** Headings of the text as links; a collapsible list on narrow screens, a sticky column on wide ones. */
export function TableOfContents({ entries, hasNotes }: { entries: Entry[]; hasNotes: boolean }) {
  if (entries.length === 0 && !hasNotes) return null;
  const list = (
    <ol className="space-y-1.5 text-sm leading-snug">
      {entries.map((entry) => (
        <li key={entry.id} style={{ paddingInlineStart: `${Math.max(0, entry.level - 2) * 0.85}rem` }}>
          <a href={`#${entry.id}`} className="block rounded py-0.5 text-muted no-underline hover:text-ink">
            {entry.title}
          </a>
        </li>
      ))}
      {hasNotes && (
        <li>
          <a href="#footnotes-heading" className="block rounded py-0.5 text-muted no-underline hover:text-ink">
            Notes
          </a>
        </li>
      )}
    </ol>
  );
  return (
    <>
      <details className="mb-8 rounded-lg border border-rule px-4 py-3 xl:hidden print:hidden">
        <summary className="cursor-pointer text-sm font-medium text-ink-soft">Contents</summary>
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
