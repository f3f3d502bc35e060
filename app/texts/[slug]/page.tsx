import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getReadingText } from "@/lib/library/queries";
import { ReadingProgress } from "@/components/reader/reading-progress";
import { TableOfContents } from "@/components/reader/table-of-contents";
import { ReadingArticle } from "@/components/reader/reading-article";

// Rendered on the first request for each text, then served from the in-memory
// cache (see next.config.ts): no database work on a warm reading page.
export const revalidate = false;
export const dynamicParams = true;
export function generateStaticParams() {
  // Nothing at build time: the build must not need a database.
  return [];
}

type Props = { params: Promise<{ slug: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const text = await getReadingText((await params).slug);
  if (!text) return { title: "Text not found" };
  return {
    title: text.title,
    description: [text.author, text.year].filter(Boolean).join(", ") || undefined,
  };
}

export default async function ReadingPage({ params }: Props) {
  const text = await getReadingText((await params).slug);
  if (!text) notFound();
  const hasNotes = text.blocks.some((b) => b.kind === "footnote");
  return (
    <>
      <div className="mx-auto grid max-w-7xl grid-cols-1 gap-x-12 px-5 pb-24 sm:px-8 xl:grid-cols-[13rem_minmax(0,40rem)_17rem]">
        <aside className="pt-6 xl:pt-24">
          <TableOfContents entries={text.toc} hasNotes={hasNotes} />
        </aside>

        <main id="main" tabIndex={-1} className="min-w-0 outline-none">
          <ReadingProgress targetId="reading" />
          <ReadingArticle text={text} />
        </main>

        {/* The right margin is kept free for the group's notes. */}
        <div aria-hidden="true" className="hidden xl:block" />
      </div>
    </>
  );
}

