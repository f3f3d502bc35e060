import Link from "next/link";
import { isRecentEdit } from "@/lib/library/changes";
import type { ReadingText } from "@/lib/library/queries";
import { readerHref, versionDay } from "./format";

/**
 * Over a group's reader, for a text edited lately (a later version published in the last
 * two weeks): when, and the way to what changed. Nothing for a text as first published.
 */
export function TextChangedNotice({
  groupId,
  text,
  timeZone,
}: {
  groupId: string;
  text: Pick<ReadingText, "slug" | "versionNumber" | "versionCreatedAt">;
  timeZone: string;
}) {
  if (!isRecentEdit(text.versionNumber, text.versionCreatedAt)) return null;
  return (
    <p
      data-testid="text-changed"
      className="no-print mt-5 flex flex-wrap items-baseline gap-x-3 gap-y-1 rounded-lg border border-rule bg-raised px-4 py-2.5 text-sm text-ink-soft"
    >
      <span>
        This text was edited on {versionDay(text.versionCreatedAt, timeZone)} (version {text.versionNumber}).
      </span>
      <Link href={`${readerHref(groupId, text.slug)}/changes`} className="font-medium">
        See what changed
      </Link>
    </p>
  );
}
