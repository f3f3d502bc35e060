import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { getCurrentUser } from "@/lib/auth/session";
import { listMyGroups } from "@/lib/groups/groups";
import { CreateGroupForm } from "./create-group-form";
import { LeftNotice } from "./left-notice";

export const metadata: Metadata = { title: "Your groups" };

export default async function GroupsPage({ searchParams }: { searchParams: Promise<{ left?: string; undo?: string }> }) {
  const user = await getCurrentUser();
  if (!user) redirect("/sign-in?callbackUrl=/groups");
  const [groups, { left, undo }] = await Promise.all([listMyGroups(user.id), searchParams]);

  return (
    <main id="main" tabIndex={-1} className="mx-auto max-w-3xl px-5 pb-24 pt-12 outline-none sm:px-8 sm:pt-16">
      <p className="text-xs font-semibold uppercase tracking-[0.14em] text-accent">Your groups</p>
      <h1 className="mt-3 font-serif text-4xl font-semibold tracking-tight">
        {groups.length ? "Your study groups" : `Welcome, ${user.name.split(" ")[0]}`}
      </h1>
      {left && <LeftNotice groupId={left} receipt={undo} />}

      {groups.length === 0 ? (
        <p className="mt-4 max-w-xl text-lg leading-relaxed text-ink-soft">
          You’re not in a group yet. Start one below and invite the people you read with — or open the invitation
          link a facilitator sent you.
        </p>
      ) : (
        <ul className="mt-8 grid gap-3 sm:grid-cols-2">
          {groups.map((group) => (
            <li key={group.id}>
              <Link
                href={`/groups/${group.id}`}
                className="block h-full rounded-xl border border-rule bg-raised p-5 no-underline shadow-sm transition hover:border-accent/60 hover:shadow"
              >
                <h2 className="font-serif text-xl font-semibold text-ink">{group.name}</h2>
                {group.description && <p className="mt-1 line-clamp-2 text-sm text-ink-soft">{group.description}</p>}
                <p className="mt-3 text-xs text-muted">
                  {group.memberCount} {group.memberCount === 1 ? "member" : "members"} ·{" "}
                  {group.role === "facilitator" ? "you facilitate" : "member"}
                </p>
              </Link>
            </li>
          ))}
        </ul>
      )}

      <section aria-labelledby="create-heading" className="mt-12 rounded-xl border border-rule bg-raised p-6 shadow-sm">
        <h2 id="create-heading" className="font-serif text-xl font-semibold">
          Start a group
        </h2>
        <p className="mt-1 text-sm text-ink-soft">You’ll be its facilitator: you invite people and set the readings.</p>
        <div className="mt-5">
          <CreateGroupForm />
        </div>
      </section>
    </main>
  );
}
