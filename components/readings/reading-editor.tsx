"use client";

import { useRouter } from "next/navigation";
import { useMemo, useRef, useState } from "react";
import { addDays, format, parseISO } from "date-fns";
import { buttonClass } from "@/components/forms/button-class";
import { paragraphNumbers } from "@/lib/readings/range";
import { readingsApi, type ReadingDraft } from "./api";

type Block = { id: string; kind: string; text: string };
/** A long text's chapter: its blocks are blocks[start, end). */
export type EditorChapter = { n: number; title: string; start: number; end: number };
type PromptRow = { key: string; id?: string; body: string; blockId: string | null };
type Picking = null | "start" | "end" | { prompt: string };

const MAX_PROMPT = 500;
const FIELD =
  "mt-1.5 block w-full rounded-md border bg-raised px-3 py-2 text-[15px] text-ink shadow-sm focus:border-accent focus:outline-none focus:ring-2 focus:ring-accent/30";

export type EditorProps = {
  groupId: string;
  timeZone: string;
  texts: { slug: string; title: string }[];
  /** The week being edited, or the defaults for a new one. */
  initial: ReadingDraft & { id?: string; prompts: { id?: string; body: string; blockId: string | null }[] };
  initialBlocks: Block[];
  initialChapters?: EditorChapter[] | null;
};

/** The text's blocks with their paragraph numbers, as readers count them (empty blocks left out). */
function numbered(blocks: Block[]) {
  const numbers = paragraphNumbers(blocks.map((b) => ({ id: b.id, kind: b.kind, plainText: b.text })));
  return blocks.filter((b) => b.text.trim()).map((b) => ({ ...b, n: numbers.get(b.id) ?? null }));
}

/**
 * Plans or edits a week: the text, its range (clicked in the text itself), when it is
 * due in the group's time zone, and prompts, each optionally pinned to a passage.
 */
