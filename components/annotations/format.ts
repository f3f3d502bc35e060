// Dates in notes: the platform's Intl formatters cover relative times and short dates
// in the reader's own locale without shipping a date library to the browser.
const relative = new Intl.RelativeTimeFormat(undefined, { numeric: "auto" });
const shortDate = new Intl.DateTimeFormat(undefined, { day: "numeric", month: "short" });
const longDate = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });

export function timeAgo(iso: string, now = Date.now()): string {
  const seconds = Math.round((new Date(iso).getTime() - now) / 1000);
  const abs = Math.abs(seconds);
  if (abs < 45) return "just now";
  if (abs < 3600) return relative.format(Math.round(seconds / 60), "minute");
  if (abs < 86_400) return relative.format(Math.round(seconds / 3600), "hour");
  if (abs < 7 * 86_400) return relative.format(Math.round(seconds / 86_400), "day");
  return shortDate.format(new Date(iso));
}

export const fullTime = (iso: string) => longDate.format(new Date(iso));

export const KIND_LABEL = { highlight: "Highlight", comment: "Comment", question: "Question" } as const;
