import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { accountDeletionPlan, type AffectedGroup } from "@/lib/auth/delete-account";
import { getProfile } from "@/lib/auth/accounts";
import { FORMER_MEMBER } from "@/lib/auth/former-member";
import { getCurrentUser } from "@/lib/auth/session";
import { DataDownloads } from "../data-downloads";
import { DeleteAccountForm } from "./delete-form";

export const metadata: Metadata = { title: "Delete your account" };

const count = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

export default async function DeleteAccountPage() {
  const user = await getCurrentUser();
  if (!user) redirect("/sign-in?callbackUrl=/account/delete");
  const [profile, plan] = await Promise.all([getProfile(user.id), accountDeletionPlan(user.id)]);
  const blocked = plan.groups.filter((g) => g.outcome === "blocked");
  const shared = plan.sharedNotes + plan.sharedReplies;

  return (
    <main id="main" tabIndex={-1} className="mx-auto max-w-2xl px-5 pb-24 pt-12 outline-none sm:pt-16">
      <nav aria-label="Breadcrumb" className="text-xs font-semibold uppercase tracking-[0.14em] text-accent">
        <Link href="/account" className="no-underline hover:underline">
          Your account
        </Link>
      </nav>
      <h1 className="mt-2 font-serif text-3xl font-semibold tracking-tight">Delete your account</h1>
      <p className="mt-3 text-ink-soft">
        This is permanent: once deleted, your account cannot be brought back, by you or by anyone. Download what you have written first if you may want it.
      </p>
      <DataDownloads />

      <div className="mt-8 grid gap-4 sm:grid-cols-2">
        <section aria-labelledby="kept-heading" className="rounded-xl border border-rule bg-raised p-5 shadow-sm">
          <h2 id="kept-heading" className="font-serif text-lg font-semibold">
            What stays
          </h2>
          <ul className="mt-2 list-disc space-y-1.5 pl-5 text-sm text-ink-soft">
            <li>
              {shared === 0
                ? "You have no shared notes or replies in groups that carry on."
                : `Your ${[plan.sharedNotes && count(plan.sharedNotes, "shared note", "shared notes"), plan.sharedReplies && count(plan.sharedReplies, "reply", "replies")].filter(Boolean).join(" and ")}, where they are, so the conversations others joined stay whole.`}
            </li>
            <li>They will show “{FORMER_MEMBER}” instead of your name, and so will others’ mentions of you.</li>
          </ul>
        </section>
        <section aria-labelledby="removed-heading" className="rounded-xl border border-red-200 bg-raised p-5 shadow-sm dark:border-red-900/70">
          <h2 id="removed-heading" className="font-serif text-lg font-semibold">
            What is removed
          </h2>
          <ul className="mt-2 list-disc space-y-1.5 pl-5 text-sm text-ink-soft">
            <li>Your name and email address ({profile.email})</li>
            <li>{plan.privateNotes ? `Your ${count(plan.privateNotes, "private note", "private notes")}, with anything on them` : "Your private notes (you have none)"}</li>
            <li>Your reactions, the threads you follow, your inbox and its emails, your reading progress</li>
            <li>The invitation links you made, and your place in each group</li>
            <li>Your password{profile.oauth.length ? ` and your ${profile.oauth.map((o) => providerName(o.provider)).join(" and ")} sign-in` : ""}, and every session, on every device</li>
          </ul>
        </section>
      </div>

      <section aria-labelledby="groups-heading" className="mt-4 rounded-xl border border-rule bg-raised p-5 shadow-sm">
        <h2 id="groups-heading" className="font-serif text-lg font-semibold">
          Your groups
        </h2>
        {plan.groups.length === 0 ? (
          <p className="mt-2 text-sm text-ink-soft">You are not in any group.</p>
        ) : (
          <ul className="mt-2 divide-y divide-rule">
            {plan.groups.map((group) => (
              <GroupRow key={group.id} group={group} />
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="confirm-heading" className="mt-4 rounded-xl border border-red-200 bg-raised p-5 shadow-sm dark:border-red-900/70">
        <h2 id="confirm-heading" className="font-serif text-lg font-semibold">
          Confirm
        </h2>
        {blocked.length ? (
          <p className="mt-2 rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:border-amber-800 dark:bg-amber-950/40 dark:text-amber-200">
            Your account can be deleted once {blocked.length === 1 ? "this group has" : "these groups have"} another facilitator: a group always keeps one, and nobody is
            made a facilitator without choosing it. Make another member a facilitator on the group’s page, then come back here.
          </p>
        ) : (
          <DeleteAccountForm confirmWith={profile.hasPassword ? "password" : "email"} email={profile.email} />
        )}
      </section>
    </main>
  );
}

function GroupRow({ group }: { group: AffectedGroup }) {
  const said = {
    kept: "You leave the group. Your shared notes and replies stay in it.",
    closed: "You are its only member: the group closes, with everything in it.",
    blocked: "You are its only facilitator. Make another member a facilitator first.",
  }[group.outcome];
  return (
    <li className="flex flex-wrap items-baseline justify-between gap-x-4 gap-y-1 py-2.5" data-outcome={group.outcome}>
      <span className="min-w-0">
        <Link href={`/groups/${group.id}`} className="font-medium">
          {group.name}
        </Link>
        <span className="ml-2 text-xs text-muted">{group.role === "facilitator" ? "facilitator" : "member"}</span>
        <span className={`block text-sm ${group.outcome === "blocked" ? "text-amber-800 dark:text-amber-300" : "text-ink-soft"}`}>{said}</span>
      </span>
    </li>
  );
}

function providerName(provider: string) {
  return provider === "github" ? "GitHub" : provider === "google" ? "Google" : provider;
}
