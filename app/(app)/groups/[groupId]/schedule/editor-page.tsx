import { notFound } from "next/navigation";
import { addDays, format, nextMonday, parseISO } from "date-fns";
import { formatInTimeZone } from "date-fns-tz";
import { GroupSubpage } from "@/components/groups/group-subpage";
import { weekLabel } from "@/components/readings/format";
import { ReadingEditor, type EditorProps } from "@/components/readings/reading-editor";
import { versionBlocks } from "@/lib/annotations/version-blocks";
import { AppError } from "@/lib/errors";
import { getGroup } from "@/lib/groups/groups";
import { memberOrNotFound } from "@/lib/groups/route-access";
import { getReadingText, listLibrary } from "@/lib/library/queries";
import { getReading, listReadings } from "@/lib/readings/readings";

/** The schedule editor for a new week or an existing one; the 404 page for anyone but the group's facilitators. */
export async function ScheduleEditorPage({ groupId, readingId }: { groupId: string; readingId?: string }) {
  let data;
  try {
    const user = await memberOrNotFound();
    const group = await getGroup(user.id, groupId);
    if (group.myRole !== "facilitator") notFound();
    const [texts, schedule, existing] = await Promise.all([
      listLibrary({ groupId: group.id, userId: user.id }),
      listReadings(user.id, group.id),
      readingId ? getReading(user.id, group.id, readingId) : Promise.resolve(null),
    ]);
    data = { user, group, texts, schedule, existing };
  } catch (error) {
    if (error instanceof AppError && error.code === "NOT_FOUND") notFound();
    throw error;
  }
  const { user, group, texts, schedule, existing } = data;

  let initial: EditorProps["initial"];
  if (existing) {
    initial = {
      id: existing.id,
      text: existing.text.slug,
      weekOf: existing.weekOf,
      due: existing.dueLocal,
      startBlockId: existing.range.startBlockId,
      endBlockId: existing.range.endBlockId,
      prompts: existing.prompts.map((p) => ({ id: p.id, body: p.body, blockId: p.blockId })),
      postBeforePeek: existing.postBeforePeek,
    };
  } else {
    // The week after the last one planned, or the coming Monday; due the Sunday after, 18:00.
    const last = schedule.readings.at(-1);
    const today = formatInTimeZone(new Date(), group.timeZone, "yyyy-MM-dd");
    const week = last ? addDays(parseISO(last.weekOf), 7) : nextMonday(parseISO(today));
    const next = schedule.readings.length ? (schedule.readings.find((r) => !texts.some((t) => t.slug === r.text.slug)) ?? last) : null;
    initial = {
      text: next?.text.slug ?? texts[0]!.slug,
      weekOf: format(week, "yyyy-MM-dd"),
      due: `${format(addDays(week, 6), "yyyy-MM-dd")}T18:00`,
      startBlockId: null,
      endBlockId: null,
      prompts: [{ body: "", blockId: null }],
      postBeforePeek: false,
    };
  }
  const text = await getReadingText(initial.text, group.id, user.id);
  const blocks = text ? (await versionBlocks(text.versionId)).filter((b) => b.kind !== "footnote").map((b) => ({ id: b.id, kind: b.kind, text: b.plainText })) : [];

  return (
    <GroupSubpage group={group} title={existing ? `Edit the week of ${weekLabel(existing.weekOf)}` : "Plan a week"}>
      <p className="mt-2 max-w-2xl text-ink-soft">
        {existing
          ? "Changes show at once on the group’s page and in the reader."
          : "Everyone in the group hears about the new week, and it goes into their calendars."}
      </p>
      <div className="mt-8">
        <ReadingEditor groupId={group.id} timeZone={group.timeZone} texts={texts.map((t) => ({ slug: t.slug, title: t.title }))} initial={initial} initialBlocks={blocks} initialChapters={text?.chapters?.map((c) => ({ n: c.n, title: c.title, start: c.start, end: c.end })) ?? null} />
      </div>
    </GroupSubpage>
  );
}
