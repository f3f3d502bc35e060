import { formatDistanceToNowStrict } from "date-fns";
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
import { listGroupTextsForEditing, mayAddTexts } from "@/lib/library/group-texts";
import { ToastProvider } from "@/components/ui/toast";
import { buttonClass } from "@/components/forms/button-class";
import { CalendarLink } from "@/components/readings/calendar-link";
import { ExportMenu } from "@/components/export/export-menu";
import { dueLabel, shortDue, weekLabel, weekShort } from "@/components/readings/format";
import { WeekActions } from "@/components/readings/week-actions";
import { recentActivity } from "@/lib/readings/activity";
import { listReadings } from "@/lib/readings/readings";
import { listTags } from "@/lib/search/search";
import { EditGroup } from "./edit-group";
import { InvitePanel } from "./invite-panel";
import { LeaveGroup, MemberActions } from "./member-actions";
import { isRecentEdit } from "@/lib/library/changes";
import { shortDay } from "@/components/library/format";

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
  const [members, invites, texts, noteCounts, schedule, activity, canAddTexts, editable, tags] = await Promise.all([
    listMembers(user.id, group.id),
    facilitator ? listInvites(user.id, group.id) : Promise.resolve([]),
    listLibrary({ groupId: group.id, userId: user.id }),
    countAnnotationsByText(user.id, group.id),
    listReadings(user.id, group.id),
    recentActivity(user.id, group.id),
    mayAddTexts(user.id, group.id),
    listGroupTextsForEditing(user.id, group.id),
    listTags(user.id, group.id),
  ]);
  const facilitatorCount = members.filter((m) => m.role === "facilitator").length;
  const { readings, current } = schedule;
  const thisWeek = current >= 0 ? readings[current]! : null;
  const ahead = readings.slice(current + 1);
  const behind = readings.slice(0, Math.max(0, current)).reverse();
  const order = readings.map((r) => r.id);
  const readerUrl = (r: (typeof readings)[number]) => `/groups/${group.id}/texts/${encodeURIComponent(r.text.slug)}?reading=${r.id}`;

  return (
    <ToastProvider>
      <main id="main" tabIndex={-1} className="mx-auto max-w-6xl px-5 pb-24 pt-10 outline-none sm:px-8 sm:pt-14">
        <nav aria-label="Breadcrumb" className="text-xs font-semibold uppercase tracking-[0.14em] text-accent">
          <Link href="/groups" className="no-underline hover:underline">
            Your groups
          </Link>
        </nav>
        <div className="mt-3 flex flex-wrap items-start justify-between gap-4">
          <div className="min-w-0">
            <h1 className="font-serif text-4xl font-semibold tracking-tight text-balance">{group.name}</h1>
            {group.description && <p className="mt-2 max-w-2xl text-lg text-ink-soft">{group.description}</p>}
            <p className="mt-2 text-sm text-muted">
              {members.length} {members.length === 1 ? "member" : "members"} · you are {facilitator ? "a facilitator" : "a member"} · times in{" "}
              {group.timeZone.replace(/_/g, " ")}
            </p>
          </div>
          {facilitator && (
            <div className="flex flex-wrap items-start gap-2">
              <Link href={`/groups/${group.id}/schedule/new`} className={buttonClass("primary")}>
                Plan a week
              </Link>
              <EditGroup groupId={group.id} name={group.name} description={group.description} timeZone={group.timeZone} membersAddTexts={group.membersAddTexts} />
            </div>
          )}
        </div>

        <div className="mt-10 grid gap-12 lg:grid-cols-[minmax(0,1fr)_20rem]">
          <div className="min-w-0 space-y-12">
            {thisWeek ? (
              <section aria-labelledby="this-week-heading" className="rounded-2xl border border-rule bg-raised p-6 shadow-sm sm:p-8">
                <p className="text-xs font-semibold uppercase tracking-[0.14em] text-accent">
                  <span id="this-week-heading">{new Date(thisWeek.dueAt) < new Date() ? "Last week" : "This week"}</span> · week of{" "}
                  {weekLabel(thisWeek.weekOf)}
                </p>
                <h2 className="mt-2 font-serif text-3xl font-semibold tracking-tight text-balance">
                  <Link href={readerUrl(thisWeek)} className="text-ink no-underline hover:underline">
                    {thisWeek.text.title}
                  </Link>
                </h2>
                <p className="mt-2 text-ink-soft">
                  Read {thisWeek.range.label}
                  {thisWeek.text.author && <span className="text-muted"> · {thisWeek.text.author}</span>}
                </p>
                <p className="mt-1 text-sm text-ink-soft">
                  Due <strong className="font-semibold text-ink">{dueLabel(thisWeek.dueAt, thisWeek.timeZone)}</strong>
                  {thisWeek.postBeforePeek && <span className="text-muted"> · post before you peek</span>}
                </p>
                {thisWeek.prompts.length > 0 && (
                  <div className="mt-5">
                    <h3 className="text-sm font-semibold text-ink">Prompts for the week</h3>
                    <ol className="mt-2 list-decimal space-y-1.5 ps-5 font-serif text-[17px] leading-snug text-ink">
                      {thisWeek.prompts.map((p) => (
                        <li key={p.id}>
                          {p.body}
                          <span className="ms-2 font-sans text-xs text-muted">
                            {p.blockLabel ? `on ${p.blockLabel} · ` : ""}
                            {p.answers} {p.answers === 1 ? "answer" : "answers"}
                          </span>
                        </li>
                      ))}
                    </ol>
                  </div>
                )}
                <div className="mt-6 grid gap-4 sm:grid-cols-2">
                  <Meter label="Your progress" percent={thisWeek.progress.mine} testId="my-progress" />
                  <Meter
                    label={`The group · ${thisWeek.progress.group.finished} of ${thisWeek.progress.group.members} finished`}
                    percent={thisWeek.progress.group.average}
                    testId="group-progress"
                  />
                </div>
                <div className="mt-6 flex flex-wrap items-center gap-3">
                  <Link href={readerUrl(thisWeek)} className={buttonClass("primary")}>
                    {thisWeek.progress.mine > 0 && thisWeek.progress.mine < 100 ? "Continue reading" : "Read this week"}
                  </Link>
                  {facilitator && (
                    <>
                      <Link href={`/groups/${group.id}/readings/${thisWeek.id}/participation`} className={buttonClass("secondary")}>
                        Participation
                      </Link>
                      <Link href={`/groups/${group.id}/readings/${thisWeek.id}/agenda`} className={buttonClass("secondary")}>
                        Meeting agenda
                      </Link>
                    </>
                  )}
                  {!facilitator && thisWeek.agendaShared && (
                    <Link href={`/groups/${group.id}/readings/${thisWeek.id}/agenda`} className={buttonClass("secondary")}>
                      Meeting agenda
                    </Link>
                  )}
                </div>
                {facilitator && (
                  <div className="mt-4 border-t border-rule pt-3">
                    <WeekActions groupId={group.id} order={order} index={current} title={thisWeek.text.title} />
                  </div>
                )}
              </section>
            ) : (
              <section aria-labelledby="first-week-heading" className="rounded-2xl border border-dashed border-accent/50 bg-accent-soft/40 p-6 sm:p-8">
                <h2 id="first-week-heading" className="font-serif text-2xl font-semibold">
                  {facilitator ? "Plan your first week" : "No reading set yet"}
                </h2>
                {facilitator ? (
                  <>
                    <p className="mt-2 max-w-2xl text-ink-soft">
                      Choose a text from the library, the part to read and when it is due, and add a few prompts to think about. Everyone in the group
                      hears about it, and this page becomes your syllabus.
                    </p>
                    <div className="mt-4 flex flex-wrap gap-3">
                      <Link href={`/groups/${group.id}/schedule/new`} className={buttonClass("primary")}>
                        Plan the first week
                      </Link>
                      {members.length === 1 && (
                        <a href="#invite-heading" className={buttonClass("secondary")}>
                          Invite people first
                        </a>
                      )}
                    </div>
                  </>
                ) : (
                  <p className="mt-2 max-w-2xl text-ink-soft">
                    Your facilitator hasn’t set the first week yet; you’ll hear when they do. Meanwhile any text in the library below is open to read and
                    annotate together.
                  </p>
                )}
              </section>
            )}

            {ahead.length > 0 && (
              <WeekList
                id="ahead"
                title="Coming up"
                weeks={ahead}
                groupId={group.id}
                facilitator={facilitator}
                order={order}
                readerUrl={readerUrl}
              />
            )}
            {behind.length > 0 && (
              <WeekList
                id="behind"
                title="Earlier weeks"
                weeks={behind}
                groupId={group.id}
                facilitator={facilitator}
                order={order}
                readerUrl={readerUrl}
                showProgress
              />
            )}

            <section aria-labelledby="activity-heading">
              <h2 id="activity-heading" className="font-serif text-2xl font-semibold">
                Recent activity
              </h2>
              {activity.length ? (
                <ul className="mt-3 space-y-2.5">
                  {activity.map((a) => (
                    <li key={a.id} className="flex items-baseline justify-between gap-4 text-[15px]">
                      <Link href={a.url} className="min-w-0 text-ink no-underline hover:underline">
                        <span className="font-medium">{a.who}</span> {a.what} on {a.where} of <cite className="font-serif">{a.textTitle}</cite>
                      </Link>
                      <time dateTime={a.createdAt} className="shrink-0 text-xs text-muted">
                        {ago(a.createdAt)}
                      </time>
                    </li>
                  ))}
                </ul>
              ) : (
                <p className="mt-2 text-sm text-ink-soft">Nothing yet. Notes, questions and replies from the group will show here as they come in.</p>
              )}
            </section>

            <section aria-labelledby="texts-heading">
              <div className="flex flex-wrap items-baseline justify-between gap-3">
                <h2 id="texts-heading" className="font-serif text-2xl font-semibold">
                  The library
                </h2>
                {(canAddTexts || facilitator) && (
                  <div className="flex flex-wrap gap-2">
                    {facilitator && (
                      <Link href={`/groups/${group.id}/import`} className={buttonClass("secondary")}>
                        Import notes
                      </Link>
                    )}
                    {canAddTexts && (
                      <Link href={`/groups/${group.id}/texts/new`} className={buttonClass("secondary")}>
                        Add a text
                      </Link>
                    )}
                  </div>
                )}
              </div>
              <p className="mt-1 text-sm text-ink-soft">
                Open a text to read it with the group: select words to highlight, comment or ask a question.
                {texts.some((t) => t.own) && " Texts marked “This group’s” were added here and only members can read them."}
              </p>
              <ul className="mt-4 divide-y divide-rule rounded-xl border border-rule bg-raised">
                {texts.map((text) => (
                  <li key={text.slug}>
                    <Link href={`/groups/${group.id}/texts/${text.slug}`} className="flex items-baseline justify-between gap-4 px-4 py-3 no-underline hover:bg-accent-soft/50">
                      <span className="min-w-0">
                        <span className="font-serif text-lg text-ink">{text.title}</span>
                        {text.own && <span className="ml-2 rounded-full bg-accent-soft px-2 py-0.5 align-middle text-[11px] font-medium text-ink-soft">This group’s</span>}
                        {isRecentEdit(text.versionNumber, text.versionCreatedAt) && (
                          <span data-testid="text-updated" className="ml-2 rounded-full border border-accent/40 px-2 py-0.5 align-middle text-[11px] font-medium text-accent">
                            Updated {shortDay(text.versionCreatedAt, group.timeZone)}
                          </span>
                        )}
                      </span>
                      <span className="shrink-0 text-xs text-muted">
                        {countsLine(noteCounts[text.slug])}
                        {text.minutes} min
                      </span>
                    </Link>
                  </li>
                ))}
              </ul>
              {editable.some((t) => t.hasDraft || t.retired) && (
                <div className="mt-4">
                  <h3 className="text-sm font-semibold text-ink">Drafts and retired texts</h3>
                  <ul className="mt-2 divide-y divide-rule rounded-xl border border-dashed border-rule">
                    {editable
                      .filter((t) => t.hasDraft || t.retired)
                      .map((t) => (
                        <li key={t.slug} className="flex flex-wrap items-baseline justify-between gap-3 px-4 py-2.5">
                          <span className="font-serif text-ink">{t.title}</span>
                          <span className="flex items-baseline gap-3 text-xs text-muted">
                            {t.retired ? "Retired" : t.published ? "Unpublished changes" : "Draft, not published"}
                            <Link href={`/groups/${group.id}/texts/${t.slug}/edit`} className="font-medium">
                              {t.retired ? "Open" : "Continue"}
                            </Link>
                          </span>
                        </li>
                      ))}
                  </ul>
                </div>
              )}
            </section>
          </div>

          <aside className="min-w-0 space-y-10">
            <section aria-labelledby="search-heading">
              <h2 id="search-heading" className="font-serif text-xl font-semibold">
                Search
              </h2>
              <form role="search" action={`/groups/${group.id}/search`} className="mt-3 flex gap-2">
                <label htmlFor="group-search" className="sr-only">
                  Search the group’s texts and notes
                </label>
                <input
                  id="group-search"
                  type="search"
                  name="q"
                  maxLength={200}
                  placeholder="Texts, notes, #tags"
                  className="min-w-0 flex-1 rounded-md border border-rule bg-raised px-3 py-2 text-sm text-ink placeholder:text-muted"
                />
                <button type="submit" className={buttonClass("secondary")}>
                  Search
                </button>
              </form>
              {tags.length > 0 && (
                <ul className="mt-3 flex flex-wrap gap-1.5" aria-label="Tags">
                  {tags.slice(0, 24).map((t) => (
                    <li key={t.tag}>
                      <Link
                        href={`/groups/${group.id}/search?tag=${encodeURIComponent(t.tag)}`}
                        className="inline-block rounded-full border border-rule bg-raised px-2.5 py-0.5 text-xs font-medium text-ink-soft no-underline hover:bg-accent-soft"
                      >
                        #{t.tag} <span className="tabular-nums text-muted">{t.count}</span>
                      </Link>
                    </li>
                  ))}
                </ul>
              )}
            </section>

            <section aria-labelledby="export-heading">
              <h2 id="export-heading" className="font-serif text-xl font-semibold">
                Export
              </h2>
              <p className="mb-3 mt-1 text-sm text-ink-soft">
                {facilitator
                  ? "Every note the group wrote that you can read, or only your own, as a file to keep."
                  : "Your own notes as a file to keep; a text’s notes are exported from its page."}
              </p>
              <div className="flex flex-wrap gap-2">
                {facilitator && <ExportMenu label="Export the group’s notes" href={`/api/groups/${group.id}/export`} testId="export-group" />}
                <ExportMenu label="Export my notes" href={`/api/groups/${group.id}/export?mine=1`} testId="export-mine" />
              </div>
            </section>

            <section aria-labelledby="calendar-heading">
              <h2 id="calendar-heading" className="font-serif text-xl font-semibold">
                Calendar
              </h2>
              <p className="mb-3 mt-1 text-sm text-ink-soft">Every due date in your own calendar app, kept up to date.</p>
              <CalendarLink groupId={group.id} />
            </section>

            <section aria-labelledby="members-heading">
              <h2 id="members-heading" className="font-serif text-xl font-semibold">
                Members
              </h2>
              {facilitator && members.length === 1 && (
                <p className="mt-1 text-sm text-ink-soft">It’s just you so far. Make an invitation link below and share it, or invite people by email.</p>
              )}
              <ul className="mt-3 divide-y divide-rule rounded-xl border border-rule bg-raised" aria-label="Members">
                {members.map((member) => (
                  <li key={member.id} className="flex flex-wrap items-center gap-3 px-3 py-2.5">
                    <Avatar id={member.id} name={member.name} size="sm" />
                    <div className="min-w-0 flex-1">
                      <p className="truncate text-sm font-medium text-ink">
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
              <div className="mt-3">
                <LeaveGroup groupId={group.id} userId={user.id} onlyFacilitator={facilitator && facilitatorCount === 1 && members.length > 1} />
              </div>
            </section>

            {facilitator && (
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
            )}
          </aside>
        </div>
      </main>
    </ToastProvider>
  );
}

type Week = Awaited<ReturnType<typeof listReadings>>["readings"][number];

function WeekList(props: {
  id: string;
  title: string;
  weeks: Week[];
  groupId: string;
  facilitator: boolean;
  order: string[];
  readerUrl: (w: Week) => string;
  showProgress?: boolean;
}) {
  return (
    <section aria-labelledby={`${props.id}-heading`}>
      <h2 id={`${props.id}-heading`} className="font-serif text-2xl font-semibold">
        {props.title}
      </h2>
      <ol className="mt-4 divide-y divide-rule rounded-xl border border-rule bg-raised">
        {props.weeks.map((w) => (
          <li key={w.id} className="px-4 py-3">
            <div className="flex flex-wrap items-baseline justify-between gap-x-4 gap-y-1">
              <div className="min-w-0">
                <p className="text-xs font-medium uppercase tracking-wider text-muted">Week of {weekShort(w.weekOf)}</p>
                <Link href={props.readerUrl(w)} className="font-serif text-lg text-ink no-underline hover:underline">
                  {w.text.title}
                </Link>
                <p className="text-sm text-ink-soft">
                  {w.range.label}
                  {w.prompts.length > 0 && ` · ${w.prompts.length} ${w.prompts.length === 1 ? "prompt" : "prompts"}`}
                </p>
              </div>
              <div className="text-end text-xs text-muted">
                <p>Due {shortDue(w.dueAt, w.timeZone)}</p>
                {props.showProgress && <p>You read {w.progress.mine}%</p>}
                {(props.facilitator || w.agendaShared) && props.showProgress && (
                  <Link href={`/groups/${props.groupId}/readings/${w.id}/agenda`} className="text-accent underline">
                    Agenda
                  </Link>
                )}
              </div>
            </div>
            {props.facilitator && (
              <div className="mt-2">
                <WeekActions groupId={props.groupId} order={props.order} index={props.order.indexOf(w.id)} title={w.text.title} />
              </div>
            )}
          </li>
        ))}
      </ol>
    </section>
  );
}

function Meter({ label, percent, testId }: { label: string; percent: number; testId: string }) {
  return (
    <div>
      <div className="flex items-baseline justify-between gap-2 text-sm">
        <span className="text-ink-soft">{label}</span>
        <span data-testid={testId} className="font-semibold tabular-nums text-ink">
          {percent}%
        </span>
      </div>
      <div role="progressbar" aria-label={label} aria-valuemin={0} aria-valuemax={100} aria-valuenow={percent} className="mt-1.5 h-2 overflow-hidden rounded-full bg-rule">
        <div className="h-full rounded-full bg-accent" style={{ width: `${percent}%` }} />
      </div>
    </div>
  );
}

/** "3 hours ago", for the activity list. */
const ago = (iso: string) => formatDistanceToNowStrict(new Date(iso), { addSuffix: true });

/** "12 notes · 3 open questions · " for a text's row, or nothing when there are none. */
function countsLine(counts: { notes: number; openQuestions: number } | undefined): string {
  if (!counts) return "";
  const parts = [
    counts.notes ? `${counts.notes} ${counts.notes === 1 ? "note" : "notes"}` : "",
    counts.openQuestions ? `${counts.openQuestions} open ${counts.openQuestions === 1 ? "question" : "questions"}` : "",
  ].filter(Boolean);
  return parts.length ? `${parts.join(" · ")} · ` : "";
}
