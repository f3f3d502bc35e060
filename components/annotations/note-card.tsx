"use client";

import { memo, useState } from "react";
import { Avatar } from "@/components/groups/avatar";
import { isOpenQuestion, type AnnotationView } from "@/lib/annotations/view";
import type { ApiResult } from "./api";
import { Composer, type ComposerValue } from "./composer";
import { fullTime, timeAgo } from "./format";
import { attribution } from "@/lib/annotations/attribution";
import { NoteBody } from "./note-body";
import { usePendingNote } from "./pending-context";

export type CardActions = {
  activate: (id: string | null) => void;
  edit: (note: AnnotationView, value: ComposerValue, revision: number) => Promise<ApiResult<{ annotation: AnnotationView }>>;
  remove: (note: AnnotationView) => void;
  hide: (note: AnnotationView, hidden: boolean) => void;
  place?: (note: AnnotationView) => void;
  openThread?: (note: AnnotationView) => void;
};

/** One note in the margin (or the notes sheet): who, when, what, and what you may do with it. */
export const NoteCard = memo(function NoteCard({
  note,
  meId,
  facilitator,
  active,
  actions,
  showQuote = false,
  style,
  cardRef,
}: {
  note: AnnotationView;
  meId: string;
  facilitator: boolean;
  active: boolean;
  actions: CardActions;
  showQuote?: boolean;
  style?: React.CSSProperties;
  cardRef?: (el: HTMLElement | null) => void;
}) {
  const [editing, setEditing] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [newer, setNewer] = useState<AnnotationView | null>(null);
  // The revision the edit started from: a change arriving live while one edits must still
  // count as a conflict, not be overwritten silently.
  const [base, setBase] = useState<number | null>(null);
  const mine = note.author.id === meId;
  // Written offline and not yet sent: nothing to reply to, edit or delete on the server yet.
  const pending = usePendingNote(note.id);
  const kindLabel = note.kind === "question" ? "Question" : note.kind === "highlight" ? "Highlight" : "Comment";

  return (
    <article
      ref={cardRef}
      style={style}
      data-note={note.id}
      data-kind={note.kind}
      data-active={active ? "" : undefined}
      aria-label={note.deleted ? `A deleted ${kindLabel.toLowerCase()}, kept for its replies` : `${kindLabel} by ${mine ? "you" : note.author.name}`}
      tabIndex={-1}
      onMouseEnter={() => actions.activate(note.id)}
      onMouseLeave={() => actions.activate(null)}
      onFocus={() => actions.activate(note.id)}
      onBlur={(e) => {
        if (!e.currentTarget.contains(e.relatedTarget as Node | null)) actions.activate(null);
      }}
      className={`note-card group/card rounded-lg border bg-raised p-3 font-sans text-[13px] leading-snug outline-none ${
        active ? "border-accent/60 shadow-md" : "border-rule"
      } ${note.hidden ? "opacity-75" : ""}`}
    >
      <header className="flex items-center gap-2">
        {note.deleted ? (
          <p className="flex-1 text-xs font-semibold text-muted">A deleted note</p>
        ) : (
          <Avatar id={note.author.id} name={note.author.name} size="sm" />
        )}
        <div className={`min-w-0 flex-1 ${note.deleted ? "hidden" : ""}`}>
          <p className="truncate font-semibold text-ink">{mine ? "You" : note.author.name}</p>
          <p className="text-xs text-muted">
            <time dateTime={note.createdAt} title={fullTime(note.createdAt)}>
              {timeAgo(note.createdAt)}
            </time>
            {note.editedAt && <span title={`Edited ${fullTime(note.editedAt)}`}> · edited</span>}
          </p>
        </div>
        {note.kind === "question" && (
          <span
            className={`rounded-full px-2 py-0.5 text-[11px] font-semibold ${
              isOpenQuestion(note)
                ? "bg-sky-100 text-sky-900 dark:bg-sky-900/50 dark:text-sky-100"
                : "bg-emerald-100 text-emerald-900 dark:bg-emerald-900/50 dark:text-emerald-100"
            }`}
          >
            {isOpenQuestion(note) ? (
              <>
                <span aria-hidden="true">? </span>Question
              </>
            ) : note.answerId ? (
              "✓ Answered"
            ) : (
              "Resolved"
            )}
          </span>
        )}
      </header>
      {note.imported && !note.deleted && (
        <p data-imported="" className="mt-1 text-[11px] text-muted">
          {attribution(note.imported)}
        </p>
      )}
      {(note.pinned || note.forMeeting) && (
        <p className="mt-1.5 flex flex-wrap gap-1.5 text-[11px] font-semibold">
          {note.pinned && <span className="rounded bg-amber-100 px-1.5 py-0.5 text-amber-900 dark:bg-amber-900/50 dark:text-amber-100">Pinned</span>}
          {note.forMeeting && <span className="rounded bg-violet-100 px-1.5 py-0.5 text-violet-900 dark:bg-violet-900/50 dark:text-violet-100">For the meeting</span>}
        </p>
      )}
      {(note.visibility === "private" || note.hidden || pending) && (
        <p className="mt-1.5 flex flex-wrap gap-1.5 text-[11px] font-medium">
          {pending && (
            <span data-pending="" className="rounded bg-amber-100 px-1.5 py-0.5 font-semibold text-amber-900 dark:bg-amber-900/40 dark:text-amber-100">
              Waiting to send
            </span>
          )}
          {note.visibility === "private" && <span className="rounded bg-accent-soft px-1.5 py-0.5 text-ink-soft">Only you can see this</span>}
          {note.hidden && (
            <span className="rounded bg-red-100 px-1.5 py-0.5 text-red-900 dark:bg-red-950 dark:text-red-200">
              Hidden from the group by a facilitator
            </span>
          )}
        </p>
      )}
      {showQuote && (
        <p className="mt-2 line-clamp-3 border-s-2 border-rule ps-2 font-serif text-[13px] italic text-ink-soft">{note.quote.exact}</p>
      )}
      {editing ? (
        <div className="mt-2">
          {newer && (
            <div className="mb-2 rounded-md bg-accent-soft p-2 text-xs text-ink-soft">
              <p className="font-semibold">The newer text is:</p>
              <NoteBody body={newer.body} />
            </div>
          )}
          <Composer
            initial={{ kind: note.kind === "question" ? "question" : "comment", body: note.body, visibility: note.visibility, tags: note.fieldTags ?? [] }}
            submitLabel="Save changes"
            busy={busy}
            error={error}
            onCancel={() => {
              setEditing(false);
              setError(null);
              setNewer(null);
            }}
            onSubmit={async (value) => {
              setBusy(true);
              const result = await actions.edit(note, value, newer?.revision ?? base ?? note.revision);
              setBusy(false);
              if (result.ok) {
                setEditing(false);
                setError(null);
                setNewer(null);
              } else {
                setError(result.error);
                if (result.current) setNewer(result.current);
              }
            }}
          />
        </div>
      ) : note.deleted ? (
        <p className="mt-2 text-[13px] italic text-muted">This note was deleted; its replies are kept.</p>
      ) : (
        note.body && (
          <div className="mt-2 text-[13.5px] leading-relaxed text-ink">
            <NoteBody body={note.body} mentions={note.mentions} />
          </div>
        )
      )}
      {!editing && !note.deleted && (note.tags ?? []).length > 0 && (
        <p className="mt-1.5 flex flex-wrap gap-1" aria-label="Tags">
          {note.tags.map((t) => (
            <span key={t} className="rounded-full bg-accent-soft px-1.5 py-px text-[11px] font-medium text-ink-soft">
              #{t}
            </span>
          ))}
        </p>
      )}
      {!editing && !pending && (actions.openThread || (!note.deleted && (mine || facilitator || actions.place))) && (
        <footer className="mt-2 flex flex-wrap items-baseline gap-x-3 gap-y-1 text-xs font-medium text-muted">
          {note.kind !== "highlight" && actions.openThread && (
            <button
              type="button"
              data-open-thread={note.id}
              onClick={() => actions.openThread?.(note)}
              className="font-semibold text-accent hover:underline"
            >
              {note.replyCount === 0 ? "Reply" : note.replyCount === 1 ? "1 reply" : `${note.replyCount} replies`}
            </button>
          )}
          {!note.deleted && mine && note.kind !== "highlight" && (
            <button
              type="button"
              className="hover:text-ink hover:underline"
              onClick={() => {
                setBase(note.revision);
                setEditing(true);
              }}
            >
              Edit
            </button>
          )}
          {!note.deleted && mine && (
            <button type="button" className="hover:text-ink hover:underline" onClick={() => actions.remove(note)}>
              Delete
            </button>
          )}
          {!note.deleted && facilitator && note.visibility === "group" && (
            <button type="button" className="hover:text-ink hover:underline" onClick={() => actions.hide(note, !note.hidden)}>
              {note.hidden ? "Show to the group" : "Hide from the group"}
            </button>
          )}
          {!note.deleted && actions.place && (mine || facilitator) && (
            <button type="button" className="text-accent hover:underline" onClick={() => actions.place?.(note)}>
              Place on new words
            </button>
          )}
          {note.reactions.length > 0 && (
            <span className="ms-auto tabular-nums" title={note.reactions.map((r) => `${r.kind}: ${r.people.length}`).join(", ")}>
              {note.reactions.reduce((n, r) => n + r.people.length, 0)} {note.reactions.reduce((n, r) => n + r.people.length, 0) === 1 ? "reaction" : "reactions"}
            </span>
          )}
        </footer>
      )}
    </article>
  );
});
