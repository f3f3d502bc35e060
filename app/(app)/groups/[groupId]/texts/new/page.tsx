import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { GroupSubpage } from "@/components/groups/group-subpage";
import { AddTextForm } from "@/components/library/add-text-form";
import { AppError } from "@/lib/errors";
import { getGroup } from "@/lib/groups/groups";
import { memberOrNotFound } from "@/lib/groups/route-access";
import { assertMayAdd } from "@/lib/library/group-texts";

export const metadata: Metadata = { title: "Add a text" };

/** Adding a text to the group's library: for facilitators, and members where the group allows it. */
export default async function AddTextPage({ params }: { params: Promise<{ groupId: string }> }) {
  const { groupId } = await params;
  let group;
  try {
    const user = await memberOrNotFound();
    await assertMayAdd(user.id, groupId);
    group = await getGroup(user.id, groupId);
  } catch (error) {
    if (error instanceof AppError && error.code === "NOT_FOUND") notFound();
    throw error;
  }
  return (
    <GroupSubpage
      group={group}
      title="Add a text"
      intro={
        <p className="mt-3 max-w-2xl text-ink-soft">
          Bring the text your group wants to read. It stays a draft while you check how it was split into paragraphs, headings, quotes and notes;
          then publish it to the group’s library, where only members of {group.name} can read it.
        </p>
      }
    >
      <AddTextForm groupId={group.id} />
    </GroupSubpage>
  );
}
