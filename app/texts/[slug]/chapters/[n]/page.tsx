import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getReadingText } from "@/lib/library/queries";
import { PublicReading } from "@/components/reader/public-reading";
import { chapterView } from "@/components/reader/chapter-view";

// Cached like the text's own page: rendered once, then served from memory.
export const revalidate = false;
export const dynamicParams = true;
export function generateStaticParams() {
  return [];
}

type Props = { params: Promise<{ slug: string; n: string }> };

async function load({ params }: Props) {
  const { slug, n } = await params;
  const text = await getReadingText(slug);
  const number = /^\d{1,5}$/.test(n) ? Number(n) : 0;
  const chapter = text ? chapterView(text, number, (k) => `/texts/${text.slug}/chapters/${k}`) : null;
  return text && chapter ? { text, chapter } : null;
}

export async function generateMetadata(props: Props): Promise<Metadata> {
  const found = await load(props);
  if (!found) return { title: "Text not found" };
  return { title: `${found.chapter.current.title} · ${found.text.title}` };
}

export default async function ChapterPage(props: Props) {
  const found = await load(props);
  if (!found) notFound();
  return <PublicReading text={found.text} chapter={found.chapter} />;
}
