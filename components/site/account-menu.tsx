"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { useEffect, useState } from "react";
import { initials } from "@/lib/initials";
import { pageEvents } from "@/components/ui/page-events";
import { useInboxFeed } from "@/components/realtime/inbox-feed";

type Me = { name: string } | null;

/**
 * Who is signed in, asked of the server after the page loads: the public pages stay
 * the same for everyone (and cacheable), and only this corner differs.
 */
export function AccountMenu() {
  const [me, setMe] = useState<Me | undefined>(undefined);
  // The header outlives client-side navigation (signing in, say): ask again on each page.
  const pathname = usePathname();

  useEffect(() => {
    let live = true;
    fetch("/api/auth/session", { credentials: "same-origin" })
      .then((r) => (r.ok ? r.json() : {}))
      .then((session: { user?: { name: string } }) => live && setMe(session.user ? { name: session.user.name } : null))
      .catch(() => live && setMe(null));
    return () => {
      live = false;
    };
  }, [pathname]);

  const unread = useUnread(!!me);

  if (me === undefined) return <span className="inline-block h-9 w-20" aria-hidden="true" />;
  if (me === null)
    return (
      <Link href="/sign-in" className="rounded-md px-3 py-1.5 text-sm font-medium text-ink no-underline hover:bg-accent-soft">
        Sign in
      </Link>
    );
  return (
    <nav aria-label="Account" className="flex items-center gap-1 text-sm">
      <Link href="/groups" className="rounded-md px-2.5 py-1.5 text-muted no-underline hover:bg-accent-soft hover:text-ink">
        Groups
      </Link>
      <Link
        href="/inbox"
        data-inbox-link=""
        className="relative rounded-md px-2.5 py-1.5 text-muted no-underline hover:bg-accent-soft hover:text-ink"
      >
        Inbox
        {unread > 0 && (
          <span data-unread={unread} className="ms-1.5 inline-flex min-w-5 items-center justify-center rounded-full bg-accent px-1.5 text-[11px] font-bold tabular-nums text-paper">
            {unread > 99 ? "99+" : unread}
            <span className="sr-only"> unread</span>
          </span>
        )}
      </Link>
      <Link href="/account" className="flex items-center gap-2 rounded-md px-2 py-1 text-ink no-underline hover:bg-accent-soft" title={`Account (${me.name})`}>
        <span aria-hidden="true" className="inline-flex size-7 items-center justify-center rounded-full bg-accent-soft text-[11px] font-semibold text-accent">
          {initials(me.name)}
        </span>
        <span className="sr-only sm:not-sr-only">{me.name.split(" ")[0]}</span>
      </Link>
    </nav>
  );
}

/**
 * How many inbox items are unread: live from a stream (components/realtime/inbox-feed.ts),
 * and asked again on each page, when the tab comes back into view, and whenever this
 * page marks something read; every minute too where a browser has no EventSource.
 */
function useUnread(signedIn: boolean): number {
  const [unread, setUnread] = useState(0);
  const pathname = usePathname();
  useInboxFeed(signedIn, setUnread);
  useEffect(() => {
    if (!signedIn) return;
    let live = true;
    const ask = () => {
      if (document.visibilityState === "hidden") return;
      fetch("/api/notifications/unread", { credentials: "same-origin" })
        .then((r) => (r.ok ? r.json() : null))
        .then((data: { unread: number } | null) => live && data && setUnread(data.unread))
        .catch(() => {});
    };
    ask();
    const timer = typeof EventSource === "undefined" ? window.setInterval(ask, 60_000) : undefined;
    document.addEventListener("visibilitychange", ask);
    const stopHearing = pageEvents.inboxChanged.listen(ask);
    return () => {
      live = false;
      window.clearInterval(timer);
      document.removeEventListener("visibilitychange", ask);
      stopHearing();
    };
  }, [signedIn, pathname]);
  return unread;
}
