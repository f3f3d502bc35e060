/** Button styles shared by links, forms and client components. */
export function buttonClass(variant: "primary" | "secondary" | "danger" = "primary") {
  const base =
    "inline-flex items-center justify-center gap-2 rounded-md px-4 py-2 text-sm font-medium transition-colors disabled:cursor-progress disabled:opacity-70";
  if (variant === "secondary") return `${base} border border-rule bg-raised text-ink hover:bg-accent-soft`;
  if (variant === "danger") return `${base} border border-red-300 bg-raised text-red-800 hover:bg-red-50 dark:border-red-800 dark:text-red-300 dark:hover:bg-red-950/40`;
  return `${base} bg-accent text-paper hover:opacity-90`;
}
