import { initials } from "@/lib/initials";

const HUES = [18, 36, 150, 190, 220, 265, 320, 350];

/** Initials on a soft colour chosen from the person's id, so each member is recognisable. */
const SIZES = {
  sm: "size-7 text-[11px]",
  md: "size-9 text-xs",
  // Beside the text: small enough for a phone's narrow page edge, "sm" from tablets up.
  gutter: "size-5 text-[9px] sm:size-7 sm:text-[11px]",
};

export function Avatar({ id, name, size = "md" }: { id: string; name: string; size?: keyof typeof SIZES }) {
  let hash = 0;
  for (const ch of id) hash = (hash * 31 + ch.charCodeAt(0)) >>> 0;
  const hue = HUES[hash % HUES.length];
  return (
    <span
      aria-hidden="true"
      style={{ backgroundColor: `hsl(${hue} 55% 88%)`, color: `hsl(${hue} 45% 28%)` }}
      className={`inline-flex shrink-0 items-center justify-center rounded-full font-sans font-semibold ${SIZES[size]}`}
    >
      {initials(name)}
    </span>
  );
}
