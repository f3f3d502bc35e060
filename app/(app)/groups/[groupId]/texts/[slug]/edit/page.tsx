import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { GroupSubpage } from "@/components/groups/group-subpage";
import { TextEditor } from "@/components/library/text-editor";
import { AppError } from "@/lib/errors";
import { getGroup } from "@/lib/groups/groups";
import { memberOrNotFound } from "@/lib/groups/route-access";
import { getEditableText } from "@/lib/library/group-texts";

type Props = { params: Promise<{ groupId: string; slug: string }> };

export const metadata: Metadata = { title: "Edit a text" };

/** A group's own text, for those who may change it (its facilitators, or its adder); the 404 page for everyone else. */
export default async function EditTextPage({ params }: Props) {
  const { groupId, slug } = await params;
  let data;
  try {
    const user = await memberOrNotFound();
    const [group, text] = await Promise.all([getGroup(user.id, groupId), getEditableText(user.id, groupId, slug)]);
    data = { group, text };
  } catch (error) {
    if (error instanceof AppError && error.code === "NOT_FOUND") notFound();
    throw error;
  }
  const { group, text } = data;
  return (
    <GroupSubpage
      group={group}
      title={text.published ? `Edit “${text.source.title}”` : "Check the text before publishing"}
      intro={
        <p className="mt-3 max-w-3xl text-ink-soft">
          {text.published
            ? "Change the source on the left; the right shows how it will read. Members’ notes stay on their passages when you publish."
            : "This is how the text was split into paragraphs, headings, quotes and notes. Fix anything that looks wrong in the source on the left, check the title and author, then publish it to the group."}
        </p>
      }
    >
      <TextEditor
        groupId={group.id}
        slug={text.slug}
        initial={text.source}
        notes={text.notes}
        published={text.published}
        hasDraft={text.hasDraft}
        retired={text.retired}
        versionNumber={text.versionNumber}
      />
    </GroupSubpage>
  );
}
