import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { AgendaView } from "@/components/readings/agenda-view";
import { AppError } from "@/lib/errors";
import { getGroup } from "@/lib/groups/groups";
import { memberOrNotFound } from "@/lib/groups/route-access";
import { getAgenda } from "@/lib/readings/meeting";

type Props = { params: Promise<{ groupId: string; readingId: string }> };

export const metadata: Metadata = { title: "Meeting agenda" };

/** The week's meeting agenda: facilitators edit and share it; members see it once shared (404 before). */
export default async function AgendaPage({ params }: Props) {
  const { groupId, readingId } = await params;
  let data;
  try {
    const user = await memberOrNotFound();
    const [group, agenda] = await Promise.all([getGroup(user.id, groupId), getAgenda(user.id, groupId, readingId)]);
    data = { group, agenda };
  } catch (error) {
    if (error instanceof AppError && error.code === "NOT_FOUND") notFound();
    throw error;
  }
  const { group, agenda } = data;
  return (
    <main id="main" tabIndex={-1} className="mx-auto max-w-6xl px-5 pb-24 pt-10 outline-none sm:px-8 sm:pt-14">
      <nav aria-label="Breadcrumb" className="no-print text-xs font-semibold uppercase tracking-[0.14em] text-accent">
        <Link href={`/groups/${group.id}`} className="no-underline hover:underline">
          {group.name}
        </Link>
      </nav>
      <h1 className="no-print mt-3 font-serif text-4xl font-semibold tracking-tight">Meeting agenda</h1>
      <p className="no-print mb-8 mt-2 text-ink-soft">
        <cite className="font-serif">{agenda.title}</cite>
        {agenda.facilitator && (
          <>
            {" · "}
            <Link href={`/groups/${group.id}/readings/${readingId}/participation`} className="text-accent underline">
              Participation
            </Link>
          </>
        )}
      </p>
      <AgendaView
        groupId={group.id}
        readingId={readingId}
        facilitator={agenda.facilitator}
        initial={{ markdown: agenda.markdown, saved: agenda.saved, sharedAt: agenda.sharedAt, generated: agenda.generated }}
      />
    </main>
  );
}
