"use client";

import { useEffect, useMemo, useRef, useState } from "react";
import type { SearchPage, SearchResult, TagCount } from "@/lib/search/view";
import { searchApi, searchQuery, type SearchParams } from "./api";
import { Snippet } from "./snippet";
import { useSlashFocus } from "./use-slash";

type Option = { id: string; name: string };
type Filters = Omit<SearchParams, "cursor" | "limit">;

const KINDS = [
  ["highlight", "Highlights"],
  ["comment", "Comments"],
  ["question", "Questions"],
] as const;

const DEBOUNCE_MS = 250;

const chip = (on: boolean) =>
  `rounded-full border px-3 py-1 text-xs font-medium transition-colors ${on ? "border-accent/50 bg-accent-soft text-ink" : "border-rule bg-raised text-ink-soft hover:bg-accent-soft/60"}`;
const field = "rounded-md border border-rule bg-raised px-2 py-1 text-sm text-ink";

/** How a result introduces itself: "Passage", "Ana’s question", "Ben’s reply to a comment". */
function describe(result: SearchResult, me: string): string {
  if (result.type === "passage") return "Passage";
  const who = result.author?.id === me ? "Your" : `${result.author?.name ?? "Someone"}’s`;
  if (result.type === "reply") return `${who} reply${result.threadKind ? ` to a ${result.threadKind}` : ""}`;
  return `${who} ${result.kind ?? "note"}`;
}

const day = (iso: string | null) => (iso ? new Date(iso).toLocaleDateString("en-GB", { day: "numeric", month: "short", timeZone: "UTC" }) : "");

