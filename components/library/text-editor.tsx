"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useId, useMemo, useRef, useState } from "react";
import { buttonClass } from "@/components/forms/button-class";
import { textsApi, type PreviewBlock, type SaveResult, type TextSourceInput } from "./texts-api";
import { blockWords, chaptersOf } from "@/lib/content/chapters";

type Props = {
  groupId: string;
  slug: string;
  initial: TextSourceInput;
  notes: string[];
  published: boolean;
  hasDraft: boolean;
  retired: boolean;
  versionNumber: number | null;
};

const KIND_LABEL: Record<PreviewBlock["kind"], string> = { heading: "Heading", paragraph: "¶", quote: "Quote", listItem: "List", footnote: "Note", rule: "Break" };

/**
 * The Markdown source of a group's text beside the paragraphs it makes, updated as one
 * types: what readers will see, and what their notes will attach to. Publishing makes a
 * new version and carries the group's notes over to it.
 */
export function TextEditor({ groupId, slug, initial, notes, published, hasDraft, retired: initiallyRetired, versionNumber }: Props) {
  const router = useRouter();
  const api = textsApi(groupId);
  const ids = useId();
  const [source, setSource] = useState<TextSourceInput>(initial);
  const [preview, setPreview] = useState<{ blocks: PreviewBlock[]; wordCount: number } | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string[]>>({});
  const [checking, setChecking] = useState(true);
  const [busy, setBusy] = useState<null | "publish" | "draft" | "discard" | "retire">(null);
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [retired, setRetired] = useState(initiallyRetired);
  const [dirty, setDirty] = useState(false);
  const textarea = useRef<HTMLTextAreaElement>(null);

  // The preview follows the source, a moment after typing stops; an older answer never overwrites a newer one.
  useEffect(() => {
    const controller = new AbortController();
    const timer = setTimeout(async () => {
      const result = await api.preview(source, controller.signal);
      if (controller.signal.aborted) return;
      setChecking(false);
      if (result.ok) {
        setPreview(result.data);
        setProblem(null);
        setFieldErrors({});
      } else {
        setProblem(result.fieldErrors?.markdown?.[0] ?? (result.fieldErrors ? null : result.error));
        setFieldErrors(result.fieldErrors ?? {});
      }
    }, 350);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- api is rebuilt each render from groupId alone
  }, [source, groupId]);

  // Leaving with unsaved changes asks first.
  useEffect(() => {
    if (!dirty) return;
    const warn = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener("beforeunload", warn);
    return () => window.removeEventListener("beforeunload", warn);
  }, [dirty]);

  const set = (field: keyof TextSourceInput) => (event: React.ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) => {
    const value = event.target.value;
    setDirty(true);
    setChecking(true);
    setMessage(null);
    setSource((s) => ({ ...s, [field]: field === "year" ? (value ? Number(value) : undefined) : value || (field === "markdown" || field === "title" ? "" : undefined) }));
  };

  async function save(draft: boolean) {
    setBusy(draft ? "draft" : "publish");
    setError(null);
    setMessage(null);
    const result = await api.save(slug, source, draft);
    setBusy(null);
    if (!result.ok) {
      setFieldErrors(result.fieldErrors ?? {});
      return setError(result.error);
    }
    setDirty(false);
    if (draft) return setMessage("Draft saved. The group still sees the published version, if there is one.");
    setMessage(publishedMessage(result.data));
    router.refresh();
  }

  async function discard() {
    if (!window.confirm(published ? "Throw away the unpublished changes? The published version stays as it is." : "Throw away this draft? The text was never published.")) return;
    setBusy("discard");
    const result = await api.discard(slug);
    setBusy(null);
    if (!result.ok) return setError(result.error);
    setDirty(false);
    router.push(result.data.deleted ? `/groups/${groupId}` : `/groups/${groupId}/texts/${encodeURIComponent(slug)}`);
  }

  async function retire(next: boolean) {
    setBusy("retire");
    const result = await api.retire(slug, next);
    setBusy(null);
    if (!result.ok) return setError(result.error);
    setRetired(next);
    setMessage(next ? "Retired: the text is out of the library and the week planner. Its notes are kept; restore it at any time." : "Restored to the library.");
  }

  const field = (name: keyof TextSourceInput, label: string, props: React.InputHTMLAttributes<HTMLInputElement> = {}) => {
    const id = `${ids}-${name}`;
    const errors = fieldErrors[name];
    return (
      <div>
        <label htmlFor={id} className="block text-sm font-medium text-ink">
          {label}
        </label>
        <input
          id={id}
          value={source[name] === undefined ? "" : String(source[name])}
          onChange={set(name)}
          aria-invalid={errors?.length ? true : undefined}
          aria-describedby={errors?.length ? `${id}-error` : undefined}
          className={`mt-1 block w-full rounded-md border bg-paper px-3 py-1.5 text-[15px] text-ink focus:border-accent focus:outline-none focus:ring-2 focus:ring-accent/30 ${errors?.length ? "border-red-600" : "border-rule"}`}
          {...props}
        />
        {errors?.length ? (
          <p id={`${id}-error`} className="mt-1 text-sm text-red-700 dark:text-red-400">
            {errors.join(" ")}
          </p>
        ) : null}
      </div>
    );
  };

  const counts = preview ? countKinds(preview.blocks) : null;
  // A long text is read a chapter at a time: the chapters it will have, as the reader will split it.
  const chapters = useMemo(() => {
    if (!preview) return null;
    const split = preview.blocks.map((b) => ({ id: b.id, kind: b.kind, level: b.level, plainText: b.text }));
    return chaptersOf(split, split.reduce((n, b) => n + (b.kind === "footnote" ? 0 : blockWords(b)), 0));
  }, [preview]);

  return (
    <div className="mt-8 space-y-6">
      {notes.length > 0 && (
        <section aria-labelledby={`${ids}-notes`} className="rounded-xl border border-amber-300 bg-amber-50 p-4 text-sm dark:border-amber-800 dark:bg-amber-950/30">
          <h2 id={`${ids}-notes`} className="font-semibold text-ink">
            Check these in the preview
          </h2>
          <ul className="mt-2 list-disc space-y-1 pl-5 text-ink-soft">
            {notes.map((note) => (
              <li key={note}>{note}</li>
            ))}
          </ul>
        </section>
      )}

      <div className="grid gap-6 lg:grid-cols-2">
        <section aria-label="Source" className="min-w-0 space-y-4">
          <div className="grid gap-3 sm:grid-cols-2">
            <div className="sm:col-span-2">{field("title", "Title", { maxLength: 300, required: true })}</div>
            {field("author", "Author", { maxLength: 200 })}
            {field("year", "Year", { inputMode: "numeric", maxLength: 4 })}
            {field("source", "Source", { maxLength: 1000, placeholder: "Where it was published, or a URL" })}
            {field("licence", "Licence", { maxLength: 300, placeholder: "Public domain, CC BY-SA 4.0…" })}
          </div>
          <div>
            <label htmlFor={`${ids}-markdown`} className="block text-sm font-medium text-ink">
              Text, in Markdown
            </label>
            <p id={`${ids}-markdown-hint`} className="mt-0.5 text-xs text-muted">
              A blank line starts a new paragraph; <code># Heading</code>, <code>&gt; quote</code>, <code>- list item</code>, <code>[^1]</code> for a note and{" "}
              <code>[^1]: …</code> for its text.
            </p>
            <textarea
              ref={textarea}
              id={`${ids}-markdown`}
              value={source.markdown}
              onChange={set("markdown")}
              spellCheck
              aria-describedby={`${ids}-markdown-hint${problem ? ` ${ids}-problem` : ""}`}
              aria-invalid={problem ? true : undefined}
              className="mt-1.5 block h-[28rem] w-full resize-y rounded-md border border-rule bg-paper px-3 py-2 font-mono text-[13px] leading-relaxed text-ink focus:border-accent focus:outline-none focus:ring-2 focus:ring-accent/30 lg:h-[36rem]"
            />
            {problem && (
              <p id={`${ids}-problem`} role="alert" className="mt-1 text-sm text-red-700 dark:text-red-400">
                {problem}
              </p>
            )}
          </div>
        </section>

        <section aria-labelledby={`${ids}-preview`} className="flex min-w-0 flex-col">
          <div className="flex items-baseline justify-between gap-3">
            <h2 id={`${ids}-preview`} className="text-sm font-medium text-ink">
              How it will read
            </h2>
            <p className="text-xs text-muted" aria-live="polite">
              {checking ? "Updating…" : counts ? `${counts} · ${preview!.wordCount.toLocaleString("en")} words` : ""}
            </p>
          </div>
          {chapters && (
            <details className="mt-1.5 rounded-md border border-rule bg-raised px-3 py-2 text-sm" data-testid="preview-chapters">
              <summary className="cursor-pointer font-medium text-ink-soft">
                Long enough to read a chapter at a time: {chapters.length} chapters
              </summary>
              <ol className="mt-2 max-h-48 space-y-0.5 overflow-y-auto text-ink-soft">
                {chapters.map((c) => (
                  <li key={c.n}>
                    {c.title} <span className="text-xs text-muted">· {c.words.toLocaleString("en")} words</span>
                  </li>
                ))}
              </ol>
            </details>
          )}
          {/* The preview fills the column beside the source, and scrolls: its length never stretches the page. */}
          <div className="relative mt-1.5 h-[28rem] lg:h-auto lg:flex-1">
            <div className={`absolute inset-0 overflow-y-auto rounded-md border border-rule bg-raised px-5 py-4 ${checking ? "opacity-80" : ""}`} tabIndex={0} aria-label="Preview">
              {preview ? <PreviewBlocks blocks={preview.blocks} /> : <p className="text-sm text-muted">{problem ? "Fix the problem in the source to see the preview." : "Reading…"}</p>}
            </div>
          </div>
        </section>
      </div>

      {error && (
        <p role="alert" className="rounded-md border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-800 dark:border-red-800 dark:bg-red-950/40 dark:text-red-200">
          {error}
        </p>
      )}
      {message && (
        <p role="status" className="rounded-md border border-rule bg-accent-soft/60 px-3 py-2 text-sm text-ink">
          {message}{" "}
          <Link href={`/groups/${groupId}/texts/${encodeURIComponent(slug)}`} className="font-medium">
            Open the text
          </Link>
        </p>
      )}

      <div className="flex flex-wrap items-center gap-3 border-t border-rule pt-5">
        <button type="button" onClick={() => save(false)} disabled={busy !== null || problem !== null} className={buttonClass("primary")}>
          {busy === "publish" ? "Publishing…" : published ? "Publish changes" : "Publish to the group"}
        </button>
        <button type="button" onClick={() => save(true)} disabled={busy !== null} className={buttonClass("secondary")}>
          {busy === "draft" ? "Saving…" : "Save draft"}
        </button>
        {(hasDraft || !published) && (
          <button type="button" onClick={discard} disabled={busy !== null} className={buttonClass("danger")}>
            {published ? "Discard changes" : "Discard draft"}
          </button>
        )}
        {published && (
          <button type="button" onClick={() => retire(!retired)} disabled={busy !== null} className={buttonClass("secondary")}>
            {retired ? "Restore to the library" : "Retire from the library"}
          </button>
        )}
        <p className="text-xs text-muted">
          {published
            ? `Version ${versionNumber} is published${retired ? " (retired)" : ""}. Publishing changes keeps every note on its passage; any that cannot be placed go to the review.`
            : "A draft: only the group’s editors can see it."}
        </p>
      </div>
    </div>
  );
}

