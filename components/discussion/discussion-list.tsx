"use client";

import { useEffect, useId, useMemo, useState } from "react";
import { Avatar } from "@/components/groups/avatar";
import { timeAgo } from "@/components/annotations/format";
import { newNoteId } from "@/components/ui/note-id";
import { MAX_BODY_LENGTH } from "@/lib/annotations/schemas";
import type { AnnotationView } from "@/lib/annotations/view";
import { MAX_TITLE_LENGTH } from "@/lib/discussion/schemas";
import type { Member } from "@/lib/discussion/mentions";
import { threadsApi } from "./api";
import { MentionTextarea } from "@/components/annotations/mention-textarea";

/**
 * A text's general discussion: titled threads about the text as a whole (pinned first,
 * then the most recent), and a form to start one.
 */
export function DiscussionList({
  groupId,
  slug,
  members,
  headingId,
  onOpen,
  onCount,
}: {
  groupId: string;
  slug: string;
  members: readonly Member[];
  headingId: string;
  onOpen: (id: string) => void;
  onCount?: (n: number) => void;
}) {
  const api = useMemo(() => threadsApi(groupId), [groupId]);
  const [list, setList] = useState<AnnotationView[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [starting, setStarting] = useState(false);

  useEffect(() => {
    let live = true;
    void api.discussions(slug).then((r) => {
      if (!live) return;
      if (r.ok) {
        setList(r.data.discussions);
        onCount?.(r.data.discussions.length);
      } else setError(r.error);
    });
    return () => {
      live = false;
    };
  }, [api, slug, onCount]);

  const sorted = useMemo(
    () => [...(list ?? [])].sort((a, b) => Number(b.pinned) - Number(a.pinned) || b.createdAt.localeCompare(a.createdAt)),
    [list],
  );

  return (
    <div className="flex-1 overflow-y-auto p-4 font-sans text-sm">
      <div className="mb-3 flex items-center justify-between gap-2">
        <h2 id={headingId} tabIndex={-1} className="text-base font-semibold outline-none">
          General discussion
        </h2>
        {!starting && (
          <button type="button" onClick={() => setStarting(true)} className="rounded-md bg-accent px-3 py-1.5 text-xs font-semibold text-paper">
            Start a discussion
          </button>
        )}
      </div>
      <p className="mb-3 text-ink-soft">Threads about the text as a whole, not one passage of it.</p>
      {starting && (
        <NewDiscussion
          members={members}
          onCancel={() => setStarting(false)}
          onSubmit={async (input) => {
            const result = await api.startDiscussion({ id: newNoteId(), text: slug, ...input });
            if (!result.ok) return result.error;
            setStarting(false);
            setList((l) => [...(l ?? []), result.data.discussion]);
            onOpen(result.data.discussion.id);
            return null;
          }}
        />
      )}
      {error && (
        <p role="alert" className="text-red-700 dark:text-red-300">
          {error}
        </p>
      )}
      {list === null && !error && <div className="h-24 animate-pulse rounded-lg bg-accent-soft/60" aria-busy="true" />}
      {list?.length === 0 && !starting && (
        <div className="rounded-lg border border-dashed border-rule p-5 text-center text-ink-soft">
          <p className="font-medium text-ink">No discussions yet.</p>
          <p className="mt-1">Start one with a question for the whole group — what the text argues, or how it lands today.</p>
        </div>
      )}
      <ul className="space-y-2">
        {sorted.map((d) => (
          <li key={d.id}>
            <button
              type="button"
              data-discussion={d.id}
              onClick={() => onOpen(d.id)}
              className="block w-full rounded-lg border border-rule bg-raised p-3 text-start hover:border-accent/50"
            >
              <span className="flex items-center gap-1.5 text-[11px] font-semibold">
                {d.pinned && <span className="rounded-full bg-amber-100 px-2 py-0.5 text-amber-900 dark:bg-amber-900/50 dark:text-amber-100">Pinned</span>}
                {d.kind === "question" && (
                  <span className="rounded-full bg-sky-100 px-2 py-0.5 text-sky-900 dark:bg-sky-900/50 dark:text-sky-100">
                    {d.answerId ? "Answered" : d.resolved ? "Resolved" : "Question"}
                  </span>
                )}
              </span>
              <span className="mt-1 block font-serif text-[15px] font-semibold text-ink">{d.deleted ? "(deleted)" : d.title}</span>
              <span className="mt-1 flex items-center gap-2 text-xs text-muted">
                <Avatar id={d.author.id} name={d.author.name} size="sm" />
                {d.author.name} · {timeAgo(d.createdAt)} · {d.replyCount === 1 ? "1 reply" : `${d.replyCount} replies`}
              </span>
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}

function NewDiscussion({
  members,
  onSubmit,
  onCancel,
}: {
  members: readonly Member[];
  onSubmit: (input: { kind: "comment" | "question"; title: string; body: string }) => Promise<string | null>;
  onCancel: () => void;
}) {
  const id = useId();
  const [kind, setKind] = useState<"comment" | "question">("question");
  const [title, setTitle] = useState("");
  const [body, setBody] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const invalid = !title.trim() || !body.trim() || title.length > MAX_TITLE_LENGTH || body.length > MAX_BODY_LENGTH;
  return (
    <form
      className="mb-4 space-y-2 rounded-lg border border-accent/40 bg-raised p-3 shadow-sm"
      onSubmit={async (e) => {
        e.preventDefault();
        if (invalid || busy) return;
        setBusy(true);
        setError(await onSubmit({ kind, title, body }));
        setBusy(false);
      }}
      onKeyDown={(e) => {
        if (e.key === "Escape") {
          e.stopPropagation();
          onCancel();
        }
      }}
    >
      <div role="radiogroup" aria-label="Kind of discussion" className="flex gap-1">
        {(["question", "comment"] as const).map((k) => (
          <button
            key={k}
            type="button"
            role="radio"
            aria-checked={kind === k}
            onClick={() => setKind(k)}
            className={`rounded-full px-2.5 py-0.5 text-xs font-medium ${kind === k ? "bg-accent text-paper" : "border border-rule text-ink-soft hover:bg-accent-soft"}`}
          >
            {k === "question" ? "Question" : "Topic"}
          </button>
        ))}
      </div>
      <label htmlFor={`${id}-title`} className="block text-xs font-semibold text-ink-soft">
        Title
      </label>
      <input
        id={`${id}-title`}
        autoFocus
        value={title}
        maxLength={MAX_TITLE_LENGTH + 20}
        onChange={(e) => setTitle(e.target.value)}
        aria-invalid={title.length > MAX_TITLE_LENGTH}
        className="block w-full rounded-md border border-rule bg-paper px-2.5 py-1.5 text-ink focus:border-accent"
        placeholder="What is the text’s main claim?"
      />
      <label htmlFor={`${id}-body`} className="block text-xs font-semibold text-ink-soft">
        First message
      </label>
      <MentionTextarea
        id={`${id}-body`}
        value={body}
        onValueChange={setBody}
        members={members}
        rows={3}
        className="block w-full resize-y rounded-md border border-rule bg-paper px-2.5 py-2 leading-relaxed text-ink focus:border-accent"
        placeholder="Say more — @ to mention someone"
      />
      <p role="alert" className="text-xs text-red-700 empty:hidden dark:text-red-300">
        {title.length > MAX_TITLE_LENGTH ? `Keep the title under ${MAX_TITLE_LENGTH} characters.` : (error ?? "")}
      </p>
      <div className="flex justify-end gap-1.5">
        <button type="button" onClick={onCancel} className="rounded-md px-2.5 py-1 text-xs font-medium text-ink-soft hover:bg-accent-soft">
          Cancel
        </button>
        <button type="submit" disabled={invalid || busy} className="rounded-md bg-accent px-3 py-1 text-xs font-semibold text-paper disabled:opacity-60">
          {busy ? "Starting…" : "Start discussion"}
        </button>
      </div>
    </form>
  );
}
