"use client";

import { useMemo, useState, useSyncExternalStore } from "react";

const never = () => () => {};
const browserZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";

const FIELD =
  "mt-1.5 block w-full rounded-md border bg-raised px-3 py-2 text-[15px] text-ink shadow-sm focus:border-accent focus:outline-none focus:ring-2 focus:ring-accent/30";

/**
 * The group's time zone, as a list of the zones this browser knows. Without a value
 * it starts on the browser's own zone (read after hydration, so the server's markup matches).
 */
export function TimeZoneField({ defaultValue, errors }: { defaultValue?: string; errors?: string[] }) {
  const [chosen, setZone] = useState<string | null>(defaultValue ?? null);
  // The server renders UTC; the browser then offers its own zone.
  const browser = useSyncExternalStore(never, browserZone, () => "UTC");
  const zone = chosen ?? browser;
  const zones = useMemo(() => {
    const known = typeof Intl.supportedValuesOf === "function" ? Intl.supportedValuesOf("timeZone") : [];
    return [...new Set(["UTC", ...known, zone])];
  }, [zone]);
  return (
    <div>
      <label htmlFor="field-timeZone" className="block text-sm font-medium text-ink">
        Time zone
      </label>
      <select
        id="field-timeZone"
        name="timeZone"
        value={zone}
        onChange={(e) => setZone(e.target.value)}
        aria-describedby="field-timeZone-hint"
        aria-invalid={errors?.length ? true : undefined}
        className={`${FIELD} ${errors?.length ? "border-red-600 dark:border-red-400" : "border-rule"}`}
      >
        {zones.map((z) => (
          <option key={z} value={z}>
            {z.replace(/_/g, " ")}
          </option>
        ))}
      </select>
      <p id="field-timeZone-hint" className="mt-1 text-xs text-muted">
        Due dates in the schedule are set and shown in this zone.
      </p>
      {errors?.length ? <p className="mt-1 text-sm text-red-700 dark:text-red-400">{errors.join(" ")}</p> : null}
    </div>
  );
}
