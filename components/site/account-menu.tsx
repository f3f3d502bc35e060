"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { useEffect, useState } from "react";
import { initials } from "@/lib/initials";

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
      <Link href="/account" className="flex items-center gap-2 rounded-md px-2 py-1 text-ink no-underline hover:bg-accent-soft" title={`Account (${me.name})`}>
        <span aria-hidden="true" className="inline-flex size-7 items-center justify-center rounded-full bg-accent-soft text-[11px] font-semibold text-accent">
          {initials(me.name)}
        </span>
        <span className="sr-only sm:not-sr-only">{me.name.split(" ")[0]}</span>
      </Link>
    </nav>
  );
}
