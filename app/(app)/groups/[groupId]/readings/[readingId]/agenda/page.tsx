import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { GroupSubpage } from "@/components/groups/group-subpage";
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
    <GroupSubpage
      group={group}
      title="Meeting agenda"
      print={false}
      intro={
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
      }
    >
      <AgendaView
        groupId={group.id}
        readingId={readingId}
        facilitator={agenda.facilitator}
        initial={{ markdown: agenda.markdown, saved: agenda.saved, sharedAt: agenda.sharedAt, generated: agenda.generated }}
      />
    </GroupSubpage>
  );
}
