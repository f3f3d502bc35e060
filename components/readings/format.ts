// How the schedule's dates read to people. date-fns-tz does the time-zone arithmetic
// (Intl alone cannot turn a wall-clock time in a zone into an instant).
import { formatInTimeZone } from "date-fns-tz";

/** "Tuesday 8 December, 19:00" in the group's zone. */
export const dueLabel = (dueAt: string, timeZone: string) => formatInTimeZone(new Date(dueAt), timeZone, "EEEE d MMMM, HH:mm");

/** "Tue 8 Dec" in the group's zone. */
export const shortDue = (dueAt: string, timeZone: string) => formatInTimeZone(new Date(dueAt), timeZone, "EEE d MMM");

/** "7 December 2026" for a week's day (stored as a date, so read in UTC). */
export const weekLabel = (weekOf: string) => formatInTimeZone(new Date(`${weekOf}T12:00:00Z`), "UTC", "d MMMM yyyy");

/** "Week of 7 Dec" */
export const weekShort = (weekOf: string) => formatInTimeZone(new Date(`${weekOf}T12:00:00Z`), "UTC", "d MMM");
