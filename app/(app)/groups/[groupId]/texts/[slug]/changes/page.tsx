import Link from "next/link";
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { cache } from "react";
import { GroupSubpage } from "@/components/groups/group-subpage";
import { readerHref, versionDay } from "@/components/library/format";
import { ChangeList, VersionPicker, changeSummary } from "@/components/library/version-changes";
import { AppError } from "@/lib/errors";
import { getGroup } from "@/lib/groups/groups";
import { memberOrNotFound } from "@/lib/groups/route-access";
import { collapseUnchanged } from "@/lib/library/changes";
import { getTextChanges, versionPairSchema } from "@/lib/library/text-changes";

type Props = {
  params: Promise<{ groupId: string; slug: string }>;
  searchParams: Promise<{ from?: string | string[]; to?: string | string[] }>;
};

/**
 * The group and the text's changes for a member; the 404 page for everyone else, and for a
 * version the text does not have (or an address that names none). Once per request: the
 * title and the page share it.
 */
const load = cache(async (groupId: string, slug: string, from: string | string[] | undefined, to: string | string[] | undefined) => {
  const pair = versionPairSchema.safeParse({ from, to });
  if (!pair.success) notFound();
  try {
    const user = await memberOrNotFound();
    const [group, changes] = await Promise.all([getGroup(user.id, groupId), getTextChanges(user.id, groupId, slug, pair.data.from, pair.data.to)]);
    return { group, changes };
  } catch (error) {
    if (error instanceof AppError && error.code === "NOT_FOUND") notFound();
    throw error;
  }
});

async function loadFor({ params, searchParams }: Props) {
  const [{ groupId, slug }, { from, to }] = await Promise.all([params, searchParams]);
  return load(groupId, slug, from, to);
}

export async function generateMetadata(props: Props): Promise<Metadata> {
  const { group, changes } = await loadFor(props);
  return { title: `What changed in ${changes.current.title} · ${group.name}` };
}

export default async function TextChangesPage(props: Props) {
  const { group, changes } = await loadFor(props);
  const { from, to, current, versions } = changes;
  const tz = group.timeZone;
  const reader = readerHref(group.id, changes.slug);
  // Paragraphs link to their place only in the version the reader shows.
  const linkTo = to.number === current.number ? (blockId: string) => readerHref(group.id, changes.slug, blockId) : null;
  const title =
    !from || from.number === to.number
      ? "What changed"
      : from.number === to.number - 1
        ? `What changed in version ${to.number}`
        : `What changed from version ${from.number} to version ${to.number}`;

  return (
    <GroupSubpage
      group={group}
      title={title}
      intro={
        <p className="mt-3 max-w-3xl text-ink-soft">
          <Link href={reader} className="font-medium">
            {current.title}
          </Link>
          {changes.retired && " (retired from the group’s library)"}
          {from && from.number !== to.number && (
            <>
              {" "}
              — version {to.number}, published {versionDay(to.createdAt, tz)}, compared with version {from.number} of {versionDay(from.createdAt, tz)}.
            </>
          )}
        </p>
      }
    >
      {versions.length > 2 && <VersionPicker versions={versions} from={from?.number ?? to.number} to={to.number} current={current.number} timeZone={tz} />}

      {versions.length === 1 ? (
        <section className="mt-8 max-w-2xl rounded-lg border border-dashed border-rule px-5 py-6 text-ink-soft" data-testid="no-changes">
          <h2 className="font-serif text-xl font-semibold text-ink">Nothing has changed yet</h2>
          <p className="mt-2">
            This is the text as it was first published, on {versionDay(to.createdAt, tz)}. When it is edited, each new version is listed here, with
            what changed paragraph by paragraph; the reader will say so above the text for two weeks.
          </p>
          <p className="mt-4">
            <Link href={reader} className="font-medium">
              Back to the text
            </Link>
          </p>
        </section>
      ) : !from ? (
        <p className="mt-8 max-w-2xl text-ink-soft">Version {to.number} is the first: there is nothing before it to compare. Choose a later version.</p>
      ) : from.number === to.number ? (
        <p className="mt-8 max-w-2xl text-ink-soft">Those are the same version. Choose two different ones to see what changed between them.</p>
      ) : (
        <>
          <p className="mt-6 max-w-3xl text-ink-soft" data-testid="change-summary">
            {changeSummary(changes.counts)}
            {from.title !== to.title && (
              <>
                {" "}
                The title changed from “{from.title}” to “{to.title}”.
              </>
            )}
          </p>
          <ChangeList shown={collapseUnchanged(changes.changes)} linkTo={linkTo} />
        </>
      )}
    </GroupSubpage>
  );
}
