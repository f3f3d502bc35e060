"use client";

import { useActionState, useState, useTransition } from "react";
import { buttonClass } from "@/components/forms/button-class";
import { Field, FormMessage } from "@/components/forms/field";
import { SubmitButton } from "@/components/forms/submit-button";
import type { FormState } from "@/lib/forms";
import { createInviteAction, inviteByEmailAction, revokeInviteAction } from "../actions";

type Invite = { id: string; email: string | null; expiresAt: string; uses: number; maxUses: number | null; createdBy: string };

const relative = new Intl.RelativeTimeFormat("en", { numeric: "auto" });
function expiresIn(iso: string) {
  const days = Math.round((new Date(iso).getTime() - Date.now()) / 86_400_000);
  return days >= 1 ? `expires ${relative.format(days, "day")}` : `expires ${relative.format(Math.max(1, Math.round((new Date(iso).getTime() - Date.now()) / 3_600_000)), "hour")}`;
}

export function InvitePanel({ groupId, invites }: { groupId: string; invites: Invite[] }) {
  const [linkState, linkAction] = useActionState<FormState, FormData>(createInviteAction.bind(null, groupId), {});
  const [mailState, mailAction] = useActionState<FormState, FormData>(inviteByEmailAction.bind(null, groupId), {});
  const [copied, setCopied] = useState(false);
  const [revokeState, setRevokeState] = useState<FormState>({});
  const [pending, startTransition] = useTransition();
  const link = linkState.values?.link;

  return (
    <div className="space-y-6 rounded-xl border border-rule bg-raised p-5 shadow-sm">
      <h2 id="invite-heading" className="font-serif text-xl font-semibold">
        Invite people
      </h2>

      <form action={linkAction} className="space-y-3" noValidate>
        <h3 className="text-sm font-semibold text-ink">Invitation link</h3>
        <div className="grid grid-cols-2 gap-3">
          <div>
            <label htmlFor="expiresInDays" className="block text-sm font-medium">
              Works for
            </label>
            <select id="expiresInDays" name="expiresInDays" defaultValue="14" className="mt-1.5 block w-full rounded-md border border-rule bg-raised px-2 py-2 text-sm">
              <option value="1">1 day</option>
              <option value="7">7 days</option>
              <option value="14">14 days</option>
              <option value="30">30 days</option>
            </select>
          </div>
          <Field name="maxUses" label="Uses (optional)" type="number" min={1} max={500} errors={linkState.fieldErrors?.maxUses} defaultValue={linkState.values?.maxUses} placeholder="Any" />
        </div>
        <FormMessage error={linkState.error} />
        <SubmitButton pending="Making link…" variant="secondary" className="w-full">
          Make an invitation link
        </SubmitButton>
        {link && (
          <div className="rounded-md border border-accent/40 bg-accent-soft/40 p-3">
            <label htmlFor="invite-link" className="block text-xs font-medium text-ink-soft">
              Share this link — it is shown only once
            </label>
            <div className="mt-1.5 flex gap-2">
              <input id="invite-link" readOnly value={link} onFocus={(e) => e.currentTarget.select()} className="min-w-0 flex-1 rounded border border-rule bg-raised px-2 py-1.5 font-mono text-xs" />
              <button
                type="button"
                className={buttonClass("primary")}
                onClick={() => {
                  void navigator.clipboard?.writeText(link).then(() => setCopied(true));
                }}
              >
                {copied ? "Copied" : "Copy"}
              </button>
            </div>
          </div>
        )}
      </form>

      <form action={mailAction} className="space-y-3 border-t border-rule pt-5" noValidate>
        <h3 className="text-sm font-semibold text-ink">Invite by email</h3>
        <Field name="email" label="Email address" type="email" autoComplete="off" defaultValue={mailState.ok ? "" : mailState.values?.email} errors={mailState.fieldErrors?.email} />
        <FormMessage error={mailState.error} message={mailState.message} />
        <SubmitButton pending="Sending…" variant="secondary" className="w-full">
          Send invitation
        </SubmitButton>
      </form>

      {invites.length > 0 && (
        <div className="border-t border-rule pt-5">
          <h3 className="text-sm font-semibold text-ink">Open invitations</h3>
          <FormMessage error={revokeState.error} message={revokeState.message} />
          <ul className="mt-2 space-y-2">
            {invites.map((invite) => (
              <li key={invite.id} className="flex items-center justify-between gap-2 text-sm">
                <span className="min-w-0">
                  <span className="block truncate text-ink">{invite.email ?? "Link"}</span>
                  <span className="text-xs text-muted">
                    {expiresIn(invite.expiresAt)} · used {invite.uses}
                    {invite.maxUses ? ` of ${invite.maxUses}` : ""}
                  </span>
                </span>
                <button
                  type="button"
                  disabled={pending}
                  className="shrink-0 rounded px-2 py-1 text-xs font-medium text-red-700 hover:bg-red-50 dark:text-red-300 dark:hover:bg-red-950/40"
                  onClick={() => startTransition(async () => setRevokeState(await revokeInviteAction(groupId, invite.id)))}
                >
                  Withdraw<span className="sr-only"> invitation {invite.email ?? ""}</span>
                </button>
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}
