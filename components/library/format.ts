// How a text's versions read to people.
import { formatInTimeZone } from "date-fns-tz";

/** "4 March 2026": the day a version was published, in the group's time zone. */
export const versionDay = (at: Date, timeZone: string) => formatInTimeZone(at, timeZone, "d MMMM yyyy");

/** Where a group's reader shows a text; `blockId` lands on one of its paragraphs. */
export const readerHref = (groupId: string, slug: string, blockId?: string) =>
  `/groups/${groupId}/texts/${encodeURIComponent(slug)}${blockId ? `#${encodeURIComponent(blockId)}` : ""}`;

/** "4 Mar": the same day, for a mark beside a title. */
export const shortDay = (at: Date, timeZone: string) => formatInTimeZone(at, timeZone, "d MMM");