export function ReadingEditor({ groupId, timeZone, texts, initial, initialBlocks, initialChapters = null }: EditorProps) {
  const router = useRouter();
  const [text, setText] = useState(initial.text);
  const [blocks, setBlocks] = useState<Block[]>(initialBlocks);
  const [chapters, setChapters] = useState<EditorChapter[] | null>(initialChapters);
  const [loadingBlocks, setLoadingBlocks] = useState(false);
  const [weekOf, setWeekOf] = useState(initial.weekOf);
  const [due, setDue] = useState(initial.due);
  const dueTouched = useRef(Boolean(initial.id));
  const [whole, setWhole] = useState(initial.startBlockId === null);
  const [start, setStart] = useState<string | null>(initial.startBlockId);
  const [end, setEnd] = useState<string | null>(initial.endBlockId);
  const [prompts, setPrompts] = useState<PromptRow[]>(() => initial.prompts.map((p, i) => ({ ...p, key: p.id ?? `new-${i}` })));
  const [peek, setPeek] = useState(initial.postBeforePeek);
  const [picking, setPicking] = useState<Picking>(null);
  const [errors, setErrors] = useState<Record<string, string[]>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const keySeq = useRef(initial.prompts.length);
  const rows = useMemo(() => numbered(blocks), [blocks]);
  const index = useMemo(() => new Map(blocks.map((b, i) => [b.id, i])), [blocks]);

  // Another text: its blocks, and a fresh range and pins (the old ones were another text's paragraphs).
  const latest = useRef(initial.text);
  const chooseText = (slug: string) => {
    setText(slug);
    setStart(null);
    setEnd(null);
    setWhole(true);
    setPicking(null);
    setChapters(null);
    setPrompts((all) => all.map((p) => ({ ...p, blockId: null })));
    latest.current = slug;
    setLoadingBlocks(true);
    // Through the group: its own texts are not in the public library.
    fetch(`/api/groups/${groupId}/texts/${encodeURIComponent(slug)}`, { headers: { Accept: "application/json" } })
      .then((r) => (r.ok ? r.json() : Promise.reject(new Error("not loaded"))))
      .then((data: { blocks: Block[]; chapters?: EditorChapter[] | null }) => {
        if (latest.current !== slug) return;
        setBlocks(data.blocks);
        setChapters(data.chapters ?? null);
        setLoadingBlocks(false);
      })
      .catch(() => {
        if (latest.current !== slug) return;
        setLoadingBlocks(false);
        setFormError("Couldn’t load that text’s paragraphs. Check your connection and choose it again.");
      });
  };

  const chooseWeek = (value: string) => {
    setWeekOf(value);
    // Until the due time is set by hand it follows the week: the Sunday after, 18:00.
    if (!dueTouched.current && /^\d{4}-\d{2}-\d{2}$/.test(value)) setDue(`${format(addDays(parseISO(value), 6), "yyyy-MM-dd")}T18:00`);
  };

  const inRange = (id: string) => {
    if (whole || start === null) return whole;
    const i = index.get(id)!;
    const a = index.get(start) ?? 0;
    const b = end !== null ? index.get(end)! : a;
    return i >= Math.min(a, b) && i <= Math.max(a, b);
  };
  // A long text's range can be given in chapters: from the first block of one to the last of another.
  const chapterAt = (id: string | null) => {
    const i = id === null ? undefined : index.get(id);
    return i === undefined ? undefined : chapters?.find((c) => i >= c.start && i < c.end);
  };
  const chooseChapters = (from: number, to: number) => {
    const a = chapters?.find((c) => c.n === from);
    const b = chapters?.find((c) => c.n === to);
    if (!a || !b) return;
    setWhole(false);
    setPicking(null);
    const first = blocks[a.start]!.id;
    setStart(first);
    setEnd(blocks[Math.max(a.end, b.end) - 1]!.id);
    // Show where the reading now starts in the text beside the form.
    requestAnimationFrame(() => {
      const row = document.querySelector(`[data-block-id="${first}"]`);
      const list = row?.closest("ol");
      if (row && list) list.scrollTo({ top: list.scrollTop + row.getBoundingClientRect().top - list.getBoundingClientRect().top - 8, behavior: "smooth" });
    });
  };
  const fromChapter = chapterAt(start);
  const toChapter = chapterAt(end);
  const backwards = !whole && start !== null && end !== null && index.get(end)! < index.get(start)!;

  const pick = (id: string) => {
    if (picking === "start") {
      setStart(id);
      setPicking(end === null ? "end" : null);
    } else if (picking === "end") {
      setEnd(id);
      setPicking(null);
    } else if (picking && typeof picking === "object") {
      setPrompts((all) => all.map((p) => (p.key === picking.prompt ? { ...p, blockId: id } : p)));
      setPicking(null);
    }
  };

  const label = (id: string | null) => {
    if (!id) return null;
    const row = rows.find((r) => r.id === id);
    if (!row) return "a paragraph no longer in the text";
    const words = row.text.split(/\s+/).slice(0, 8).join(" ");
    return row.kind === "heading" ? words : `¶${row.n ?? "?"} “${words}…”`;
  };

  async function submit(event: React.FormEvent) {
    event.preventDefault();
    setBusy(true);
    setFormError(null);
    const draft: ReadingDraft = {
      text,
      weekOf,
      due,
      startBlockId: whole ? null : start,
      endBlockId: whole ? null : end,
      prompts: prompts.map((p) => ({ ...(p.id ? { id: p.id } : {}), body: p.body, blockId: p.blockId })),
      postBeforePeek: peek,
    };
    const api = readingsApi(groupId);
    const result = initial.id ? await api.update(initial.id, draft) : await api.create(draft);
    if (!result.ok) {
      setBusy(false);
      setErrors(result.fieldErrors ?? {});
      setFormError(result.error);
      return;
    }
    router.push(`/groups/${groupId}`);
    router.refresh();
  }

  const err = (key: string) => errors[key]?.join(" ");
  const pickingLabel =
    picking === "start"
      ? "Click the paragraph or heading where the reading starts."
      : picking === "end"
        ? "Now click where the reading ends."
        : picking
          ? `Click the paragraph prompt ${prompts.findIndex((p) => p.key === picking.prompt) + 1} is about.`
          : null;

  return (
    <form onSubmit={submit} noValidate className="grid gap-10 lg:grid-cols-[minmax(0,22rem)_minmax(0,1fr)]">
      <div className="space-y-5">
        {formError && (
          <p role="alert" className="rounded-md border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-900 dark:border-red-800 dark:bg-red-950/40 dark:text-red-200">
            {formError}
          </p>
        )}
        <div>
          <label htmlFor="field-text" className="block text-sm font-medium text-ink">
            Text
          </label>
          <select id="field-text" value={text} onChange={(e) => chooseText(e.target.value)} className={`${FIELD} border-rule`} aria-invalid={err("text") ? true : undefined}>
            {texts.map((t) => (
              <option key={t.slug} value={t.slug}>
                {t.title}
              </option>
            ))}
          </select>
          <FieldError id="text" message={err("text")} />
        </div>
        <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-1">
          <div>
            <label htmlFor="field-weekOf" className="block text-sm font-medium text-ink">
              Week of
            </label>
            <input id="field-weekOf" type="date" value={weekOf} onChange={(e) => chooseWeek(e.target.value)} className={`${FIELD} ${err("weekOf") ? "border-red-600" : "border-rule"}`} aria-invalid={err("weekOf") ? true : undefined} aria-describedby={err("weekOf") ? "error-weekOf" : undefined} />
            <FieldError id="weekOf" message={err("weekOf")} />
          </div>
          <div>
            <label htmlFor="field-due" className="block text-sm font-medium text-ink">
              Due
            </label>
            <input
              id="field-due"
              type="datetime-local"
              value={due}
              onChange={(e) => {
                dueTouched.current = true;
                setDue(e.target.value);
              }}
              className={`${FIELD} ${err("due") ? "border-red-600" : "border-rule"}`}
              aria-invalid={err("due") ? true : undefined}
              aria-describedby={`hint-due${err("due") ? " error-due" : ""}`}
            />
            <FieldError id="due" message={err("due")} />
          </div>
          <p id="hint-due" className="-mt-1 text-xs text-muted sm:col-span-2 lg:col-span-1">
            Times are the group’s: {timeZone.replace(/_/g, " ")}.
          </p>
        </div>

        <fieldset>
          <legend className="text-sm font-medium text-ink">What to read</legend>
          <div className="mt-2 space-y-1.5 text-sm">
            <label className="flex items-center gap-2">
              <input
                type="radio"
                name="range"
                checked={whole}
                onChange={() => {
                  setWhole(true);
                  setPicking(null);
                }}
              />
              The whole text
            </label>
            <label className="flex items-center gap-2">
              <input
                type="radio"
                name="range"
                checked={!whole}
                onChange={() => {
                  setWhole(false);
                  if (start === null) setPicking("start");
                }}
              />
              Part of it, from one paragraph to another
            </label>
          </div>
          {chapters && (
            <div className="mt-3 grid gap-3 rounded-md border border-rule bg-raised p-3 text-sm" data-testid="chapter-range">
              <p className="text-xs text-muted">A long text: choose whole chapters, or click paragraphs in the text for part of one.</p>
              <ChapterSelect
                label="From chapter"
                chapters={chapters}
                value={!whole && fromChapter ? fromChapter.n : null}
                onChange={(from) => chooseChapters(from, !whole && toChapter && toChapter.n >= from ? toChapter.n : from)}
              />
              <ChapterSelect
                label="To chapter"
                chapters={chapters}
                value={!whole && toChapter ? toChapter.n : null}
                onChange={(to) => chooseChapters(!whole && fromChapter && fromChapter.n <= to ? fromChapter.n : to, to)}
              />
            </div>
          )}
          {!whole && (
            <dl className="mt-3 space-y-2 rounded-md border border-rule bg-raised p-3 text-sm">
              <div>
                <dt className="text-xs font-medium uppercase tracking-wider text-muted">Starts at</dt>
                <dd className="flex items-baseline justify-between gap-2">
                  <span data-testid="range-start">{label(start) ?? "Not chosen yet"}</span>
                  <button type="button" className="shrink-0 text-xs font-medium text-accent underline" onClick={() => setPicking("start")}>
                    {start ? "Change" : "Choose"}
                  </button>
                </dd>
                <FieldError id="startBlockId" message={err("startBlockId")} />
              </div>
              <div>
                <dt className="text-xs font-medium uppercase tracking-wider text-muted">Ends at</dt>
                <dd className="flex items-baseline justify-between gap-2">
                  <span data-testid="range-end">{label(end) ?? "Not chosen yet"}</span>
                  <button type="button" className="shrink-0 text-xs font-medium text-accent underline" onClick={() => setPicking("end")}>
                    {end ? "Change" : "Choose"}
                  </button>
                </dd>
                <FieldError id="endBlockId" message={err("endBlockId") ?? (backwards ? "The reading ends before it starts: choose an end after the start." : undefined)} />
              </div>
            </dl>
          )}
        </fieldset>

        <fieldset>
          <legend className="text-sm font-medium text-ink">Prompts for the week</legend>
          <p className="text-xs text-muted">Questions to think about while reading. Pin one to a passage and it sits beside it in the text.</p>
          <ol className="mt-3 space-y-4">
            {prompts.map((p, i) => (
              <li key={p.key} className="rounded-md border border-rule bg-raised p-3">
                <label htmlFor={`prompt-${p.key}`} className="block text-xs font-medium text-ink-soft">
                  Prompt {i + 1}
                </label>
                <textarea
                  id={`prompt-${p.key}`}
                  rows={2}
                  value={p.body}
                  maxLength={MAX_PROMPT + 200}
                  onChange={(e) => setPrompts((all) => all.map((q) => (q.key === p.key ? { ...q, body: e.target.value } : q)))}
                  className={`${FIELD} ${err(`prompts.${i}.body`) ? "border-red-600" : "border-rule"}`}
                  aria-invalid={err(`prompts.${i}.body`) ? true : undefined}
                  aria-describedby={err(`prompts.${i}.body`) ? `error-prompts.${i}.body` : undefined}
                />
                <p className={`mt-1 text-end text-xs ${p.body.length > MAX_PROMPT ? "text-red-700 dark:text-red-400" : "text-muted"}`}>
                  {p.body.length} / {MAX_PROMPT}
                </p>
                <FieldError id={`prompts.${i}.body`} message={err(`prompts.${i}.body`)} />
                <div className="mt-1 flex flex-wrap items-baseline justify-between gap-2 text-xs">
                  <span className="text-muted">{p.blockId ? `Pinned to ${label(p.blockId)}` : "Not pinned to a passage"}</span>
                  <span className="flex gap-3">
                    <button type="button" className="font-medium text-accent underline" onClick={() => setPicking({ prompt: p.key })}>
                      {p.blockId ? "Pin elsewhere" : "Pin to a passage"}
                    </button>
                    {p.blockId && (
                      <button type="button" className="font-medium text-accent underline" onClick={() => setPrompts((all) => all.map((q) => (q.key === p.key ? { ...q, blockId: null } : q)))}>
                        Unpin
                      </button>
                    )}
                    <button type="button" className="font-medium text-red-800 underline dark:text-red-300" onClick={() => setPrompts((all) => all.filter((q) => q.key !== p.key))}>
                      Remove
                    </button>
                  </span>
                </div>
                <FieldError id={`prompts.${i}.blockId`} message={err(`prompts.${i}.blockId`)} />
              </li>
            ))}
          </ol>
          <FieldError id="prompts" message={err("prompts")} />
          <button
            type="button"
            className={`${buttonClass("secondary")} mt-3`}
            onClick={() => setPrompts((all) => [...all, { key: `new-${keySeq.current++}`, body: "", blockId: null }])}
          >
            Add a prompt
          </button>
        </fieldset>

        <label className="flex items-start gap-2 text-sm">
          <input type="checkbox" checked={peek} onChange={(e) => setPeek(e.target.checked)} className="mt-1" />
          <span>
            <span className="font-medium text-ink">Post before you peek</span>
            <span className="block text-xs text-muted">Members see the group’s notes on this text only after writing their own first, so first thoughts are their own.</span>
          </span>
        </label>

        <div className="flex gap-3">
          <button type="submit" disabled={busy} className={buttonClass("primary")}>
            {busy ? "Saving…" : initial.id ? "Save this week" : "Add to the schedule"}
          </button>
          <a href={`/groups/${groupId}`} className={`${buttonClass("secondary")} no-underline`}>
            Cancel
          </a>
        </div>
      </div>

      <section aria-labelledby="picker-heading" className="min-w-0">
        <h2 id="picker-heading" className="font-serif text-xl font-semibold">
          The text
        </h2>
        <p className="mt-1 text-sm text-ink-soft">
          {whole ? "The whole text is this week’s reading." : "Choose the start and end by clicking in the text."} Pin prompts the same way.
        </p>
        {pickingLabel && (
          <p role="status" className="sticky top-0 z-10 mt-3 rounded-md bg-accent px-3 py-2 text-sm font-medium text-paper shadow">
            {pickingLabel}{" "}
            <button type="button" className="ms-2 underline" onClick={() => setPicking(null)}>
              Cancel
            </button>
          </p>
        )}
        <ol
          aria-label="Paragraphs of the text"
          aria-busy={loadingBlocks || undefined}
          className={`mt-3 max-h-[70vh] space-y-1 overflow-y-auto rounded-xl border border-rule bg-raised p-2 ${loadingBlocks ? "opacity-50" : ""}`}
        >
          {rows.map((b) => {
            const pins = prompts.flatMap((p, i) => (p.blockId === b.id ? [i + 1] : []));
            const selected = inRange(b.id);
            return (
              <li key={b.id}>
                <button
                  type="button"
                  data-block-id={b.id}
                  disabled={!picking}
                  onClick={() => pick(b.id)}
                  className={`block w-full rounded-md px-3 py-2 text-start transition-colors disabled:cursor-default ${
                    selected ? "bg-accent-soft/70" : ""
                  } ${picking ? "cursor-pointer hover:bg-accent-soft hover:ring-1 hover:ring-accent/50" : ""}`}
                >
                  <span className="flex items-baseline gap-2">
                    {b.n !== null && <span className="w-8 shrink-0 font-sans text-xs tabular-nums text-muted">¶{b.n}</span>}
                    <span className={`min-w-0 flex-1 ${b.kind === "heading" ? "font-serif text-base font-semibold text-ink" : "line-clamp-2 font-serif text-[15px] text-ink-soft"}`}>
                      {b.text}
                    </span>
                    {!whole && b.id === start && <Badge>Start</Badge>}
                    {!whole && b.id === end && <Badge>End</Badge>}
                    {pins.map((n) => (
                      <Badge key={n}>Prompt {n}</Badge>
                    ))}
                  </span>
                </button>
              </li>
            );
          })}
        </ol>
      </section>
    </form>
  );
}

