import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Avatar } from "@/components/groups/avatar";
import { GroupSubpage } from "@/components/groups/group-subpage";
import { InlineContent } from "@/components/reader/inline-content";
import { dueLabel, weekLabel } from "@/components/readings/format";
import { AppError } from "@/lib/errors";
import { getGroup } from "@/lib/groups/groups";
import { memberOrNotFound } from "@/lib/groups/route-access";
import { getReadingText } from "@/lib/library/queries";
import { versionBlocks } from "@/lib/annotations/version-blocks";
import { participation } from "@/lib/readings/meeting";
import { paragraphNumbers } from "@/lib/readings/range";

type Props = { params: Promise<{ groupId: string; readingId: string }> };

export const metadata: Metadata = { title: "Participation" };

async function load(groupId: string, readingId: string) {
  try {
    const user = await memberOrNotFound();
    const [group, data] = await Promise.all([getGroup(user.id, groupId), participation(user.id, groupId, readingId)]);
    return { user, group, data };
  } catch (error) {
    if (error instanceof AppError && error.code === "NOT_FOUND") notFound();
    throw error;
  }
}

/** For facilitators: who read and wrote how much this week, and where in the text the group's attention went. */
export default async function ParticipationPage({ params }: Props) {
  const { groupId, readingId } = await params;
  const { user, group, data } = await load(groupId, readingId);
  const { reading, members, heat } = data;
  const text = (await getReadingText(reading.text.slug, group.id, user.id))!;
  const numbers = paragraphNumbers(await versionBlocks(text.versionId));
  const byId = new Map(text.blocks.map((b) => [b.id, b]));
  const score = (h: (typeof heat)[number]) => h.notes * 2 + h.openQuestions * 3 + h.reactions + h.replies;
  const top = Math.max(1, ...heat.map(score));
  const totals = heat.reduce((t, h) => ({ notes: t.notes + h.notes, open: t.open + h.openQuestions, reactions: t.reactions + h.reactions }), { notes: 0, open: 0, reactions: 0 });

  return (
    <GroupSubpage group={group} title="Participation">
      <p className="mt-2 text-ink-soft">
        <cite className="font-serif">{reading.text.title}</cite>, {reading.range.label} · week of {weekLabel(reading.weekOf)} · due{" "}
        {dueLabel(reading.dueAt, reading.timeZone)}
      </p>
      <p className="mt-3 flex flex-wrap gap-x-4 text-sm">
        <Link href={`/groups/${group.id}/readings/${reading.id}/agenda`} className="text-accent underline">
          Meeting agenda
        </Link>
        <Link href={`/groups/${group.id}/texts/${encodeURIComponent(reading.text.slug)}?reading=${reading.id}`} className="text-accent underline">
          Open the reading
        </Link>
      </p>

      <section aria-labelledby="members-heading" className="mt-10">
        <h2 id="members-heading" className="font-serif text-2xl font-semibold">
          Members this week
        </h2>
        <div className="mt-4 overflow-x-auto rounded-xl border border-rule bg-raised">
          <table className="w-full min-w-[36rem] text-sm">
            <thead className="border-b border-rule text-start text-xs uppercase tracking-wider text-muted">
              <tr>
                <th scope="col" className="px-4 py-2 text-start font-medium">
                  Member
                </th>
                <th scope="col" className="px-4 py-2 text-start font-medium">
                  Read
                </th>
                <th scope="col" className="px-4 py-2 text-end font-medium">
                  Notes
                </th>
                <th scope="col" className="px-4 py-2 text-end font-medium">
                  Questions
                </th>
                <th scope="col" className="px-4 py-2 text-end font-medium">
                  Replies
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-rule">
              {members.map((m) => (
                <tr key={m.id}>
                  <th scope="row" className="px-4 py-2.5 text-start font-medium text-ink">
                    <span className="flex items-center gap-2">
                      <Avatar id={m.id} name={m.name} size="sm" />
                      {m.name}
                      {m.role === "facilitator" && <span className="text-xs font-normal text-muted">facilitator</span>}
                    </span>
                  </th>
                  <td className="px-4 py-2.5">
                    <span className="flex items-center gap-2">
                      <span className="h-1.5 w-24 overflow-hidden rounded-full bg-rule" aria-hidden="true">
                        <span className="block h-full rounded-full bg-accent" style={{ width: `${m.read}%` }} />
                      </span>
                      <span className="tabular-nums">{m.read}%</span>
                    </span>
                  </td>
                  <td className="px-4 py-2.5 text-end tabular-nums">{m.notes}</td>
                  <td className="px-4 py-2.5 text-end tabular-nums">{m.questions}</td>
                  <td className="px-4 py-2.5 text-end tabular-nums">{m.replies}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>

      <section aria-labelledby="heat-heading" className="mt-12">
        <h2 id="heat-heading" className="font-serif text-2xl font-semibold">
          Where the group’s attention went
        </h2>
        <p className="mt-1 text-sm text-ink-soft">
          Each paragraph of the week is tinted by its notes, open questions and reactions: {totals.notes} notes, {totals.open} open questions,{" "}
          {totals.reactions} reactions in all.
        </p>
        <div className="mt-5 flex items-center gap-2 text-xs text-muted" aria-hidden="true">
          <span>Quiet</span>
          <span className="h-2 w-32 rounded-full" style={{ background: "linear-gradient(to right, transparent, color-mix(in oklab, var(--accent) 32%, transparent))" }} />
          <span>Much discussed</span>
        </div>
        <ol data-testid="heat-map" className="mt-4 max-w-[48rem] space-y-1 rounded-xl font-serif border border-rule bg-raised p-3">
          {heat.map((h) => {
            const block = byId.get(h.blockId);
            if (!block) return null;
            const share = score(h) / top;
            const n = numbers.get(h.blockId);
            const counts = [
              h.notes ? `${h.notes} ${h.notes === 1 ? "note" : "notes"}` : "",
              h.openQuestions ? `${h.openQuestions} open ${h.openQuestions === 1 ? "question" : "questions"}` : "",
              h.reactions ? `${h.reactions} ${h.reactions === 1 ? "reaction" : "reactions"}` : "",
            ].filter(Boolean);
            return (
              <li
                key={h.blockId}
                data-heat={h.blockId}
                data-score={score(h)}
                className="grid grid-cols-[2.5rem_minmax(0,1fr)] gap-2 rounded-md px-2 py-1.5 sm:grid-cols-[2.5rem_minmax(0,1fr)_9rem]"
                style={{ backgroundColor: share ? `color-mix(in oklab, var(--accent) ${Math.round(6 + share * 26)}%, transparent)` : undefined }}
              >
                <span className="pt-1 font-sans text-xs tabular-nums text-ink-soft">{n ? `¶${n}` : ""}</span>
                <div className={`min-w-0 ${block.kind === "heading" ? "font-semibold" : "line-clamp-4 text-[15px]"}`}>
                  <InlineContent content={block.content} />
                </div>
                <span className="col-start-2 font-sans text-xs text-ink-soft sm:col-start-3 sm:text-end">{counts.join(" · ") || "—"}</span>
              </li>
            );
          })}
        </ol>
      </section>
    </GroupSubpage>
  );
}
