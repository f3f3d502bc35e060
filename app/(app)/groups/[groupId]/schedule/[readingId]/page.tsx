import type { Metadata } from "next";
import { ScheduleEditorPage } from "../editor-page";

export const metadata: Metadata = { title: "Edit a week" };

export default async function EditWeekPage({ params }: { params: Promise<{ groupId: string; readingId: string }> }) {
  const { groupId, readingId } = await params;
  return <ScheduleEditorPage groupId={groupId} readingId={readingId} />;
}
