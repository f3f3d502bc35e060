"use client";

import { useEffect, useRef, useState } from "react";

const THEMES = [
  { value: "light", label: "Light" },
  { value: "sepia", label: "Sepia" },
  { value: "dark", label: "Dark" },
] as const;
const SIZES = ["small", "medium", "large", "larger"] as const;
type Size = (typeof SIZES)[number];

function save(key: string, value: string | null) {
  try {
    if (value === null) localStorage.removeItem(key);
    else localStorage.setItem(key, value);
  } catch {
    /* private mode: the choice lasts for this page only */
  }
}

/** Theme and text size, remembered in this browser. */
export function ReaderControls() {
  const [open, setOpen] = useState(false);
  const [theme, setTheme] = useState<string | null>(null);
  const [size, setSize] = useState<Size>("medium");
  const panel = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);

  // Marks the button as working (hydrated): tests wait for it rather than guessing.
  useEffect(() => {
    button.current?.setAttribute("data-ready", "");
  }, []);

  useEffect(() => {
    if (!open) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key === "Escape") {
        setOpen(false);
        button.current?.focus();
      }
    };
    const onClick = (event: MouseEvent) => {
      if (!panel.current?.contains(event.target as Node) && !button.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener("keydown", onKey);
    document.addEventListener("mousedown", onClick);
    return () => {
      document.removeEventListener("keydown", onKey);
      document.removeEventListener("mousedown", onClick);
    };
  }, [open]);

  const chooseTheme = (value: string | null) => {
    setTheme(value);
    if (value) document.documentElement.dataset.theme = value;
    else delete document.documentElement.dataset.theme;
    save("sc-theme", value);
  };
  const step = (by: number) => {
    const next = SIZES[Math.min(SIZES.length - 1, Math.max(0, SIZES.indexOf(size) + by))] ?? "medium";
    setSize(next);
    if (next === "medium") delete document.documentElement.dataset.textSize;
    else document.documentElement.dataset.textSize = next;
    save("sc-text-size", next === "medium" ? null : next);
  };

  return (
    <div className="relative">
      <button
        ref={button}
        type="button"
        aria-expanded={open}
        aria-controls="reader-controls"
        onClick={() => {
          if (!open) {
            // The saved choice was applied to <html> before paint (app/layout.tsx); read it back.
            const root = document.documentElement;
            setTheme(root.dataset.theme ?? null);
            setSize((root.dataset.textSize as Size | undefined) ?? "medium");
          }
          setOpen(!open);
        }}
        className="flex h-9 items-center gap-1.5 rounded-md px-2.5 text-sm text-muted hover:bg-accent-soft hover:text-ink"
      >
        <span aria-hidden="true" className="font-serif text-base leading-none">
          Aa
        </span>
        <span className="sr-only sm:not-sr-only">Display</span>
      </button>
      {open && (
        <div
          ref={panel}
          id="reader-controls"
          role="group"
          aria-label="Display settings"
          className="absolute right-0 top-11 w-64 rounded-lg border border-rule bg-raised p-4 text-sm shadow-lg"
        >
          <fieldset>
            <legend className="mb-2 text-xs font-medium uppercase tracking-wide text-muted">Theme</legend>
            <div className="grid grid-cols-4 gap-1.5">
              <ThemeButton label="Auto" pressed={theme === null} onClick={() => chooseTheme(null)} />
              {THEMES.map((t) => (
                <ThemeButton key={t.value} label={t.label} pressed={theme === t.value} onClick={() => chooseTheme(t.value)} />
              ))}
            </div>
          </fieldset>
          <fieldset className="mt-4">
            <legend className="mb-2 text-xs font-medium uppercase tracking-wide text-muted">Text size</legend>
            <div className="flex items-center justify-between gap-2">
              <button
                type="button"
                onClick={() => step(-1)}
                disabled={size === SIZES[0]}
                className="h-9 flex-1 rounded-md border border-rule hover:bg-accent-soft disabled:opacity-40"
              >
                <span aria-hidden="true" className="mr-1 font-serif text-xs">
                  A
                </span>
                Smaller
              </button>
              <span className="sr-only" aria-live="polite">
                {size}
              </span>
              <button
                type="button"
                onClick={() => step(1)}
                disabled={size === SIZES[SIZES.length - 1]}
                className="h-9 flex-1 rounded-md border border-rule hover:bg-accent-soft disabled:opacity-40"
              >
                <span aria-hidden="true" className="mr-1 font-serif text-base">
                  A
                </span>
                Larger
              </button>
            </div>
          </fieldset>
        </div>
      )}
    </div>
  );
}

function ThemeButton({ label, pressed, onClick }: { label: string; pressed: boolean; onClick: () => void }) {
  return (
    <button
      type="button"
      aria-pressed={pressed}
      onClick={onClick}
      className="h-9 rounded-md border border-rule text-xs hover:bg-accent-soft aria-pressed:border-accent aria-pressed:bg-accent-soft aria-pressed:font-semibold"
    >
      {label}
    </button>
  );
}