/** The search page's box, filters, tag list and results, answering as the person types. */
export function SearchView({
  groupId,
  me,
  initial,
  first,
  texts,
  members,
  tags,
}: {
  groupId: string;
  me: string;
  initial: Filters;
  first: SearchPage;
  texts: { slug: string; title: string }[];
  members: Option[];
  tags: TagCount[];
}) {
  const [filters, setFilters] = useState<Filters>(initial);
  const [results, setResults] = useState<SearchResult[]>(first.results);
  const [cursor, setCursor] = useState<string | null>(first.nextCursor);
  const [capped, setCapped] = useState(first.capped ?? false);
  const [state, setState] = useState<"idle" | "searching" | "more" | "error">("idle");
  const [error, setError] = useState<string | null>(null);
  const input = useRef<HTMLInputElement>(null);
  const firstRun = useRef(true);
  const root = useRef<HTMLDivElement>(null);
  useSlashFocus(input);
  // For tests and scripts: the page answers typing from here on.
  useEffect(() => root.current?.setAttribute("data-ready", ""), []);

  const api = useMemo(() => searchApi(groupId), [groupId]);
  const asking = Object.entries(filters).some(([, v]) => v);
  const narrowed = Object.entries(filters).some(([k, v]) => k !== "q" && v);

  // Each change searches again after a pause in typing; the address follows, so a search can be shared or reloaded.
  useEffect(() => {
    if (firstRun.current) {
      firstRun.current = false;
      return;
    }
    const controller = new AbortController();
    const timer = setTimeout(async () => {
      const query = searchQuery(filters);
      window.history.replaceState(null, "", query ? `?${query}` : window.location.pathname);
      if (!asking) {
        setResults([]);
        setCursor(null);
        setState("idle");
        return;
      }
      setState("searching");
      const answer = await api.search(filters, { signal: controller.signal });
      if (controller.signal.aborted) return;
      if (answer.ok) {
        setResults(answer.data.results);
        setCursor(answer.data.nextCursor);
        setCapped(answer.data.capped ?? false);
        setError(null);
        setState("idle");
      } else {
        setError(answer.error);
        setState("error");
      }
    }, DEBOUNCE_MS);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [filters, api, asking]);

  async function more() {
    if (!cursor) return;
    setState("more");
    const answer = await api.search({ ...filters, cursor });
    if (answer.ok) {
      setResults((r) => [...r, ...answer.data.results]);
      setCursor(answer.data.nextCursor);
      setState("idle");
    } else {
      setError(answer.error);
      setState("error");
    }
  }

  const set = (change: Filters) => setFilters((f) => ({ ...f, ...change }));
  const toggle = (key: keyof Filters, value: string) => setFilters((f) => ({ ...f, [key]: f[key] === value ? undefined : value }));

  // Results grouped by text, the texts in the order of their best result.
  const groups = useMemo(() => {
    const byText = new Map<string, { title: string; slug: string; results: SearchResult[] }>();
    for (const r of results) {
      const entry = byText.get(r.textSlug) ?? { title: r.textTitle, slug: r.textSlug, results: [] };
      entry.results.push(r);
      byText.set(r.textSlug, entry);
    }
    return [...byText.values()];
  }, [results]);

  const searched = [
    filters.q ? `“${filters.q}”` : null,
    filters.tag ? `#${filters.tag}` : null,
    filters.text ? `in ${texts.find((t) => t.slug === filters.text)?.title ?? "one text"}` : null,
  ]
    .filter(Boolean)
    .join(" ");

  return (
    <div ref={root} data-search-view="" className="mt-6 grid gap-10 lg:grid-cols-[minmax(0,1fr)_16rem]">
      <div className="min-w-0">
        <form role="search" onSubmit={(e) => e.preventDefault()} className="relative">
          <label htmlFor="search-q" className="sr-only">
            Search the group’s texts and notes
          </label>
          <svg aria-hidden="true" viewBox="0 0 20 20" className="pointer-events-none absolute start-3.5 top-1/2 size-5 -translate-y-1/2 text-muted">
            <circle cx="8.5" cy="8.5" r="5.5" fill="none" stroke="currentColor" strokeWidth="1.8" />
            <path d="m13 13 4 4" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" />
          </svg>
          <input
            ref={input}
            id="search-q"
            type="search"
            name="q"
            value={filters.q ?? ""}
            onChange={(e) => set({ q: e.target.value })}
            maxLength={200}
            autoComplete="off"
            placeholder="Words, “a phrase”, -leave-out, #tag"
            className="w-full rounded-lg border border-rule bg-raised py-3 pe-12 ps-11 font-serif text-lg text-ink shadow-sm placeholder:font-sans placeholder:text-base placeholder:text-muted"
          />
          <kbd className="pointer-events-none absolute end-3.5 top-1/2 -translate-y-1/2 rounded border border-rule px-1.5 font-sans text-xs text-muted max-sm:hidden">/</kbd>
        </form>

        <div role="group" aria-label="Filters" className="mt-4 flex flex-wrap items-center gap-2 text-sm">
          {KINDS.map(([kind, label]) => (
            <button key={kind} type="button" aria-pressed={filters.kind === kind} onClick={() => toggle("kind", kind)} className={chip(filters.kind === kind)}>
              {label}
            </button>
          ))}
          <button type="button" aria-pressed={filters.state === "open"} onClick={() => toggle("state", "open")} className={chip(filters.state === "open")}>
            Open questions
          </button>
          <button type="button" aria-pressed={filters.mine === "1"} onClick={() => toggle("mine", "1")} className={chip(filters.mine === "1")}>
            Mine
          </button>
          <select aria-label="Text" value={filters.text ?? ""} onChange={(e) => set({ text: e.target.value || undefined })} className={`${field} max-w-[16rem]`}>
            <option value="">All texts</option>
            {texts.map((t) => (
              <option key={t.slug} value={t.slug}>
                {t.title}
              </option>
            ))}
          </select>
          <select aria-label="Written by" value={filters.author ?? ""} onChange={(e) => set({ author: e.target.value || undefined })} className={field}>
            <option value="">Anyone</option>
            {members.map((m) => (
              <option key={m.id} value={m.id}>
                {m.id === me ? "Me" : m.name}
              </option>
            ))}
          </select>
          <span className="flex items-center gap-1.5 text-ink-soft">
            <label htmlFor="search-from" className="text-xs">
              From
            </label>
            <input id="search-from" type="date" value={filters.from ?? ""} onChange={(e) => set({ from: e.target.value || undefined })} className={field} />
            <label htmlFor="search-to" className="text-xs">
              to
            </label>
            <input id="search-to" type="date" value={filters.to ?? ""} onChange={(e) => set({ to: e.target.value || undefined })} className={field} />
          </span>
          {filters.tag && (
            <button type="button" onClick={() => set({ tag: undefined })} className={chip(true)} aria-label={`Remove the tag filter #${filters.tag}`}>
              #{filters.tag} <span aria-hidden="true">×</span>
            </button>
          )}
          {narrowed && (
            <button type="button" onClick={() => setFilters({ q: filters.q })} className="text-xs font-medium text-accent underline">
              Clear filters
            </button>
          )}
        </div>

        <p aria-live="polite" className="mt-5 min-h-5 text-sm text-muted" data-testid="search-status">
          {state === "searching"
            ? "Searching…"
            : state === "error"
              ? error
              : asking && results.length
                ? `${results.length}${cursor ? "+" : ""} ${results.length === 1 ? "result" : "results"} for ${searched || "these filters"}`
                : ""}
          {asking && capped && state === "idle" && results.length > 0 && (
            <span className="block">These words are in very many notes: the newest of them are ranked. Add a word or a filter to look further back.</span>
          )}
        </p>

        {asking && state !== "searching" && state !== "error" && results.length === 0 && (
          <div className="mt-2 rounded-lg border border-dashed border-rule px-5 py-6 text-ink-soft">
            <p className="font-serif text-lg text-ink">Nothing found for {searched || "these filters"}.</p>
            <p className="mt-1 text-sm">
              {narrowed ? "Try removing a filter, or fewer words." : "Try fewer words, another form of the word, or leave out the quotes."}{" "}
              {narrowed && (
                <button type="button" onClick={() => setFilters({ q: filters.q })} className="font-medium text-accent underline">
                  Clear filters
                </button>
              )}
            </p>
          </div>
        )}
        {!asking && (
          <p className="mt-2 max-w-prose text-ink-soft">
            Search the words of the group’s texts and the notes and replies you can see. Put a phrase in quotes, leave a word out with a minus, or pick a tag.
          </p>
        )}

        <div className="mt-2 space-y-9">
          {groups.map((g) => (
            <section key={g.slug} aria-label={g.title}>
              <h2 className="font-serif text-xl font-semibold text-ink">
                <cite className="not-italic">{g.title}</cite>
              </h2>
              <ol className="mt-3 space-y-3">
                {g.results.map((r) => (
                  <li key={`${r.type}:${r.id}`}>
                    <a
                      href={r.href}
                      data-result={r.type}
                      className="group block rounded-lg border border-rule bg-raised px-4 py-3 text-ink no-underline transition-colors hover:border-accent/40 hover:bg-accent-soft/30"
                    >
                      <span className="flex flex-wrap items-baseline gap-x-2 font-sans text-xs text-muted">
                        <span className={`font-semibold uppercase tracking-wider ${r.type === "passage" ? "text-accent" : "text-ink-soft"}`}>{describe(r, me)}</span>
                        {r.createdAt && <span>{day(r.createdAt)}</span>}
                        {r.private && <span className="rounded bg-accent-soft px-1.5 text-[11px] text-ink-soft">private</span>}
                      </span>
                      <Snippet
                        text={r.snippet}
                        marks={r.marks}
                        className={`mt-1 block leading-relaxed ${r.type === "passage" ? "font-serif text-[17px]" : "text-[15px]"}`}
                      />
                      {r.tags.length > 0 && (
                        <span className="mt-2 flex flex-wrap gap-1">
                          {r.tags.map((t) => (
                            <span key={t} className="rounded-full bg-accent-soft px-2 py-0.5 text-[11px] font-medium text-ink-soft">
                              #{t}
                            </span>
                          ))}
                        </span>
                      )}
                    </a>
                  </li>
                ))}
              </ol>
            </section>
          ))}
        </div>
        {cursor && (
          <button type="button" onClick={() => void more()} disabled={state === "more"} className="mt-6 rounded-md border border-rule bg-raised px-4 py-2 text-sm font-medium text-ink hover:bg-accent-soft">
            {state === "more" ? "Loading…" : "More results"}
          </button>
        )}
      </div>

      <aside aria-labelledby="tags-heading" className="min-w-0">
        <h2 id="tags-heading" className="font-serif text-xl font-semibold">
          Tags
        </h2>
        {tags.length ? (
          <ul className="mt-3 flex flex-wrap gap-1.5" data-testid="tag-list">
            {tags.map((t) => (
              <li key={t.tag}>
                <button type="button" aria-pressed={filters.tag === t.tag} onClick={() => toggle("tag", t.tag)} className={chip(filters.tag === t.tag)}>
                  #{t.tag} <span className="tabular-nums text-muted">{t.count}</span>
                </button>
              </li>
            ))}
          </ul>
        ) : (
          <p className="mt-2 text-sm text-ink-soft">No tags yet. Write #strike in a note, or add tags in a note’s tag field, and they gather here.</p>
        )}
      </aside>
    </div>
  );
}
