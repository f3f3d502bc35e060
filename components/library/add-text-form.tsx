"use client";

import { useRouter } from "next/navigation";
import { useId, useState } from "react";
import { buttonClass } from "@/components/forms/button-class";
import { textsApi, uploadFile } from "./texts-api";

const ACCEPT = ".txt,.md,.markdown,.html,.htm,.docx,.epub,.pdf";
const MAX_MB = 10;

type Mode = "file" | "paste";

/**
 * The first step of adding a text: a file (Word, EPUB, PDF with text, HTML, Markdown or
 * plain text) or pasted source. Either becomes a draft; the next page shows how it was
 * split into paragraphs, to check and fix before publishing.
 */
export function AddTextForm({ groupId }: { groupId: string }) {
  const router = useRouter();
  const [mode, setMode] = useState<Mode>("file");
  const [file, setFile] = useState<File | null>(null);
  const [title, setTitle] = useState("");
  const [format, setFormat] = useState<"markdown" | "text" | "html">("text");
  const [source, setSource] = useState("");
  const [progress, setProgress] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const ids = useId();
  const busy = progress !== null;

  const editorOf = (slug: string) => `/groups/${groupId}/texts/${encodeURIComponent(slug)}/edit`;

  async function submit(event: React.FormEvent) {
    event.preventDefault();
    setError(null);
    if (mode === "file") {
      if (!file) return setError("Choose a file to upload.");
      if (file.size > MAX_MB * 1024 * 1024) return setError(`That file is ${(file.size / 1024 / 1024).toFixed(1)} MB; the limit is ${MAX_MB} MB.`);
      const form = new FormData();
      form.set("file", file);
      if (title.trim()) form.set("title", title.trim());
      form.set("draft", "true");
      setProgress(0);
      const result = await uploadFile(groupId, form, setProgress);
      if (!result.ok) {
        setProgress(null);
        return setError(result.error);
      }
      router.push(editorOf(result.slug));
      return;
    }
    if (!source.trim()) return setError("Paste the text first.");
    setProgress(1);
    const result = await textsApi(groupId).paste({ title: title.trim() || undefined, format, source });
    if (!result.ok) {
      setProgress(null);
      return setError(result.error);
    }
    router.push(editorOf(result.data.slug));
  }

  const tab = (value: Mode, label: string) => (
    <button
      type="button"
      role="tab"
      aria-selected={mode === value}
      aria-controls={`${ids}-${value}`}
      onClick={() => setMode(value)}
      className={`rounded-md px-3 py-1.5 text-sm font-medium ${mode === value ? "bg-accent text-paper" : "text-ink-soft hover:bg-accent-soft"}`}
    >
      {label}
    </button>
  );

  return (
    <form onSubmit={submit} className="mt-8 max-w-2xl space-y-6 rounded-xl border border-rule bg-raised p-5 shadow-sm sm:p-6" noValidate aria-busy={busy}>
      <div role="tablist" aria-label="How to add the text" className="inline-flex gap-1 rounded-lg border border-rule p-1">
        {tab("file", "Upload a file")}
        {tab("paste", "Paste text")}
      </div>

      {mode === "file" ? (
        <div id={`${ids}-file`} role="tabpanel">
          <label htmlFor={`${ids}-input`} className="block text-sm font-medium text-ink">
            File
          </label>
          <input
            id={`${ids}-input`}
            type="file"
            accept={ACCEPT}
            onChange={(e) => setFile(e.target.files?.[0] ?? null)}
            aria-describedby={`${ids}-file-hint`}
            className="mt-1.5 block w-full rounded-md border border-rule bg-paper px-3 py-2 text-sm text-ink file:mr-3 file:rounded-md file:border-0 file:bg-accent-soft file:px-3 file:py-1.5 file:text-sm file:font-medium file:text-ink"
          />
          <p id={`${ids}-file-hint`} className="mt-1 text-xs text-muted">
            Word (.docx), EPUB, PDF with selectable text, HTML, Markdown or plain text; up to {MAX_MB} MB. Old .doc files: save them as .docx first.
          </p>
        </div>
      ) : (
        <div id={`${ids}-paste`} role="tabpanel" className="space-y-3">
          <fieldset>
            <legend className="text-sm font-medium text-ink">What you are pasting</legend>
            <div className="mt-1.5 flex flex-wrap gap-4 text-sm">
              {(
                [
                  ["text", "Plain text (from a web page or an archive)"],
                  ["markdown", "Markdown"],
                  ["html", "HTML"],
                ] as const
              ).map(([value, label]) => (
                <label key={value} className="inline-flex items-center gap-2">
                  <input type="radio" name="format" value={value} checked={format === value} onChange={() => setFormat(value)} />
                  {label}
                </label>
              ))}
            </div>
          </fieldset>
          <div>
            <label htmlFor={`${ids}-source`} className="block text-sm font-medium text-ink">
              Text
            </label>
            <textarea
              id={`${ids}-source`}
              value={source}
              onChange={(e) => setSource(e.target.value)}
              rows={12}
              className="mt-1.5 block w-full rounded-md border border-rule bg-paper px-3 py-2 font-mono text-sm text-ink focus:border-accent focus:outline-none focus:ring-2 focus:ring-accent/30"
              placeholder="Paste the whole text here: title, byline and all. You will see how it was split before anything is published."
            />
          </div>
        </div>
      )}

      <div>
        <label htmlFor={`${ids}-title`} className="block text-sm font-medium text-ink">
          Title <span className="font-normal text-muted">(optional)</span>
        </label>
        <input
          id={`${ids}-title`}
          value={title}
          onChange={(e) => setTitle(e.target.value)}
          maxLength={300}
          className="mt-1.5 block w-full rounded-md border border-rule bg-paper px-3 py-2 text-[15px] text-ink focus:border-accent focus:outline-none focus:ring-2 focus:ring-accent/30"
          aria-describedby={`${ids}-title-hint`}
        />
        <p id={`${ids}-title-hint`} className="mt-1 text-xs text-muted">
          Leave it empty to use the title the document gives itself; you can change it on the next page.
        </p>
      </div>

      {error && (
        <p role="alert" className="rounded-md border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-800 dark:border-red-800 dark:bg-red-950/40 dark:text-red-200">
          {error}
        </p>
      )}

      {busy && (
        <div role="status" aria-live="polite" className="space-y-1.5">
          <div className="h-2 overflow-hidden rounded-full bg-accent-soft" aria-hidden>
            <div className="h-full rounded-full bg-accent transition-[width]" style={{ width: `${Math.round((progress ?? 0) * 100)}%` }} />
          </div>
          <p className="text-xs text-muted">{progress !== null && progress < 1 ? `Uploading… ${Math.round(progress * 100)}%` : "Reading the text and splitting it into paragraphs…"}</p>
        </div>
      )}

      <div className="flex flex-wrap items-center gap-3">
        <button type="submit" disabled={busy} className={buttonClass("primary")}>
          {busy ? "Preparing the preview…" : "Continue to the preview"}
        </button>
        <p className="text-xs text-muted">Nothing is published yet: the group sees the text only after you check it and publish it.</p>
      </div>
    </form>
  );
}
