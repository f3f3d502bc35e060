import type { Metadata } from "next";
import { ScheduleEditorPage } from "../editor-page";

export const metadata: Metadata = { title: "Plan a week" };

export default async function NewWeekPage({ params }: { params: Promise<{ groupId: string }> }) {
  return <ScheduleEditorPage groupId={(await params).groupId} />;
}
