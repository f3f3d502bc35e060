"use client";

import Link from "next/link";
import { useId, useRef, useState } from "react";
import { buttonClass } from "@/components/forms/button-class";
import { MAX_IMPORT_BYTES } from "@/lib/import/limits";

type Report = {
  source: "study-circle" | "hypothesis";
  text: { slug: string; title: string };
  placed: number;
  orphaned: number;
  replies: number;
  refused: { reason: string; note?: string }[];
};

type Progress = { phase: "uploading"; fraction: number } | { phase: "placing" };

const MAX_MB = MAX_IMPORT_BYTES / 1024 / 1024;
const plural = (n: number, one: string, many: string) => `${n.toLocaleString()} ${n === 1 ? one : many}`;

function send(groupId: string, form: FormData, onProgress: (p: Progress) => void): Promise<{ ok: true; report: Report } | { ok: false; error: string }> {
  return new Promise((resolve) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", `/api/groups/${encodeURIComponent(groupId)}/import`);
    xhr.setRequestHeader("Accept", "application/json");
    xhr.upload.onprogress = (event) => event.lengthComputable && onProgress({ phase: "uploading", fraction: event.loaded / event.total });
    xhr.upload.onload = () => onProgress({ phase: "placing" });
    xhr.onerror = () => resolve({ ok: false, error: "Couldn’t reach Study Circle. Check your connection and try again." });
    xhr.onload = () => {
      let body: (Report & { error?: string }) | null = null;
      try {
        body = JSON.parse(xhr.responseText) as Report & { error?: string };
      } catch {
        body = null;
      }
      if (xhr.status === 200 && body && typeof body.placed === "number") resolve({ ok: true, report: body });
      else resolve({ ok: false, error: body?.error ?? "Something went wrong on our side. Please try again." });
    };
    xhr.send(form);
  });
}

