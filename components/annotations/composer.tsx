"use client";

import { useEffect, useId, useRef, useState } from "react";
import { MAX_BODY_LENGTH } from "@/lib/annotations/schemas";
import { isTag, MAX_FIELD_TAGS, splitTagInput } from "@/lib/annotations/tags";
import { MentionTextarea } from "./mention-textarea";
import { useMembers } from "./members-context";

/** `tags`: the tag field (a note's #tags in its body count too). */
export type ComposerValue = { kind: "comment" | "question"; body: string; visibility: "group" | "private"; tags?: string[] };

/**
 * Writing a note, new or edited. The text is kept on any failure; Ctrl/⌘+Enter posts,
 * Escape cancels.
 */
export function Composer({
  initial,
  quote,
  submitLabel,
  error,
  busy,
  onSubmit,
  onCancel,
}: {
  initial: ComposerValue;
  quote?: string;
  submitLabel?: string;
  error?: string | null;
  busy: boolean;
  onSubmit: (value: ComposerValue) => void;
  onCancel: () => void;
}) {
  const [value, setValue] = useState(initial);
  const [tagText, setTagText] = useState((initial.tags ?? []).map((t) => `#${t}`).join(" "));
  const members = useMembers();
  const area = useRef<HTMLTextAreaElement>(null);
  const id = useId();
  useEffect(() => {
    area.current?.focus();
  }, []);
  const tooLong = value.body.length > MAX_BODY_LENGTH;
  const empty = !value.body.trim();
  const tags = splitTagInput(tagText);
  const badTag = tags.find((t) => !isTag(t)) ?? (tags.length > MAX_FIELD_TAGS ? "" : undefined);
  const blocked = empty || tooLong || badTag !== undefined;
  const send = () => {
    if (!blocked && !busy) onSubmit({ ...value, tags });
  };
  const label = submitLabel ?? (value.kind === "question" ? "Ask question" : "Post comment");

  return (
    <form
      data-composer=""
      className="rounded-lg border border-accent/40 bg-raised p-3 font-sans text-sm shadow-md"
      onSubmit={(e) => {
        e.preventDefault();
        send();
      }}
      onKeyDown={(e) => {
        if (e.key === "Escape") {
          e.stopPropagation();
          onCancel();
        }
        if (e.key === "Enter" && (e.metaKey || e.ctrlKey)) {
          e.preventDefault();
          send();
        }
      }}
    >
      {quote && (
        <p className="mb-2 line-clamp-2 border-s-2 border-accent/50 ps-2 font-serif text-[13px] italic text-ink-soft">{quote}</p>
      )}
      <div role="radiogroup" aria-label="Kind of note" className="mb-2 flex gap-1">
        {(["comment", "question"] as const).map((kind) => (
          <button
            key={kind}
            type="button"
            role="radio"
            aria-checked={value.kind === kind}
            onClick={() => setValue((v) => ({ ...v, kind }))}
            className={`rounded-full px-2.5 py-0.5 text-xs font-medium ${
              value.kind === kind ? "bg-accent text-paper" : "border border-rule text-ink-soft hover:bg-accent-soft"
            }`}
          >
            {kind === "comment" ? "Comment" : "Question"}
          </button>
        ))}
      </div>
      <label htmlFor={`${id}-body`} className="sr-only">
        {value.kind === "question" ? "Your question" : "Your comment"}
      </label>
      <MentionTextarea
        ref={area}
        id={`${id}-body`}
        members={value.visibility === "private" ? [] : members}
        value={value.body}
        rows={3}
        aria-invalid={tooLong || !!error}
        aria-describedby={`${id}-hint ${id}-error`}
        placeholder={value.kind === "question" ? "What would you like to ask the group? @ to mention someone" : "What do you make of this passage? @ to mention someone"}
        onValueChange={(body) => setValue((v) => ({ ...v, body }))}
        className="block w-full resize-y rounded-md border border-rule bg-paper px-2.5 py-2 leading-relaxed text-ink placeholder:text-muted focus:border-accent"
      />
      <p id={`${id}-hint`} className={`mt-1 text-xs ${tooLong ? "text-red-700 dark:text-red-300" : "text-muted"}`}>
        {tooLong
          ? `${(value.body.length - MAX_BODY_LENGTH).toLocaleString()} characters over the limit of ${MAX_BODY_LENGTH.toLocaleString()}.`
          : "*italic*, **bold**, > quote, - lists and [links](https://…) work."}
      </p>
      <div className="mt-2 flex items-center gap-2">
        <label htmlFor={`${id}-tags`} className="text-xs font-medium text-ink-soft">
          Tags
        </label>
        <input
          id={`${id}-tags`}
          value={tagText}
          onChange={(e) => setTagText(e.target.value)}
          maxLength={MAX_FIELD_TAGS * 42}
          autoComplete="off"
          placeholder="#strike #dual-power"
          aria-invalid={badTag !== undefined}
          aria-describedby={`${id}-tags-hint`}
          className="min-w-0 flex-1 rounded-md border border-rule bg-paper px-2 py-1 text-xs text-ink placeholder:text-muted focus:border-accent"
        />
      </div>
      <p id={`${id}-tags-hint`} className="mt-1 text-xs text-red-700 empty:hidden dark:text-red-300">
        {badTag === undefined
          ? ""
          : badTag === ""
            ? `At most ${MAX_FIELD_TAGS} tags.`
            : `“${badTag}” can’t be a tag: one word of letters and digits (joined by - or _), not starting with a digit.`}
      </p>
      <p id={`${id}-error`} role="alert" className="mt-1 text-xs text-red-700 empty:hidden dark:text-red-300">
        {error ?? ""}
      </p>
      <div className="mt-2 flex flex-wrap items-center justify-between gap-2">
        <label className="flex items-center gap-1.5 text-xs text-ink-soft">
          <input
            type="checkbox"
            checked={value.visibility === "private"}
            onChange={(e) => setValue((v) => ({ ...v, visibility: e.target.checked ? "private" : "group" }))}
            className="accent-[var(--accent)]"
          />
          Only me
        </label>
        <span className="flex gap-1.5">
          <button type="button" onClick={onCancel} className="rounded-md px-2.5 py-1.5 text-xs font-medium text-ink-soft hover:bg-accent-soft">
            Cancel
          </button>
          <button
            type="submit"
            disabled={busy || blocked}
            className="rounded-md bg-accent px-3 py-1.5 text-xs font-semibold text-paper disabled:cursor-not-allowed disabled:opacity-60"
          >
            {busy ? "Saving…" : label}
          </button>
        </span>
      </div>
    </form>
  );
}
