/** "Ana María López" → "AL": two letters for an avatar. */
export function initials(name: string): string {
  // By code point, so a character outside the Basic Multilingual Plane (𠮷) stays whole.
  const words = name.trim().split(/\s+/).filter(Boolean).map((word) => Array.from(word));
  const first = words[0]?.[0] ?? "?";
  const last = words.length > 1 ? (words.at(-1)?.[0] ?? "") : (words[0]?.[1] ?? "");
  return (first + last).toUpperCase();
}
