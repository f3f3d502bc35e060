import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { getCurrentUser } from "@/lib/auth/session";
import { listNotifications } from "@/lib/discussion/inbox";
import { InboxList } from "./inbox-list";

export const metadata: Metadata = { title: "Inbox" };

export default async function InboxPage({ searchParams }: { searchParams: Promise<{ before?: string }> }) {
  const user = await getCurrentUser();
  if (!user) redirect("/sign-in?callbackUrl=/inbox");
  const { before } = await searchParams;
  const valid = before && !Number.isNaN(Date.parse(before)) ? before : undefined;
  const { items, more, unread } = await listNotifications(user.id, { before: valid });

  return (
    <main id="main" tabIndex={-1} className="mx-auto max-w-3xl px-5 pb-24 pt-12 outline-none sm:px-8 sm:pt-16">
      <p className="text-xs font-semibold uppercase tracking-[0.14em] text-accent">Inbox</p>
      <div className="mt-3 flex flex-wrap items-end justify-between gap-3">
        <h1 className="font-serif text-4xl font-semibold tracking-tight">What’s new for you</h1>
        <Link href="/account#email" className="text-sm text-ink-soft">
          Email settings
        </Link>
      </div>
      <InboxList items={items} unread={unread} />
      {more && items.length > 0 && (
        <p className="mt-6 text-center">
          <Link href={`/inbox?before=${encodeURIComponent(items.at(-1)!.createdAt)}`} className="text-sm font-semibold">
            Older notifications →
          </Link>
        </p>
      )}
      {valid && (
        <p className="mt-3 text-center">
          <Link href="/inbox" className="text-sm text-ink-soft">
            ← Back to the newest
          </Link>
        </p>
      )}
    </main>
  );
}
