import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { GroupSubpage } from "@/components/groups/group-subpage";
import { SearchView } from "@/components/search/search-view";
import { AppError } from "@/lib/errors";
import { getGroup, listMembers } from "@/lib/groups/groups";
import { memberOrNotFound } from "@/lib/groups/route-access";
import { listLibrary } from "@/lib/library/queries";
import { searchSchema } from "@/lib/search/schemas";
import { listTags, searchGroup } from "@/lib/search/search";
import type { SearchPage } from "@/lib/search/view";

type Props = { params: Promise<{ groupId: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

export const metadata: Metadata = { title: "Search" };

/** The address's search, as far as it is valid: a parameter given twice or out of bounds is dropped, not an error page. */
function searchFrom(raw: Record<string, string | string[] | undefined>) {
  const params: Record<string, string> = {};
  for (const key of ["q", "text", "tag", "kind", "state", "author", "mine", "from", "to"] as const) {
    const value = raw[key];
    if (typeof value === "string" && value && searchSchema.safeParse({ [key]: value }).success) params[key] = value;
  }
  return params;
}

async function load(groupId: string, params: Record<string, string>) {
  try {
    const user = await memberOrNotFound();
    const [group, members, texts, tags] = await Promise.all([
      getGroup(user.id, groupId),
      listMembers(user.id, groupId),
      listLibrary({ groupId, userId: user.id }),
      listTags(user.id, groupId),
    ]);
    const parsed = searchSchema.safeParse(params);
    let first: SearchPage = { results: [], nextCursor: null };
    if (parsed.success)
      first = await searchGroup(user.id, groupId, parsed.data).catch((error: unknown) => {
        // A text the group no longer has (an old link) finds nothing rather than hiding the page.
        if (error instanceof AppError && error.code === "NOT_FOUND" && params.text) return { results: [], nextCursor: null };
        throw error;
      });
    return { user, group, members, texts, tags, first };
  } catch (error) {
    if (error instanceof AppError && error.code === "NOT_FOUND") notFound();
    throw error;
  }
}

/** A group's search: its texts, and the notes and replies this member may see, with filters as chips. */
export default async function SearchPageRoute({ params, searchParams }: Props) {
  const { groupId } = await params;
  const initial = searchFrom(await searchParams);
  const { user, group, members, texts, tags, first } = await load(groupId, initial);
  return (
    <GroupSubpage group={group} title="Search">
      <SearchView
        groupId={group.id}
        me={user.id}
        initial={initial}
        first={first}
        texts={texts.map((t) => ({ slug: t.slug, title: t.title }))}
        members={members.map((m) => ({ id: m.id, name: m.name }))}
        tags={tags}
      />
    </GroupSubpage>
  );
}
