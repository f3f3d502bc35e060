"use client";

import { useState } from "react";
import { buttonClass } from "@/components/forms/button-class";
import { readingsApi } from "./api";

/**
 * The member's secret calendar address for the group's due dates: shown on request,
 * copied with one click, and reset (which stops the old address at once).
 */
export function CalendarLink({ groupId }: { groupId: string }) {
  const [url, setUrl] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const api = readingsApi(groupId);

  const run = async (fn: () => ReturnType<typeof api.calendar>, done: string | null) => {
    setBusy(true);
    const result = await fn();
    setBusy(false);
    if (!result.ok) return setMessage(result.error);
    setUrl(result.data.url);
    setMessage(done);
  };

  return (
    <div className="space-y-2 text-sm">
      {!url ? (
        <button type="button" className={buttonClass("secondary")} disabled={busy} onClick={() => run(api.calendar, null)}>
          {busy ? "Getting your address…" : "Add the due dates to your calendar"}
        </button>
      ) : (
        <>
          <label htmlFor="calendar-url" className="block text-xs font-medium text-ink-soft">
            Your calendar address (subscribe to it in your calendar app; keep it to yourself)
          </label>
          <div className="flex gap-2">
            <input
              id="calendar-url"
              readOnly
              value={url}
              onFocus={(e) => e.currentTarget.select()}
              className="min-w-0 flex-1 rounded-md border border-rule bg-paper px-2 py-1.5 font-mono text-xs text-ink"
            />
            <button
              type="button"
              className={buttonClass("secondary")}
              onClick={async () => {
                await navigator.clipboard?.writeText(url).catch(() => undefined);
                setMessage("Copied.");
              }}
            >
              Copy
            </button>
          </div>
          <button
            type="button"
            className="text-xs font-medium text-accent underline disabled:opacity-50"
            disabled={busy}
            onClick={() => run(api.resetCalendar, "A new address is ready: the old one no longer works.")}
          >
            Make a new address (the old one stops working)
          </button>
        </>
      )}
      {message && (
        <p role="status" className="text-xs text-muted">
          {message}
        </p>
      )}
    </div>
  );
}
