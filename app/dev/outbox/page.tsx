import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { outboxVisible } from "@/lib/env";
import { listOutbox } from "@/lib/mail";

export const metadata: Metadata = { title: "Outbox", robots: { index: false } };
export const dynamic = "force-dynamic";

// Mail the app would have sent, for a newcomer's machine and for tests. Exists only
// on the embedded default database while it listens on this machine only, or with
// MAIL_OUTBOX=1 (it shows every invitation to anyone): a real deployment 404s.
export default async function OutboxPage() {
  if (!outboxVisible()) notFound();
  const messages = await listOutbox();
  return (
    <main id="main" tabIndex={-1} className="mx-auto max-w-3xl px-5 pb-24 pt-12 outline-none">
      <p className="text-xs font-semibold uppercase tracking-[0.14em] text-accent">Development</p>
      <h1 className="mt-3 font-serif text-3xl font-semibold">Outbox</h1>
      <p className="mt-2 text-ink-soft">
        No mail server is configured (SMTP_URL), so the mail Study Circle sends is kept here instead.
      </p>
      {messages.length === 0 ? (
        <p className="mt-8 rounded-xl border border-dashed border-rule p-8 text-center text-ink-soft">No mail yet. Invitations you send by email will appear here.</p>
      ) : (
        <ol className="mt-8 space-y-4" aria-label="Messages, newest first">
          {messages.map((m) => (
            <li key={m.id}>
              <article aria-label={m.subject} className="rounded-xl border border-rule bg-raised p-5 shadow-sm">
                <h2 className="font-semibold text-ink">{m.subject}</h2>
                <p className="mt-1 text-xs text-muted">
                  To {m.to} · <time dateTime={m.createdAt.toISOString()}>{m.createdAt.toUTCString()}</time>
                </p>
                <div className="mt-3 whitespace-pre-wrap break-words text-sm leading-relaxed text-ink-soft">
                  {linkify(m.text)}
                </div>
              </article>
            </li>
          ))}
        </ol>
      )}
    </main>
  );
}

/** Plain text with its http(s) links made clickable; everything else stays text. */
function linkify(text: string) {
  return text.split(/(https?:\/\/[^\s]+)/g).map((part, i) =>
    /^https?:\/\//.test(part) ? (
      <a key={i} href={part} className="text-accent">
        {part}
      </a>
    ) : (
      part
    ),
  );
}
