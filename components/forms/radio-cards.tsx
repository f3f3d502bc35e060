// A choice of a few options shown as cards, each with a label and a line saying what it
// means: the chosen card takes the accent. A plain radio group underneath, so it posts with
// its form, needs no script and is keyboard-operable as the browser makes radios.
export type RadioCard = readonly [value: string, label: string, hint: string];

export function RadioCards({ name, options, chosen }: { name: string; options: readonly RadioCard[]; chosen: string }) {
  return (
    <div className="grid gap-2 sm:grid-cols-2">
      {options.map(([value, label, hint]) => (
        <label key={value} className="flex cursor-pointer gap-2.5 rounded-lg border border-rule p-3 has-[:checked]:border-accent has-[:checked]:bg-accent-soft">
          <input type="radio" name={name} value={value} defaultChecked={chosen === value} className="mt-1 accent-[var(--accent)]" />
          <span>
            <span className="block text-sm font-semibold text-ink">{label}</span>
            <span className="block text-xs text-muted">{hint}</span>
          </span>
        </label>
      ))}
    </div>
  );
}
