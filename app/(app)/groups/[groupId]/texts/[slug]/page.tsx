import Link from "next/link";
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { AnnotationLayer } from "@/components/annotations/annotation-layer";
import { ReadingArticle } from "@/components/reader/reading-article";
import { ReadingProgress } from "@/components/reader/reading-progress";
import { TextChangedNotice } from "@/components/library/text-changed-notice";
import { TableOfContents } from "@/components/reader/table-of-contents";
import { ToastProvider } from "@/components/ui/toast";
import { AppError } from "@/lib/errors";
import { getGroup, listMembers } from "@/lib/groups/groups";
import { memberOrNotFound } from "@/lib/groups/route-access";
import { getReadingText } from "@/lib/library/queries";
import { mayEditText } from "@/lib/library/group-texts";
import { currentReadingId, getReading, readingForText } from "@/lib/readings/readings";
import type { WeekMarks } from "@/components/reader/text-body";
import { PromptCard } from "@/components/readings/prompt-card";
import { WeekBanner } from "@/components/readings/week-banner";

type Props = { params: Promise<{ groupId: string; slug: string }>; searchParams: Promise<{ reading?: string | string[] }> };

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

export default async function GroupReaderPage({ params, searchParams }: Props) {
  const { groupId, slug } = await params;
  const asked = (await searchParams).reading;
  const { user, group, text } = await load(groupId, slug);
  const [members, currentId] = await Promise.all([listMembers(user.id, group.id), currentReadingId(user.id, group.id)]);
  const reading = await weekFor(user.id, group.id, slug, typeof asked === "string" ? asked : undefined, currentId ?? undefined);
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
          <TableOfContents entries={text.toc} hasNotes={hasNotes} />
        </aside>
        <main id="main" tabIndex={-1} className="min-w-0 pt-3 outline-none">
          <ReadingProgress targetId="reading" />
          <AnnotationLayer
            groupId={group.id}
            groupName={group.name}
            slug={text.slug}
            versionId={text.versionId}
            me={{ id: user.id, name: user.name }}
            facilitator={facilitator}
            members={members.map((m) => ({ id: m.id, name: m.name }))}
          >
            <ReadingArticle
              text={text}
              annotatable
              backLink={{ href: `/groups/${group.id}`, label: group.name }}
              week={week}
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
