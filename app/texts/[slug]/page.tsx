import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getReadingText } from "@/lib/library/queries";
import { PublicReading } from "@/components/reader/public-reading";
import { chapterView } from "@/components/reader/chapter-view";

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
  // A long text opens at its first chapter; the others have pages of their own.
  const chapter = text.chapters ? chapterView(text, 1, (n) => `/texts/${text.slug}/chapters/${n}`) : null;
  return <PublicReading text={text} chapter={chapter} />;
}
