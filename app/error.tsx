"use client";

// Shown when a page fails on the server. The error's message stays in the server
// log; the reader gets words, never a stack trace.
export default function ErrorPage({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <main id="main" className="mx-auto max-w-xl px-6 py-24 text-center">
      <p className="text-sm font-semibold uppercase tracking-[0.14em] text-accent">Something went wrong</p>
      <h1 className="mt-3 font-serif text-3xl font-semibold">This page could not be shown</h1>
      <p className="mt-4 text-ink-soft">It’s not you: the server had a problem. Trying again often helps.</p>
      <button
        type="button"
        onClick={reset}
        className="mt-8 rounded-md bg-accent px-4 py-2 text-sm font-medium text-paper hover:opacity-90"
      >
        Try again
      </button>
    </main>
  );
}
