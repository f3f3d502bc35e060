import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { Avatar } from "@/components/groups/avatar";
import { buttonClass } from "@/components/forms/button-class";
import { getProfile } from "@/lib/auth/accounts";
import { getCurrentUser } from "@/lib/auth/session";
import { signOutAction } from "./actions";
import { DataDownloads } from "./data-downloads";
import { EmailFrequencyForm, PasswordForm, PresenceForm, ProfileForm, SignOutEverywhere } from "./forms";
import { getShowPresence } from "@/lib/realtime/presence";
import { getEmailFrequency } from "@/lib/discussion/inbox";

export const metadata: Metadata = { title: "Your account" };

export default async function AccountPage() {
  const user = await getCurrentUser();
  if (!user) redirect("/sign-in?callbackUrl=/account");
  const [profile, emailFrequency, showPresence] = await Promise.all([getProfile(user.id), getEmailFrequency(user.id), getShowPresence(user.id)]);
  const others = profile.sessions.filter((s) => s.id !== user.sessionId).length;

  return (
    <main id="main" tabIndex={-1} className="mx-auto max-w-2xl px-5 pb-24 pt-12 outline-none sm:pt-16">
      <div className="flex items-center gap-4">
        <Avatar id={profile.id} name={profile.name} />
        <div>
          <h1 className="font-serif text-3xl font-semibold tracking-tight">Your account</h1>
          <p className="text-sm text-muted">{profile.email}</p>
        </div>
      </div>

      <Section title="Profile">
        <ProfileForm name={profile.name} />
      </Section>

      <Section title="Password">
        {profile.hasPassword ? (
          <PasswordForm />
        ) : (
          <p className="text-sm text-ink-soft">You sign in with {profile.oauth.map((o) => o.provider).join(" or ")}.</p>
        )}
      </Section>

      <Section title="Email notifications" id="email">
        <EmailFrequencyForm current={emailFrequency} />
      </Section>

      <Section title="Reading with others" id="presence">
        <PresenceForm current={showPresence} />
      </Section>

      <Section title="Sessions">
        <p className="text-sm text-ink-soft">
          You are signed in on {profile.sessions.length} {profile.sessions.length === 1 ? "browser" : "browsers"}, including this one.
        </p>
        <p className="mt-1 text-sm text-muted">Each stays signed in for 30 days from signing in, then asks you to sign in again.</p>
        <div className="mt-4 flex flex-wrap items-start gap-3">
          <SignOutEverywhere disabled={others === 0} />
          <form action={signOutAction}>
            <button type="submit" className={buttonClass("secondary")}>
              Sign out
            </button>
          </form>
        </div>
      </Section>

      <Section title="Your data" id="data">
        <p className="text-sm text-ink-soft">Download everything you have written — your notes, replies and private notes in every group, with the passages they belong to.</p>
        <DataDownloads />
      </Section>

      <section id="delete" aria-labelledby="delete-heading" className="mt-8 scroll-mt-20 rounded-xl border border-red-200 bg-raised p-6 shadow-sm dark:border-red-900/70">
        <h2 id="delete-heading" className="mb-2 font-serif text-xl font-semibold">
          Delete your account
        </h2>
        <p className="text-sm text-ink-soft">
          Your name, address, private notes and everything else that is only yours are removed for good. The notes and replies you shared stay in your groups,
          shown as written by “A former member”, so conversations others joined stay whole.
        </p>
        <p className="mt-2 text-sm text-muted">There is no undo. You will see exactly what happens, group by group, before you confirm.</p>
        <Link href="/account/delete" className={`${buttonClass("danger")} mt-4 no-underline`}>
          Delete my account…
        </Link>
      </section>
    </main>
  );
}

function Section({ title, id, children }: { title: string; id?: string; children: React.ReactNode }) {
  return (
    <section id={id} className="mt-8 scroll-mt-20 rounded-xl border border-rule bg-raised p-6 shadow-sm" aria-label={title}>
      <h2 className="mb-4 font-serif text-xl font-semibold">{title}</h2>
      {children}
    </section>
  );
}
