import Link from "next/link";
import { ExportMenu } from "@/components/export/export-menu";
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { AnnotationLayer } from "@/components/text-page/annotation-layer";
import { ReadingArticle } from "@/components/reader/reading-article";
import { ReadingProgress } from "@/components/reader/reading-progress";
import { TextChangedNotice } from "@/components/library/text-changed-notice";
import { TableOfContents } from "@/components/reader/table-of-contents";
import { ToastProvider } from "@/components/ui/toast";
import { AppError } from "@/lib/errors";
import { getGroup, listMembers } from "@/lib/groups/groups";
import { memberOrNotFound } from "@/lib/groups/route-access";
import { getReadingText, type ReadingText } from "@/lib/library/queries";
import { chapterOfBlock } from "@/lib/content/chapters";
import { getAnnotation } from "@/lib/annotations/annotations";
import { chapterView } from "@/components/reader/chapter-view";
import { FindParagraph } from "@/components/reader/find-paragraph";
import { mayEditText } from "@/lib/library/group-texts";
import { currentReadingId, getReading, readingForText } from "@/lib/readings/readings";
import type { WeekMarks } from "@/components/reader/text-body";
import { PromptCard } from "@/components/readings/prompt-card";
import { WeekBanner } from "@/components/readings/week-banner";
import { LiveWeek } from "@/components/readings/live-week";

type Search = { reading?: string | string[]; chapter?: string | string[]; at?: string | string[]; thread?: string | string[] };
type Props = { params: Promise<{ groupId: string; slug: string }>; searchParams: Promise<Search> };

const one = (value: string | string[] | undefined) => (typeof value === "string" ? value : undefined);

/** The group and the text for a member; the 404 page for everyone else. */
async function load(groupId: string, slug: string) {
  try {
    const user = await memberOrNotFound();
    const [group, text] = await Promise.all([getGroup(user.id, groupId), getReadingText(slug, groupId, user.id)]);
    if (!text) notFound();
    return { user, group, text };
  } catch (error) {
    if (error instanceof AppError && error.code === "NOT_FOUND") notFound();
    throw error;
  }
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { groupId, slug } = await params;
  const { group, text } = await load(groupId, slug);
  return { title: `${text.title} · ${group.name}` };
}

/** The week to show over the text: the one asked for (if it is this text's), else the group's current week of it. */
async function weekFor(userId: string, groupId: string, slug: string, asked: string | undefined, current: string | undefined) {
  if (asked) {
    const reading = await getReading(userId, groupId, asked).catch((error: unknown) => {
      if (error instanceof AppError && error.code === "NOT_FOUND") return null;
      throw error;
    });
    if (reading?.text.slug === slug) return reading;
  }
  // Unasked, a week is laid over the text only while it is not yet due (or is the group's
  // latest): reading an old week's text again later is free reading, not dimmed.
  const reading = await readingForText(userId, groupId, slug);
  return reading && (new Date(reading.dueAt) >= new Date() || current === reading.id) ? reading : null;
}

/**
 * Which chapter of a long text to show: the one asked for; else the one holding the
 * paragraph a link points at (?at=, sent by the page when a #paragraph is not on it), or
 * the thread a notification opens; else where the week's reading starts; else the first.
 */
async function chapterNumber(userId: string, groupId: string, text: ReadingText, search: Search, weekStart: string | null): Promise<number> {
  const chapters = text.chapters!;
  const asked = one(search.chapter);
  if (asked !== undefined) {
    const n = /^\d{1,5}$/.test(asked) ? Number(asked) : 0;
    if (n < 1 || n > chapters.length) notFound();
    return n;
  }
  const where = (blockId: string | null | undefined) => (blockId ? chapterOfBlock(text.blocks, chapters, blockId)?.n : undefined);
  const at = one(search.at);
  if (at && at.length <= 200) return where(at) ?? 1;
  const thread = one(search.thread);
  if (thread) {
    const note = await getAnnotation(userId, groupId, thread).catch((error: unknown) => {
      if (error instanceof AppError && (error.code === "NOT_FOUND" || error.code === "BAD_REQUEST")) return null;
      throw error;
    });
    const n = note?.textSlug === text.slug ? where(note.position?.startBlockId) : undefined;
    if (n) return n;
  }
  return where(weekStart) ?? 1;
}

