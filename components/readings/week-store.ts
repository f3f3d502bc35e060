"use client";

import { pageStore } from "@/components/ui/page-store";

// This week's progress, shared between the banner that measures it and the reader's
// top bar that shows it. Null while the page has no week.
const percent = pageStore<number | null>(null);

export const setWeekPercent = percent.set;
export const useWeekPercent = percent.use;