function ChapterSelect({ label, chapters, value, onChange }: { label: string; chapters: EditorChapter[]; value: number | null; onChange: (n: number) => void }) {
  return (
    <label className="min-w-0">
      <span className="text-xs font-medium uppercase tracking-wider text-muted">{label}</span>
      <select className={`${FIELD} border-rule`} value={value ?? ""} onChange={(e) => onChange(Number(e.target.value))}>
        <option value="" disabled>
          Choose…
        </option>
        {chapters.map((c) => (
          <option key={c.n} value={c.n}>
            {chapterName(c)}
          </option>
        ))}
      </select>
    </label>
  );
}

/** "Chapter 3: Margins" names itself; a bare title gets its number. */
function chapterName(c: EditorChapter) {
  return /^(chapter|part|book|section|letter|lecture|canto|act)\b|^[\divxlc]+[.:)\s]/i.test(c.title) ? c.title : `${c.n}. ${c.title}`;
}

function Badge({ children }: { children: React.ReactNode }) {
  return <span className="shrink-0 rounded-full bg-accent px-2 py-0.5 font-sans text-[11px] font-semibold text-paper">{children}</span>;
}

function FieldError({ id, message }: { id: string; message?: string }) {
  if (!message) return null;
  return (
    <p id={`error-${id}`} className="mt-1 text-sm text-red-700 dark:text-red-400">
      {message}
    </p>
  );
}
