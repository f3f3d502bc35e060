import { initials } from "@/lib/initials";

const HUES = [18, 36, 150, 190, 220, 265, 320, 350];

/** Initials on a soft colour chosen from the person's id, so each member is recognisable. */
export function Avatar({ id, name, size = "md" }: { id: string; name: string; size?: "sm" | "md" }) {
  let hash = 0;
  for (const ch of id) hash = (hash * 31 + ch.charCodeAt(0)) >>> 0;
  const hue = HUES[hash % HUES.length];
  return (
    <span
      aria-hidden="true"
      style={{ backgroundColor: `hsl(${hue} 55% 88%)`, color: `hsl(${hue} 45% 28%)` }}
      className={`inline-flex shrink-0 items-center justify-center rounded-full font-sans font-semibold ${
        size === "sm" ? "size-7 text-[11px]" : "size-9 text-xs"
      }`}
    >
      {initials(name)}
    </span>
  );
}
