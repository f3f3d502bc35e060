/** The id part made from a footnote label: `[^Note 2]` → `note-2`, used as `fn-note-2`. */
export function footnoteSlug(label: string): string {
  return label.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "") || "x";
}
