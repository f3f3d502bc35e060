"use client";

import { useEffect, useState } from "react";

const RETRY_MS = 4000;

// Shown when a page fails on the server. The error's message stays in the server
// log; the reader gets words, never a stack trace. It asks the server's health check
// why: when the database cannot be reached, it says so calmly and tries again by itself
// until the page can be shown (scripts/serve.ts has already answered 503 for it).
export default function ErrorPage({ retry }: { error: Error & { digest?: string }; retry: () => void }) {
  const [unreachable, setUnreachable] = useState(false);

  useEffect(() => {
    let live = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const check = async () => {
      const status = await fetch("/api/health", { cache: "no-store" }).then((r) => r.status, () => 0);
      if (!live) return;
      if (status === 200) {
        if (unreachable) retry();
        return;
      }
      setUnreachable(true);
      timer = setTimeout(() => void check(), RETRY_MS);
    };
    void check();
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [retry, unreachable]);

  if (unreachable)
    return (
      <main id="main" className="mx-auto max-w-xl px-6 py-24 text-center">
        <title>Retrying — Study Circle</title>
        <p className="text-sm font-semibold uppercase tracking-[0.14em] text-accent">One moment</p>
        <h1 className="mt-3 font-serif text-3xl font-semibold">We can’t reach the library right now — retrying</h1>
        <p className="mt-4 text-ink-soft">
          The server can’t reach its database at the moment. Nothing you wrote is lost: notes waiting in your browser are sent once it
          answers again.
        </p>
        <p role="status" className="mt-8 inline-flex items-center gap-2.5 text-sm text-muted">
          <span aria-hidden="true" className="size-2 animate-pulse rounded-full bg-accent motion-reduce:animate-none" />
          This page tries again by itself.
        </p>
      </main>
    );

  return (
    <main id="main" className="mx-auto max-w-xl px-6 py-24 text-center">
      <title>Something went wrong — Study Circle</title>
      <p className="text-sm font-semibold uppercase tracking-[0.14em] text-accent">Something went wrong</p>
      <h1 className="mt-3 font-serif text-3xl font-semibold">This page could not be shown</h1>
      <p className="mt-4 text-ink-soft">It’s not you: the server had a problem. Trying again often helps.</p>
      <button
        type="button"
        onClick={retry}
        className="mt-8 rounded-md bg-accent px-4 py-2 text-sm font-medium text-paper hover:opacity-90"
      >
        Try again
      </button>
    </main>
  );
}
