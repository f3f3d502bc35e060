"use client";

import { useState } from "react";
import Markdown, { defaultUrlTransform } from "react-markdown";
import { buttonClass } from "@/components/forms/button-class";
import { readingsApi } from "./api";

// The agenda is Markdown the facilitator writes; react-markdown renders it as React
// elements (never innerHTML), raw HTML shows as text, and links go only to http(s).
const ALLOWED = ["h1", "h2", "h3", "h4", "p", "em", "strong", "a", "blockquote", "ul", "ol", "li", "code", "br", "hr"];
const safeUrl = (url: string) => {
  const cleaned = defaultUrlTransform(url);
  return /^(https?:|mailto:)/i.test(cleaned) ? cleaned : "";
};

export function AgendaMarkdown({ markdown }: { markdown: string }) {
  return (
    <div className="agenda">
      <Markdown allowedElements={ALLOWED} unwrapDisallowed skipHtml urlTransform={safeUrl}>
        {markdown}
      </Markdown>
    </div>
  );
}

type Agenda = { markdown: string; saved: boolean; sharedAt: string | null; generated: string | null };

/**
 * The meeting agenda. Facilitators edit the Markdown beside a preview, start again from
 * the group's latest notes, share it with the group, print it or download it; members
 * read, print and download it once shared.
 */
export function AgendaView({ groupId, readingId, initial, facilitator }: { groupId: string; readingId: string; initial: Agenda; facilitator: boolean }) {
  const [agenda, setAgenda] = useState(initial);
  const [draft, setDraft] = useState(initial.markdown);
  const [busy, setBusy] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const api = readingsApi(groupId);
  const dirty = draft !== agenda.markdown || !agenda.saved;

  const save = async (change: { markdown?: string; shared?: boolean }, doing: string, done: string) => {
    setBusy(doing);
    setError(null);
    const result = await api.saveAgenda(readingId, change);
    setBusy(null);
    if (!result.ok) return setError(result.fieldErrors?.markdown?.join(" ") ?? result.error);
    setAgenda(result.data.agenda);
    setDraft(result.data.agenda.markdown);
    setMessage(done);
  };

  const tools = (
    <div className="no-print flex flex-wrap gap-2">
      <button type="button" className={buttonClass("secondary")} onClick={() => window.print()}>
        Print
      </button>
      <a href={api.agendaMarkdownUrl(readingId)} download className={`${buttonClass("secondary")} no-underline`}>
        Download Markdown
      </a>
    </div>
  );

  if (!facilitator)
    return (
      <div className="space-y-6">
        {tools}
        <article className="rounded-xl border border-rule bg-raised p-6 sm:p-8">
          <AgendaMarkdown markdown={agenda.markdown} />
        </article>
      </div>
    );

  return (
    <div className="space-y-6">
      <div className="no-print flex flex-wrap items-center justify-between gap-3">
        <p className="text-sm text-ink-soft" role="status">
          {agenda.sharedAt ? "Shared with the group." : "Only facilitators can see this agenda until you share it."}
          {message && <span className="ms-2 text-muted">{message}</span>}
        </p>
        {tools}
      </div>
      {error && (
        <p role="alert" className="no-print rounded-md border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-900 dark:border-red-800 dark:bg-red-950/40 dark:text-red-200">
          {error}
        </p>
      )}
      <div className="grid gap-6 lg:grid-cols-2">
        <div className="no-print">
          <label htmlFor="agenda-markdown" className="block text-sm font-medium text-ink">
            Agenda (Markdown)
          </label>
          <textarea
            id="agenda-markdown"
            value={draft}
            onChange={(e) => setDraft(e.target.value)}
            rows={28}
            spellCheck
            className="mt-1.5 block w-full rounded-md border border-rule bg-raised px-3 py-2 font-mono text-[13px] leading-relaxed text-ink focus:border-accent focus:outline-none focus:ring-2 focus:ring-accent/30"
          />
          <div className="mt-3 flex flex-wrap gap-2">
            <button type="button" className={buttonClass("primary")} disabled={busy !== null || !dirty} onClick={() => save({ markdown: draft }, "save", "Saved.")}>
              {busy === "save" ? "Saving…" : "Save agenda"}
            </button>
            <button
              type="button"
              className={buttonClass("secondary")}
              disabled={busy !== null}
              onClick={() => save({ markdown: draft, shared: !agenda.sharedAt }, "share", agenda.sharedAt ? "No longer shared." : "Shared with the group.")}
            >
              {busy === "share" ? "Working…" : agenda.sharedAt ? "Stop sharing" : "Share with the group"}
            </button>
            {agenda.generated && (
              <button
                type="button"
                className={buttonClass("secondary")}
                disabled={busy !== null || draft === agenda.generated}
                onClick={() => {
                  setDraft(agenda.generated!);
                  setMessage("Started again from the group’s latest notes: save to keep it.");
                }}
              >
                Start again from the latest notes
              </button>
            )}
          </div>
        </div>
        <article aria-label="Preview" className="rounded-xl border border-rule bg-raised p-6">
          <AgendaMarkdown markdown={draft} />
        </article>
      </div>
    </div>
  );
}
