import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Avatar } from "@/components/groups/avatar";
import { countAnnotationsByText } from "@/lib/annotations/annotations";
import { AppError } from "@/lib/errors";
import { getGroup, listMembers } from "@/lib/groups/groups";
import { listInvites } from "@/lib/groups/invites";
import { memberOrNotFound } from "@/lib/groups/route-access";
import { listLibrary } from "@/lib/library/queries";
import { ToastProvider } from "@/components/ui/toast";
import { EditGroup } from "./edit-group";
import { InvitePanel } from "./invite-panel";
import { LeaveGroup, MemberActions } from "./member-actions";

type Props = { params: Promise<{ groupId: string }> };

/** The group for this person, or the 404 page for anyone who is not in it. */
async function load(groupId: string) {
  try {
    const user = await memberOrNotFound();
    const group = await getGroup(user.id, groupId);
    return { user, group };
  } catch (error) {
    if (error instanceof AppError && error.code === "NOT_FOUND") notFound();
    throw error;
  }
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { group } = await load((await params).groupId);
  return { title: group.name };
}

export default async function GroupPage({ params }: Props) {
  const { user, group } = await load((await params).groupId);
  const facilitator = group.myRole === "facilitator";
  const [members, invites, texts, noteCounts] = await Promise.all([
    listMembers(user.id, group.id),
    facilitator ? listInvites(user.id, group.id) : Promise.resolve([]),
    listLibrary(),
    countAnnotationsByText(user.id, group.id),
  ]);
  const facilitatorCount = members.filter((m) => m.role === "facilitator").length;

  return (
    <ToastProvider>
      <main id="main" tabIndex={-1} className="mx-auto max-w-5xl px-5 pb-24 pt-10 outline-none sm:px-8 sm:pt-14">
        <nav aria-label="Breadcrumb" className="text-xs font-semibold uppercase tracking-[0.14em] text-accent">
          <Link href="/groups" className="no-underline hover:underline">
            Your groups
          </Link>
        </nav>
        <header className="mt-3 flex flex-wrap items-start justify-between gap-4">
          <div className="min-w-0">
            <h1 className="font-serif text-4xl font-semibold tracking-tight text-balance">{group.name}</h1>
            {group.description && <p className="mt-2 max-w-2xl text-lg text-ink-soft">{group.description}</p>}
            <p className="mt-2 text-sm text-muted">
              {members.length} {members.length === 1 ? "member" : "members"} · you are {facilitator ? "a facilitator" : "a member"}
            </p>
          </div>
          {facilitator && <EditGroup groupId={group.id} name={group.name} description={group.description} />}
        </header>

        {facilitator && members.length === 1 && (
          <section className="mt-8 rounded-xl border border-dashed border-accent/50 bg-accent-soft/40 p-6">
            <h2 className="font-serif text-xl font-semibold">Bring your group in</h2>
            <p className="mt-1 max-w-2xl text-ink-soft">
              It’s just you so far. Make an invitation link below and share it, or send invitations by email. Everything in
              this group stays private to its members.
            </p>
          </section>
        )}

        <div className="mt-10 grid gap-10 lg:grid-cols-[minmax(0,1fr)_22rem]">
          <div className="space-y-10">
            <section aria-labelledby="texts-heading">
              <h2 id="texts-heading" className="font-serif text-2xl font-semibold">
                Read together
              </h2>
              <p className="mt-1 text-sm text-ink-soft">Open a text to read it with the group: select words to highlight, comment or ask a question.</p>
              <ul className="mt-4 divide-y divide-rule rounded-xl border border-rule bg-raised">
                {texts.map((text) => (
                  <li key={text.slug}>
                    <Link href={`/groups/${group.id}/texts/${text.slug}`} className="flex items-baseline justify-between gap-4 px-4 py-3 no-underline hover:bg-accent-soft/50">
                      <span className="font-serif text-lg text-ink">{text.title}</span>
                      <span className="shrink-0 text-xs text-muted">
                        {countsLine(noteCounts[text.slug])}
                        {text.minutes} min
                      </span>
                    </Link>
                  </li>
                ))}
              </ul>
            </section>

            <section aria-labelledby="members-heading">
              <h2 id="members-heading" className="font-serif text-2xl font-semibold">
                Members
              </h2>
              <ul className="mt-4 divide-y divide-rule rounded-xl border border-rule bg-raised" aria-label="Members">
                {members.map((member) => (
                  <li key={member.id} className="flex flex-wrap items-center gap-3 px-4 py-3">
                    <Avatar id={member.id} name={member.name} />
                    <div className="min-w-0 flex-1">
                      <p className="font-medium text-ink">
                        {member.name}
                        {member.id === user.id && <span className="text-muted"> (you)</span>}
                      </p>
                      <p className="truncate text-xs text-muted">
                        {member.role === "facilitator" ? "Facilitator" : "Member"}
                        {facilitator && ` · ${member.email}`}
                      </p>
                    </div>
                    {facilitator && member.id !== user.id && (
                      <MemberActions groupId={group.id} userId={member.id} name={member.name} role={member.role} />
                    )}
                  </li>
                ))}
              </ul>
              <div className="mt-4">
                <LeaveGroup groupId={group.id} userId={user.id} onlyFacilitator={facilitator && facilitatorCount === 1 && members.length > 1} />
              </div>
            </section>
          </div>

          {facilitator && (
            <aside aria-labelledby="invite-heading">
              <InvitePanel
                groupId={group.id}
                invites={invites.map((i) => ({
                  id: i.id,
                  email: i.email,
                  expiresAt: i.expiresAt.toISOString(),
                  uses: i.uses,
                  maxUses: i.maxUses,
                  createdBy: i.createdBy.name,
                }))}
              />
            </aside>
          )}
        </div>
      </main>
    </ToastProvider>
  );
}

/** "12 notes · 3 open questions · " for a text's row, or nothing when there are none. */
function countsLine(counts: { notes: number; openQuestions: number } | undefined): string {
  if (!counts) return "";
  const parts = [
    counts.notes ? `${counts.notes} ${counts.notes === 1 ? "note" : "notes"}` : "",
    counts.openQuestions ? `${counts.openQuestions} open ${counts.openQuestions === 1 ? "question" : "questions"}` : "",
  ].filter(Boolean);
  return parts.length ? `${parts.join(" · ")} · ` : "";
}
