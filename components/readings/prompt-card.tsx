"use client";

import { useId, useState } from "react";
import { buttonClass } from "@/components/forms/button-class";
import { newNoteId } from "@/components/ui/note-id";
import { readingsApi } from "./api";
import { pageEvents } from "@/components/ui/page-events";

/**
 * A facilitator's prompt for the week, set beside the passage it is pinned to (or in the
 * week's banner). Answering writes a note in the text's general discussion, titled by the prompt.
 */
export function PromptCard({
  groupId,
  slug,
  prompt,
  number,
  inText = false,
}: {
  groupId: string;
  slug: string;
  prompt: { id: string; body: string; answers: number };
  number: number;
  inText?: boolean;
}) {
  const [open, setOpen] = useState(false);
  const [body, setBody] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [posted, setPosted] = useState<string | null>(null);
  const fieldId = useId();

  async function submit(event: React.FormEvent) {
    event.preventDefault();
    if (!body.trim()) {
      setError("Write your answer first.");
      return;
    }
    setBusy(true);
    setError(null);
    const result = await readingsApi(groupId).answerPrompt({ id: newNoteId(), text: slug, promptId: prompt.id, body });
    setBusy(false);
    if (!result.ok) {
      setError(result.fieldErrors?.body?.join(" ") ?? result.error);
      return;
    }
    setPosted(result.data.discussion.id);
    setOpen(false);
    setBody("");
    pageEvents.posted.emit();
  }

  return (
    <aside
      aria-label={`Prompt ${number}`}
      data-prompt={prompt.id}
      data-anchor-skip=""
      className={`my-4 rounded-lg border border-accent/40 bg-accent-soft/40 px-4 py-3 font-sans text-sm text-ink ${inText ? "xl:-me-4" : ""}`}
    >
      <div className="text-[0.7rem] font-semibold uppercase tracking-[0.12em] text-accent">Prompt {number} · for this week</div>
      <div className="mt-1 font-serif text-base leading-snug text-ink">{prompt.body}</div>
      {posted ? (
        <div role="status" className="mt-2 text-ink-soft">
          Your answer is posted.{" "}
          <a href={`?thread=${posted}`} className="font-medium text-accent underline">
            See it in the discussion
          </a>
        </div>
      ) : open ? (
        <form onSubmit={submit} className="mt-2 space-y-2" noValidate>
          <label htmlFor={fieldId} className="block text-xs font-medium text-ink-soft">
            Your answer
          </label>
          <textarea
            id={fieldId}
            value={body}
            onChange={(e) => setBody(e.target.value)}
            rows={3}
            autoFocus
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? `${fieldId}-error` : undefined}
            onKeyDown={(e) => {
              if (e.key === "Escape") setOpen(false);
            }}
            className="block w-full rounded-md border border-rule bg-raised px-3 py-2 text-[15px] text-ink focus:border-accent focus:outline-none focus:ring-2 focus:ring-accent/30"
          />
          {error && (
            <div id={`${fieldId}-error`} className="text-sm text-red-700 dark:text-red-400">
              {error}
            </div>
          )}
          <div className="flex gap-2">
            <button type="submit" disabled={busy} className={buttonClass("primary")}>
              {busy ? "Posting…" : "Post answer"}
            </button>
            <button type="button" onClick={() => setOpen(false)} className={buttonClass("secondary")}>
              Cancel
            </button>
          </div>
        </form>
      ) : (
        <div className="mt-2 flex flex-wrap items-center gap-3">
          <button type="button" onClick={() => setOpen(true)} className={buttonClass("secondary")}>
            Answer
          </button>
          <span className="text-xs text-muted">
            {prompt.answers ? `${prompt.answers} ${prompt.answers === 1 ? "answer" : "answers"} in the discussion` : "No answers yet"}
          </span>
        </div>
      )}
    </aside>
  );
}