/** A file of notes, the text they are for, and — once imported — what happened to each. */
export function ImportForm({ groupId, texts, initialText }: { groupId: string; texts: { slug: string; title: string }[]; initialText: string }) {
  const [file, setFile] = useState<File | null>(null);
  const [text, setText] = useState(initialText);
  const [progress, setProgress] = useState<Progress | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [report, setReport] = useState<Report | null>(null);
  const reportRef = useRef<HTMLElement>(null);
  const fileRef = useRef<HTMLInputElement>(null);
  const ids = useId();
  const busy = progress !== null;

  async function submit(event: React.FormEvent) {
    event.preventDefault();
    setError(null);
    if (!file) return setError("Choose a file to import.");
    if (file.size > MAX_IMPORT_BYTES) return setError(`That file is ${(file.size / 1024 / 1024).toFixed(1)} MB; the limit for an import is ${MAX_MB} MB.`);
    const form = new FormData();
    form.set("file", file);
    if (text) form.set("text", text);
    setProgress({ phase: "uploading", fraction: 0 });
    const result = await send(groupId, form, setProgress);
    setProgress(null);
    if (!result.ok) return setError(result.error);
    setReport(result.report);
    // The report replaces the form: move focus to it so it is read out.
    requestAnimationFrame(() => reportRef.current?.focus());
  }

  function again() {
    setReport(null);
    setFile(null);
    requestAnimationFrame(() => fileRef.current?.focus());
  }

  if (report) {
    const textHref = `/groups/${groupId}/texts/${encodeURIComponent(report.text.slug)}`;
    const nothing = report.placed + report.orphaned + report.replies === 0;
    return (
      <section
        ref={reportRef}
        tabIndex={-1}
        aria-labelledby={`${ids}-report`}
        data-import-report=""
        className="mt-8 max-w-2xl rounded-xl border border-rule bg-raised p-5 shadow-sm outline-none sm:p-6"
      >
        <h2 id={`${ids}-report`} className="font-serif text-2xl font-semibold">
          {nothing ? "Nothing was imported" : "Imported"}
        </h2>
        <p className="mt-1 text-sm text-ink-soft">
          {report.source === "hypothesis" ? "Hypothesis notes" : "Notes"} for{" "}
          <Link href={textHref} className="font-medium text-accent underline underline-offset-2">
            {report.text.title}
          </Link>
          {nothing ? ": the file changed nothing." : "."}
        </p>
        <dl className="mt-5 grid grid-cols-3 gap-3 text-center">
          {(
            [
              ["Placed on their words", report.placed, "placed"],
              ["Sent to Unplaced notes", report.orphaned, "orphaned"],
              ["Refused", report.refused.length, "refused"],
            ] as const
          ).map(([label, count, key]) => (
            <div key={key} data-count={key} className="flex flex-col justify-between rounded-lg border border-rule bg-paper px-2 py-3">
              <dt className="text-xs font-medium text-muted">{label}</dt>
              <dd className="mt-1 font-serif text-3xl font-semibold tabular-nums text-ink">{count.toLocaleString()}</dd>
            </div>
          ))}
        </dl>
        <ul className="mt-5 space-y-2 text-sm text-ink-soft">
          {report.replies > 0 && <li>{plural(report.replies, "reply was", "replies were")} added to their threads.</li>}
          {report.orphaned > 0 && (
            <li>
              {plural(report.orphaned, "note’s words were", "notes’ words were")} not found in the group’s version of the text: open the text and
              choose <strong className="font-semibold text-ink">Unplaced notes</strong> to place {report.orphaned === 1 ? "it" : "them"} by selecting
              the words again.
            </li>
          )}
          <li>Each note is added under your name, with who first wrote it and when shown on its card. No one was notified.</li>
        </ul>
        {report.refused.length > 0 && (
          <div className="mt-5">
            <h3 className="text-sm font-semibold text-ink">Not imported</h3>
            <ul className="mt-2 divide-y divide-rule rounded-lg border border-rule bg-paper text-sm">
              {report.refused.map((r, i) => (
                <li key={i} className="px-3 py-2">
                  {r.note && <p className="truncate font-serif italic text-ink-soft">“{r.note}”</p>}
                  <p className="text-ink">{r.reason}</p>
                </li>
              ))}
            </ul>
          </div>
        )}
        <div className="mt-6 flex flex-wrap gap-3">
          <Link href={textHref} className={buttonClass("primary")}>
            Open the text
          </Link>
          <button type="button" onClick={again} className={buttonClass("secondary")}>
            Import another file
          </button>
        </div>
      </section>
    );
  }

  return (
    <form onSubmit={submit} className="mt-8 max-w-2xl space-y-6 rounded-xl border border-rule bg-raised p-5 shadow-sm sm:p-6" noValidate aria-busy={busy}>
      <div>
        <label htmlFor={`${ids}-file`} className="block text-sm font-medium text-ink">
          File
        </label>
        <input
          ref={fileRef}
          id={`${ids}-file`}
          type="file"
          accept=".json,.jsonld,application/json,application/ld+json"
          disabled={busy}
          onChange={(e) => {
            setFile(e.target.files?.[0] ?? null);
            setError(null);
          }}
          aria-describedby={`${ids}-file-hint`}
          className="mt-1.5 block w-full rounded-md border border-rule bg-paper px-3 py-2 text-sm text-ink file:mr-3 file:rounded-md file:border-0 file:bg-accent-soft file:px-3 file:py-1.5 file:text-sm file:font-medium file:text-ink"
        />
        <p id={`${ids}-file-hint`} className="mt-1 text-xs text-muted">
          A Study Circle export (W3C Web Annotations, .jsonld or .json) or a Hypothesis export (.json); up to {MAX_MB} MB and 2,000 notes.
        </p>
      </div>

      <div>
        <label htmlFor={`${ids}-text`} className="block text-sm font-medium text-ink">
          The text the notes are on
        </label>
        <select
          id={`${ids}-text`}
          value={text}
          disabled={busy}
          onChange={(e) => {
            setText(e.target.value);
            setError(null);
          }}
          aria-describedby={`${ids}-text-hint`}
          className="mt-1.5 block w-full rounded-md border border-rule bg-paper px-3 py-2 text-[15px] text-ink focus:border-accent focus:outline-none focus:ring-2 focus:ring-accent/30"
        >
          <option value="">The text the file names (Study Circle exports)</option>
          {texts.map((t) => (
            <option key={t.slug} value={t.slug}>
              {t.title}
            </option>
          ))}
        </select>
        <p id={`${ids}-text-hint`} className="mt-1 text-xs text-muted">
          Hypothesis notes name a web page, not a text here: choose the text they were made on.
        </p>
      </div>

      {error && (
        <p role="alert" className="rounded-md border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-800 dark:border-red-800 dark:bg-red-950/40 dark:text-red-200">
          {error}
        </p>
      )}

      {progress && (
        <div role="status" aria-live="polite" className="space-y-1.5">
          <div className="h-2 overflow-hidden rounded-full bg-accent-soft" aria-hidden>
            <div
              className={`h-full rounded-full bg-accent transition-[width] ${progress.phase === "placing" ? "animate-pulse" : ""}`}
              style={{ width: progress.phase === "placing" ? "100%" : `${Math.round(progress.fraction * 100)}%` }}
            />
          </div>
          <p className="text-xs text-muted">
            {progress.phase === "uploading" ? `Uploading… ${Math.round(progress.fraction * 100)}%` : "Placing the notes on the text…"}
          </p>
        </div>
      )}

      <div className="flex flex-wrap items-center gap-3">
        <button type="submit" disabled={busy} className={buttonClass("primary")}>
          {busy ? "Importing…" : "Import notes"}
        </button>
        <p className="text-xs text-muted">All or nothing: if the import fails, nothing is added.</p>
      </div>
    </form>
  );
}
