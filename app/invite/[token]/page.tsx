import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { buttonClass } from "@/components/forms/button-class";
import { getCurrentUser } from "@/lib/auth/session";
import { describeInvite, refusal } from "@/lib/groups/invites";
import { JoinButton } from "./join-button";

export const metadata: Metadata = { title: "Invitation", robots: { index: false } };

export default async function InvitePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const user = await getCurrentUser();
  const invite = await describeInvite(token, user?.id ?? null);
  const here = `/invite/${token}`;

  if (invite.state !== "valid")
    return (
      <Shell eyebrow="Invitation" title="This invitation can’t be used">
        <p className="mt-3 text-ink-soft">{refusal(invite.state)}</p>
        <Link href={user ? "/groups" : "/"} className={`${buttonClass("secondary")} mt-6 no-underline`}>
          {user ? "Go to your groups" : "Go to the library"}
        </Link>
      </Shell>
    );

  if (invite.alreadyMember) redirect(`/groups/${invite.groupId}`);

  return (
    <Shell eyebrow="You’re invited" title={`Join “${invite.groupName}”`}>
      <p className="mt-3 text-ink-soft">
        {invite.inviter} invited you to read with this group on Study Circle: highlight passages, leave notes in the
        margin and talk them through together.
      </p>
      {user ? (
        <div className="mt-6">
          <JoinButton token={token} groupName={invite.groupName} />
          <p className="mt-3 text-sm text-muted">Signed in as {user.name}.</p>
        </div>
      ) : (
        <div className="mt-6 flex flex-wrap gap-3">
          <Link href={`/sign-up?callbackUrl=${encodeURIComponent(here)}`} className={`${buttonClass()} no-underline`}>
            Create an account to join
          </Link>
          <Link href={`/sign-in?callbackUrl=${encodeURIComponent(here)}`} className={`${buttonClass("secondary")} no-underline`}>
            I have an account
          </Link>
        </div>
      )}
    </Shell>
  );
}

function Shell({ eyebrow, title, children }: { eyebrow: string; title: string; children: React.ReactNode }) {
  return (
    <main id="main" tabIndex={-1} className="mx-auto max-w-xl px-5 pb-24 pt-16 outline-none sm:pt-24">
      <p className="text-xs font-semibold uppercase tracking-[0.14em] text-accent">{eyebrow}</p>
      <h1 className="mt-3 font-serif text-4xl font-semibold tracking-tight text-balance">{title}</h1>
      {children}
    </main>
  );
}
