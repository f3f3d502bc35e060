import Link from "next/link";
import type { ReadingView } from "@/lib/readings/readings";
import { dueLabel, weekLabel } from "./format";
import { PromptCard } from "./prompt-card";
import { WeekProgress } from "./week-progress";

/** The week's reading at the top of the text: what to read, by when, the prompts not pinned to a passage, and my progress. */
export function WeekBanner({
  groupId,
  reading,
  current,
  facilitator,
  blockIds,
  blocksRead,
}: {
  groupId: string;
  reading: ReadingView;
  current: boolean;
  facilitator: boolean;
  blockIds: string[];
  blocksRead: number;
}) {
  const loose = reading.prompts.map((p, i) => ({ ...p, number: i + 1 })).filter((p) => !p.blockId);
  const pinned = reading.prompts.length - loose.length;
  return (
    <section aria-labelledby="week-heading" data-testid="week-banner" className="mt-8 rounded-xl border border-rule bg-raised px-5 py-4 font-sans shadow-sm">
      <div className="flex flex-wrap items-baseline justify-between gap-x-4 gap-y-1">
        <h2 id="week-heading" className="text-xs font-semibold uppercase tracking-[0.14em] text-accent">
          {current ? "This week" : `Week of ${weekLabel(reading.weekOf)}`}
        </h2>
        <span className="text-sm text-ink-soft">
          Due {dueLabel(reading.dueAt, reading.timeZone)} <span className="text-muted">({reading.timeZone.replace(/_/g, " ")})</span>
        </span>
      </div>
      <p className="mt-1 text-[15px] text-ink">
        Read {reading.range.label}
        {reading.range.startBlockId && (
          <>
            {" "}
            ·{" "}
            <a href={`#${reading.range.startBlockId}`} className="text-accent underline">
              Go to the start
            </a>
          </>
        )}
      </p>
      <WeekProgress groupId={groupId} readingId={reading.id} blockIds={blockIds} initialRead={blocksRead} />
      {loose.map((p) => (
        <PromptCard key={p.id} groupId={groupId} slug={reading.text.slug} prompt={p} number={p.number} />
      ))}
      {pinned > 0 && (
        <p className="mt-3 text-sm text-muted">
          {pinned} {pinned === 1 ? "prompt sits" : "prompts sit"} beside the passages {pinned === 1 ? "it is" : "they are"} about.
        </p>
      )}
      {facilitator && (
        <p className="mt-3 flex flex-wrap gap-x-4 gap-y-1 text-sm">
          <Link href={`/groups/${groupId}/readings/${reading.id}/participation`} className="text-accent underline">
            Participation and heat map
          </Link>
          <Link href={`/groups/${groupId}/readings/${reading.id}/agenda`} className="text-accent underline">
            Meeting agenda
          </Link>
          <Link href={`/groups/${groupId}/schedule/${reading.id}`} className="text-accent underline">
            Edit this week
          </Link>
        </p>
      )}
    </section>
  );
}
