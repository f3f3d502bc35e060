"use client";

import { useEffect, useId, useMemo, useRef, useState } from "react";
import type { SearchResult } from "@/lib/search/view";
import { searchApi, searchQuery } from "./api";
import { Snippet } from "./snippet";
import { useSlashFocus } from "./use-slash";

const DEBOUNCE_MS = 250;
const LIMIT = 8;

/**
 * The reader's search box: this text's passages and the notes on it, as the person types.
 * "/" focuses it; arrows move through the answers, Enter opens one, Escape closes them.
 */
export function ReaderSearch({ groupId, slug }: { groupId: string; slug: string }) {
  const [q, setQ] = useState("");
  const [open, setOpen] = useState(false);
  const [results, setResults] = useState<SearchResult[] | null>(null);
  const [more, setMore] = useState(false);
  const [active, setActive] = useState(-1);
  const [error, setError] = useState<string | null>(null);
  const input = useRef<HTMLInputElement>(null);
  const box = useRef<HTMLDivElement>(null);
  const listId = useId();
  const api = useMemo(() => searchApi(groupId), [groupId]);
  useSlashFocus(input);

  useEffect(() => {
    const words = q.trim();
    // An empty box shows nothing (see `shown`): the last answers wait for the next words.
    if (!words) return;
    const controller = new AbortController();
    const timer = setTimeout(async () => {
      const answer = await api.search({ q: words, text: slug, limit: String(LIMIT) }, { signal: controller.signal });
      if (controller.signal.aborted) return;
      if (answer.ok) {
        setResults(answer.data.results);
        setMore(answer.data.nextCursor !== null);
        setError(null);
      } else setError(answer.error);
      setActive(-1);
    }, DEBOUNCE_MS);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [q, api, slug]);

  // A click elsewhere closes the answers.
  useEffect(() => {
    if (!open) return;
    const away = (event: PointerEvent) => {
      if (!box.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener("pointerdown", away);
    return () => document.removeEventListener("pointerdown", away);
  }, [open]);

  const inText = `/groups/${groupId}/search?${searchQuery({ q: q.trim(), text: slug })}`;
  const inGroup = `/groups/${groupId}/search?${searchQuery({ q: q.trim() })}`;
  const shown = open && q.trim() !== "";

  function onKeyDown(event: React.KeyboardEvent<HTMLInputElement>) {
    if (event.key === "Escape") {
      setOpen(false);
      input.current?.blur();
      return;
    }
    if (!results?.length) return;
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      setOpen(true);
      setActive((i) => (event.key === "ArrowDown" ? (i + 1) % results.length : (i - 1 + results.length) % results.length));
    } else if (event.key === "Enter") {
      event.preventDefault();
      const chosen = results[Math.max(0, active)];
      if (chosen) window.location.assign(chosen.href);
    }
  }

  return (
    <div ref={box} className="relative" data-reader-search="">
      <label htmlFor={`${listId}-q`} className="sr-only">
        Search this text and its notes
      </label>
      <input
        ref={input}
        id={`${listId}-q`}
        type="search"
        value={q}
        maxLength={200}
        autoComplete="off"
        role="combobox"
        aria-expanded={shown}
        aria-controls={listId}
        aria-activedescendant={shown && active >= 0 ? `${listId}-${active}` : undefined}
        placeholder="Search this text  /"
        onChange={(e) => {
          if (!e.target.value.trim()) setResults(null);
          setQ(e.target.value);
          setOpen(true);
        }}
        onFocus={() => setOpen(true)}
        onKeyDown={onKeyDown}
        className="w-44 rounded-md border border-rule bg-raised px-2.5 py-1 text-sm text-ink placeholder:text-muted focus:w-64 motion-safe:transition-[width] sm:w-52"
      />
      {shown && (
        <div className="absolute start-0 top-full z-40 mt-1.5 w-[min(26rem,calc(100vw-2rem))] rounded-lg border border-rule bg-raised p-1.5 shadow-lg">
          <ul id={listId} role="listbox" aria-label="Found in this text">
            {results?.map((r, i) => (
              <li key={`${r.type}:${r.id}`} id={`${listId}-${i}`} role="option" aria-selected={i === active}>
                <a
                  href={r.href}
                  data-result={r.type}
                  className={`block rounded-md px-2.5 py-2 text-ink no-underline ${i === active ? "bg-accent-soft" : "hover:bg-accent-soft/60"}`}
                >
                  <span className="block font-sans text-[11px] font-semibold uppercase tracking-wider text-muted">
                    {r.type === "passage" ? "Passage" : `${r.author?.name ?? "Someone"} · ${r.type === "reply" ? "reply" : r.kind}`}
                  </span>
                  <Snippet text={r.snippet} marks={r.marks} className={`line-clamp-3 text-sm leading-snug ${r.type === "passage" ? "font-serif" : ""}`} />
                </a>
              </li>
            ))}
          </ul>
          <p className="px-2.5 py-1.5 text-xs text-muted" aria-live="polite">
            {error ?? (results === null ? "Searching…" : results.length === 0 ? `Nothing here for “${q.trim()}”.` : "")}{" "}
            <a href={results?.length && more ? inText : inGroup} className="font-medium text-accent">
              {results?.length && more ? "All results" : "Search the whole group"}
            </a>
          </p>
        </div>
      )}
    </div>
  );
}
