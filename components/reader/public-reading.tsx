import { ReadingProgress } from "./reading-progress";
import { TableOfContents } from "./table-of-contents";
import { ReadingArticle } from "./reading-article";
import type { ReadingText } from "@/lib/library/queries";
import type { ChapterView } from "./chapter-view";

/** A shared library text (or one chapter of a long one) as anyone reads it, without notes. */
export function PublicReading({ text, chapter }: { text: ReadingText; chapter?: ChapterView | null }) {
  const shown = chapter?.text ?? text;
  const hasNotes = shown.blocks.some((b) => b.kind === "footnote");
  return (
    <div className="mx-auto grid max-w-7xl grid-cols-1 gap-x-12 px-5 pb-24 sm:px-8 xl:grid-cols-[13rem_minmax(0,40rem)_17rem]">
      <aside className="pt-6 xl:pt-24">
        <TableOfContents entries={chapter?.toc ?? shown.toc} hasNotes={hasNotes} chapters={chapter?.links} current={chapter?.current.n} />
      </aside>

      <main id="main" tabIndex={-1} className="min-w-0 outline-none">
        <ReadingProgress targetId="reading" />
        <ReadingArticle text={shown} chapter={chapter ?? undefined} />
      </main>

      {/* The right margin is kept free for the group's notes. */}
      <div aria-hidden="true" className="hidden xl:block" />
    </div>
  );
}
