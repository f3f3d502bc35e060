"use client";

import { useEffect, useId, useRef, useState } from "react";
import { MAX_BODY_LENGTH } from "@/lib/annotations/schemas";
import type { Member } from "@/lib/discussion/mentions";
import { MentionTextarea } from "@/components/annotations/mention-textarea";

/**
 * Writing a reply (or editing one): the text is kept on failure; Ctrl/⌘+Enter sends,
 * Escape cancels; "@" offers the group's members. Its state is its own, so typing
 * re-renders only this form, never the thread around it.
 */
export function ReplyComposer({
  initial = "",
  label,
  placeholder,
  submitLabel,
  members,
  busy,
  error,
  autoFocus = true,
  onSubmit,
  onCancel,
}: {
  initial?: string;
  label: string;
  placeholder?: string;
  submitLabel: string;
  members: readonly Member[];
  busy: boolean;
  error: string | null;
  autoFocus?: boolean;
  onSubmit: (body: string) => Promise<boolean>;
  onCancel?: () => void;
}) {
  const [body, setBody] = useState(initial);
  const area = useRef<HTMLTextAreaElement>(null);
  const id = useId();
  useEffect(() => {
    if (autoFocus) area.current?.focus();
  }, [autoFocus]);
  const tooLong = body.length > MAX_BODY_LENGTH;
  const empty = !body.trim();
  const send = async () => {
    if (empty || tooLong || busy) return;
    if (await onSubmit(body)) setBody("");
  };

  return (
    <form
      data-reply-composer=""
      className="font-sans text-sm"
      onSubmit={(e) => {
        e.preventDefault();
        void send();
      }}
      onKeyDown={(e) => {
        if (e.key === "Escape" && onCancel) {
          e.stopPropagation();
          onCancel();
        }
        if (e.key === "Enter" && (e.metaKey || e.ctrlKey)) {
          e.preventDefault();
          void send();
        }
      }}
    >
      <label htmlFor={`${id}-body`} className="sr-only">
        {label}
      </label>
      <MentionTextarea
        ref={area}
        id={`${id}-body`}
        value={body}
        onValueChange={setBody}
        members={members}
        rows={2}
        aria-invalid={tooLong || !!error}
        aria-describedby={`${id}-error`}
        placeholder={placeholder ?? "Write a reply — @ to mention someone"}
        className="block w-full resize-y rounded-md border border-rule bg-paper px-2.5 py-2 text-[13.5px] leading-relaxed text-ink placeholder:text-muted focus:border-accent"
      />
      <p id={`${id}-error`} role="alert" className="mt-1 text-xs text-red-700 empty:hidden dark:text-red-300">
        {tooLong ? `${(body.length - MAX_BODY_LENGTH).toLocaleString()} characters over the limit.` : (error ?? "")}
      </p>
      <div className="mt-1.5 flex items-center justify-end gap-1.5">
        {onCancel && (
          <button type="button" onClick={onCancel} className="rounded-md px-2.5 py-1 text-xs font-medium text-ink-soft hover:bg-accent-soft">
            Cancel
          </button>
        )}
        <button
          type="submit"
          disabled={busy || empty || tooLong}
          className="rounded-md bg-accent px-3 py-1 text-xs font-semibold text-paper disabled:cursor-not-allowed disabled:opacity-60"
        >
          {busy ? "Sending…" : submitLabel}
        </button>
      </div>
    </form>
  );
}
