import type { ImportedFrom } from "./view";

// How an imported note names where it came from and who wrote it there (docs/import.md):
// "from Hypothesis · originally by Ana Ruiz, 3 Mar 2024". Plain data, for the browser too.

const SOURCE = { "study-circle": "another group", hypothesis: "Hypothesis" } as const;
const day = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });

export function attribution(imported: ImportedFrom, format: (date: Date) => string = (d) => day.format(d)): string {
  const from = `Imported from ${SOURCE[imported.source] ?? "a file"}`;
  const by = imported.authorName ? `originally by ${imported.authorName}` : "";
  const when = imported.createdAt ? format(new Date(imported.createdAt)) : "";
  const original = [by, when].filter(Boolean).join(", ");
  return original ? `${from} · ${original[0]!.toUpperCase()}${original.slice(1)}` : from;
}
