import Link from "next/link";

export type ChapterLink = { n: number; title: string; href: string; words: number };

/** Where this chapter sits in the book, under the byline. */
export function ChapterHeader({ current, count }: { current: ChapterLink; count: number }) {
  return (
    <p className="mt-5 text-sm text-ink-soft" data-chapter={current.n}>
      <span className="font-semibold uppercase tracking-wider text-accent">
        Chapter {current.n} of {count}
      </span>
      <span className="text-muted"> · {current.words.toLocaleString("en")} words</span>
    </p>
  );
}

/** The previous and next chapters, after the chapter's last paragraph. */
export function ChapterPager({ prev, next }: { prev: ChapterLink | null; next: ChapterLink | null }) {
  if (!prev && !next) return null;
  return (
    <nav aria-label="Chapters" className="no-print mt-14 grid gap-3 border-t border-rule pt-6 sm:grid-cols-2">
      {prev ? (
        <Link href={prev.href} rel="prev" className="group rounded-lg border border-rule px-4 py-3 no-underline hover:border-accent">
          <span className="block text-xs font-semibold uppercase tracking-wider text-muted">← Previous chapter</span>
          <span className="mt-1 block font-serif text-base text-ink group-hover:text-accent">{prev.title}</span>
        </Link>
      ) : (
        <span aria-hidden="true" />
      )}
      {next && (
        <Link href={next.href} rel="next" className="group rounded-lg border border-rule px-4 py-3 text-end no-underline hover:border-accent">
          <span className="block text-xs font-semibold uppercase tracking-wider text-muted">Next chapter →</span>
          <span className="mt-1 block font-serif text-base text-ink group-hover:text-accent">{next.title}</span>
        </Link>
      )}
    </nav>
  );
}
