import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getReadingText } from "@/lib/library/queries";
import { ReadingProgress } from "@/components/reader/reading-progress";
import { TableOfContents } from "@/components/reader/table-of-contents";
import { TextBody } from "@/components/reader/text-body";
import { InlineContent } from "@/components/reader/inline-content";

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
    <>
      <div className="mx-auto grid max-w-7xl grid-cols-1 gap-x-12 px-5 pb-24 sm:px-8 xl:grid-cols-[13rem_minmax(0,40rem)_17rem]">
        <aside className="pt-6 xl:pt-24">
          <TableOfContents entries={text.toc} hasNotes={hasNotes} />
        </aside>

        <main id="main" tabIndex={-1} className="min-w-0 outline-none">
          <ReadingProgress targetId="reading" />
          <article id="reading" aria-labelledby="text-title" lang="en">
            <header className="pb-10 pt-4 xl:pt-20">
              <p className="mb-4 text-xs font-semibold uppercase tracking-[0.14em] text-accent">
                <Link href="/" className="no-underline hover:underline">
                  Library
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
                {text.wordCount.toLocaleString("en")} words · about {text.minutes} min read
              </p>
            </header>

            <div className="prose-reading max-w-[65ch]">
              <TextBody blocks={body} />
            </div>

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
        </main>

        {/* The right margin is kept free for the group's notes. */}
        <div aria-hidden="true" className="hidden xl:block" />
      </div>
    </>
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
