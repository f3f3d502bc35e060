import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { GroupSubpage } from "@/components/groups/group-subpage";
import { ImportForm } from "@/components/import/import-form";
import { AppError } from "@/lib/errors";
import { getGroup } from "@/lib/groups/groups";
import { memberOrNotFound } from "@/lib/groups/route-access";
import { assertMayImport } from "@/lib/import/import";
import { listLibrary } from "@/lib/library/queries";

export const metadata: Metadata = { title: "Import notes" };

/** Importing notes from a file (docs/import.md): for the group's facilitators. */
export default async function ImportPage({ params, searchParams }: { params: Promise<{ groupId: string }>; searchParams: Promise<{ text?: string }> }) {
  const { groupId } = await params;
  const { text } = await searchParams;
  let group, texts;
  try {
    const user = await memberOrNotFound();
    await assertMayImport(user.id, groupId);
    [group, texts] = await Promise.all([getGroup(user.id, groupId), listLibrary({ groupId, userId: user.id })]);
  } catch (error) {
    if (error instanceof AppError && error.code === "NOT_FOUND") notFound();
    throw error;
  }
  const choices = texts.map((t) => ({ slug: t.slug, title: t.title }));
  return (
    <GroupSubpage
      group={group}
      title="Import notes"
      intro={
        <p className="mt-3 max-w-2xl text-ink-soft">
          Bring notes from another group’s export or from Hypothesis into one of {group.name}’s texts. Each note is placed on the same words in
          the group’s version of the text; notes whose words can’t be found wait under “Unplaced notes” in the reader for someone to place them.
          They are added under your name, with who first wrote them and when.
        </p>
      }
    >
      <ImportForm groupId={group.id} texts={choices} initialText={choices.some((t) => t.slug === text) ? text! : ""} />
    </GroupSubpage>
  );
}