function publishedMessage(result: SaveResult): string {
  const r = result.reanchored;
  if (!r) return `Published as version ${result.versionNumber}.`;
  const carried = r.exact + r.moved;
  const parts = [`Published as version ${result.versionNumber}.`];
  if (carried) parts.push(`${carried} note${carried === 1 ? "" : "s"} carried over${r.moved ? ` (${r.moved} to a changed passage)` : ""}.`);
  if (r.orphan) parts.push(`${r.orphan} note${r.orphan === 1 ? "" : "s"} could not be placed and wait${r.orphan === 1 ? "s" : ""} in the review on the text’s page.`);
  return parts.join(" ");
}

function countKinds(blocks: PreviewBlock[]): string {
  const paragraphs = blocks.filter((b) => b.kind === "paragraph" || b.kind === "quote" || b.kind === "listItem").length;
  const headings = blocks.filter((b) => b.kind === "heading").length;
  const notes = blocks.filter((b) => b.kind === "footnote").length;
  return [`${paragraphs} paragraph${paragraphs === 1 ? "" : "s"}`, headings && `${headings} heading${headings === 1 ? "" : "s"}`, notes && `${notes} note${notes === 1 ? "" : "s"}`].filter(Boolean).join(", ");
}

function PreviewBlocks({ blocks }: { blocks: PreviewBlock[] }) {
  return (
    <ol className="space-y-3">
      {blocks.map((block) => (
        <li key={block.id} className="grid grid-cols-[3.25rem_1fr] gap-3">
          <span className="pt-1 text-right text-[10px] font-semibold uppercase tracking-wider text-muted">{KIND_LABEL[block.kind]}</span>
          {block.kind === "heading" ? (
            <p className={`font-serif font-semibold text-ink ${block.level <= 2 ? "text-xl" : "text-lg"}`}>{block.text}</p>
          ) : block.kind === "quote" ? (
            <p className="border-l-2 border-accent/50 pl-3 font-serif italic text-ink-soft">{block.text}</p>
          ) : block.kind === "listItem" ? (
            <p className="font-serif text-ink" style={{ paddingLeft: `${block.level * 1.25}rem` }}>
              • {block.text}
            </p>
          ) : block.kind === "footnote" ? (
            <p className="text-sm text-ink-soft">{block.text}</p>
          ) : block.kind === "rule" ? (
            <hr className="my-2 border-rule" />
          ) : (
            <p className="font-serif leading-relaxed text-ink">{block.text}</p>
          )}
        </li>
      ))}
    </ol>
  );
}
