"use client";

import Link from "next/link";
import { useEffect, useRef, useState } from "react";
import { fullTime, timeAgo } from "@/components/annotations/format";
import { pageEvents } from "@/components/ui/page-events";
import type { InboxItem } from "@/lib/discussion/inbox";

/** Small line icons (no emoji font needed): a speech bubble, an at sign, a tick, a book. */
const ICON: Record<InboxItem["kind"], React.ReactNode> = {
  reply: <path d="M4 5h12a2 2 0 0 1 2 2v6a2 2 0 0 1-2 2H9l-4 3v-3H4a2 2 0 0 1-2-2V7a2 2 0 0 1 2-2Z" />,
  mention: (
    <>
      <circle cx="10" cy="10" r="3" />
      <path d="M13 10v1.5a2 2 0 0 0 4 0V10a7 7 0 1 0-3 5.7" />
    </>
  ),
  answer: <path d="m4 10.5 4 4 8-9" />,
  reading: <path d="M3 4.5h5a2 2 0 0 1 2 2V16a2 2 0 0 0-2-2H3Zm14 0h-5a2 2 0 0 0-2 2V16a2 2 0 0 1 2-2h5Z" />,
};

async function mark(body: object) {
  const response = await fetch("/api/notifications", {
    method: "PATCH",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
    keepalive: true,
  }).catch(() => null);
  pageEvents.inboxChanged.emit();
  return response?.ok ?? false;
}

/** The inbox's items, newest first; opening one marks it read. */
export function InboxList({ items: initial, unread: initialUnread }: { items: InboxItem[]; unread: number }) {
  const [items, setItems] = useState(initial);
  const [unread, setUnread] = useState(initialUnread);
  // Live: when the unread count changes elsewhere (a new notification, or items read in
  // another tab), the newest items are read again and merged in, newest first.
  const shown = useRef(initialUnread);
  useEffect(() => {
    shown.current = unread;
  }, [unread]);
  useEffect(() => {
    return pageEvents.inboxCount.listen((unread) => {
      if (unread === shown.current) return;
      void fetch("/api/notifications", { headers: { Accept: "application/json" } })
        .then((r) => (r.ok ? (r.json() as Promise<{ items: InboxItem[]; unread: number }>) : null))
        .then((data) => {
          if (!data) return;
          setItems((list) => {
            const fresh = new Map(data.items.map((i) => [i.id, i]));
            const older = list.filter((i) => !fresh.has(i.id));
            return [...data.items, ...older];
          });
          setUnread(data.unread);
        })
        .catch(() => {});
    });
  }, []);
  const read = (ids: string[] | "all") => {
    setItems((list) => list.map((i) => (ids === "all" || ids.includes(i.id) ? { ...i, read: true } : i)));
    setUnread((n) => (ids === "all" ? 0 : Math.max(0, n - items.filter((i) => ids.includes(i.id) && !i.read).length)));
  };

  if (items.length === 0)
    return (
      <div className="mt-10 rounded-xl border border-dashed border-rule p-10 text-center">
        <p className="font-serif text-xl font-semibold">Nothing here yet</p>
        <p className="mx-auto mt-2 max-w-md text-ink-soft">
          Replies to your notes, threads you follow, mentions of your name and answers to your questions will arrive here.
        </p>
        <Link href="/groups" className="mt-4 inline-block text-sm font-semibold">
          Go to your groups →
        </Link>
      </div>
    );

  return (
    <>
      <div className="mt-6 flex items-center justify-between border-b border-rule pb-3 text-sm">
        <p aria-live="polite" className="text-ink-soft">
          {unread === 0 ? "All caught up." : `${unread} unread`}
        </p>
        <button
          type="button"
          disabled={unread === 0}
          onClick={async () => {
            read("all");
            await mark({ all: true });
          }}
          className="rounded-md border border-rule px-3 py-1.5 font-medium text-ink hover:bg-accent-soft disabled:opacity-50"
        >
          Mark all as read
        </button>
      </div>
      <ul className="divide-y divide-rule" data-inbox="">
        {items.map((item) => (
          <li key={item.id} data-notification={item.id} data-read={item.read ? "" : undefined}>
            <Link
              href={item.url}
              onClick={() => {
                if (!item.read) {
                  read([item.id]);
                  void mark({ ids: [item.id] });
                }
              }}
              className="flex gap-3 px-1 py-4 no-underline hover:bg-accent-soft/50"
            >
              <span
                aria-hidden="true"
                className={`mt-0.5 inline-flex size-8 shrink-0 items-center justify-center rounded-full text-sm font-bold ${
                  item.read ? "bg-rule/60 text-muted" : "bg-accent text-paper"
                }`}
              >
                <svg viewBox="0 0 20 20" className="size-4" fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" strokeLinejoin="round">
                  {ICON[item.kind]}
                </svg>
              </span>
              <span className="min-w-0 flex-1">
                <span className={`block text-[15px] ${item.read ? "text-ink-soft" : "font-semibold text-ink"}`}>
                  {!item.read && <span className="sr-only">Unread: </span>}
                  {item.line}
                  {item.threadTitle && <> in “{item.threadTitle}”</>}
                </span>
                {item.excerpt && <span className="mt-1 line-clamp-2 block text-sm text-ink-soft">{item.excerpt}</span>}
                <span className="mt-1 block text-xs text-muted">
                  {item.group.name} · {item.text.title} ·{" "}
                  <time dateTime={item.createdAt} title={fullTime(item.createdAt)}>
                    {timeAgo(item.createdAt)}
                  </time>
                </span>
              </span>
            </Link>
          </li>
        ))}
      </ul>
    </>
  );
}