export default async function GroupReaderPage({ params, searchParams }: Props) {
  const { groupId, slug } = await params;
  const search = await searchParams;
  const asked = one(search.reading);
  const { user, group, text: wholeText } = await load(groupId, slug);
  const [members, currentId] = await Promise.all([listMembers(user.id, group.id), currentReadingId(user.id, group.id)]);
  const reading = await weekFor(user.id, group.id, slug, asked, currentId ?? undefined);
  const chapter = wholeText.chapters
    ? chapterView(
        wholeText,
        await chapterNumber(user.id, group.id, wholeText, search, reading?.range.startBlockId ?? null),
        (n) => `/groups/${group.id}/texts/${encodeURIComponent(wholeText.slug)}?chapter=${n}${asked ? `&reading=${encodeURIComponent(asked)}` : ""}`,
      )
    : null;
  const text = chapter?.text ?? wholeText;
  const hasNotes = text.blocks.some((b) => b.kind === "footnote");
  const editable = text.own && (await mayEditText(user.id, group.id, text.slug));
  const facilitator = group.myRole === "facilitator";
  const current = reading !== null && currentId === reading.id;
  const week: WeekMarks | undefined = reading
    ? {
        inRange: reading.range.startBlockId ? new Set(reading.blockIds) : new Set(text.blocks.map((b) => b.id)),
        startId: reading.range.startBlockId,
        endId: reading.range.endBlockId,
        after: Object.fromEntries(
          reading.prompts.flatMap((p, i) =>
            p.blockId ? [[p.blockId, <PromptCard key={p.id} groupId={group.id} slug={text.slug} prompt={p} number={i + 1} inText />]] : [],
          ),
        ),
      }
    : undefined;

  return (
    <ToastProvider seconds={8}>
      <div className="mx-auto grid max-w-[88rem] grid-cols-1 gap-x-10 px-5 pb-24 sm:px-8 xl:grid-cols-[12rem_minmax(0,1fr)]">
        <aside className="pt-6 xl:pt-24">
          <TableOfContents entries={chapter?.toc ?? text.toc} hasNotes={hasNotes} chapters={chapter?.links} current={chapter?.current.n} />
        </aside>
        <main id="main" tabIndex={-1} className="min-w-0 pt-3 outline-none">
          <ReadingProgress targetId="reading" />
          <LiveWeek />
          <AnnotationLayer
            groupId={group.id}
            groupName={group.name}
            slug={text.slug}
            versionId={text.versionId}
            me={{ id: user.id, name: user.name }}
            facilitator={facilitator}
            members={members.map((m) => ({ id: m.id, name: m.name }))}
            partial={chapter !== null}
          >
            {chapter && <FindParagraph />}
            <ReadingArticle
              text={text}
              annotatable
              backLink={{ href: `/groups/${group.id}`, label: group.name }}
              week={week}
              chapter={chapter ?? undefined}
              banner={
                <>
                  <TextChangedNotice groupId={group.id} text={text} timeZone={group.timeZone} />
                  {(text.retired || editable) && (
                    <p className="no-print mt-5 flex flex-wrap items-baseline gap-x-3 gap-y-1 rounded-lg border border-rule bg-raised px-4 py-2.5 text-sm text-ink-soft">
                      <span>{text.retired ? "This text was retired from the group’s library; its notes are kept here." : "This group’s own text: only its members can read it."}</span>
                      {editable && (
                        <Link href={`/groups/${group.id}/texts/${encodeURIComponent(text.slug)}/edit`} className="font-medium">
                          {text.retired ? "Restore or edit it" : "Edit the text"}
                        </Link>
                      )}
                    </p>
                  )}
                  <div className="no-print mt-4 flex flex-wrap gap-2">
                    <ExportMenu
                      label="Export this text’s notes"
                      href={`/api/groups/${group.id}/export?text=${encodeURIComponent(text.slug)}`}
                      testId="export-text"
                    />
                  </div>
                  {reading && (
                    <WeekBanner
                      groupId={group.id}
                      reading={reading}
                      current={current}
                      facilitator={facilitator}
                      blockIds={reading.blockIds}
                      blocksRead={reading.blocksRead}
                    />
                  )}
                </>
              }
            />
          </AnnotationLayer>
        </main>
      </div>
    </ToastProvider>
  );
}
