"use client";

import { signIn } from "next-auth/react";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Field, FormMessage } from "@/components/forms/field";
import { buttonClass } from "@/components/forms/button-class";
import { Spinner } from "@/components/forms/submit-button";
import { FALLBACK_MESSAGE, signInMessage } from "@/lib/auth/sign-in-messages";


export function SignInForm({
  callbackUrl,
  providers,
  oauthError,
  notice,
}: {
  callbackUrl: string;
  providers: { id: string; name: string }[];
  oauthError?: string;
  /** A word from the page before (an address just confirmed). */
  notice?: string;
}) {
  const router = useRouter();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | undefined>(signInMessage(oauthError));

  async function submit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setPending(true);
    setError(undefined);
    // A request that never got an answer (offline, server away) is a failure in words too.
    const result = await signIn("credentials", {
      email: String(form.get("email") ?? ""),
      password: String(form.get("password") ?? ""),
      redirect: false,
    }).catch(() => undefined);
    if (result?.ok && !result.error) {
      router.replace(callbackUrl);
      router.refresh();
      return;
    }
    setPending(false);
    setError(signInMessage(result?.error) ?? FALLBACK_MESSAGE);
  }

  return (
    <div className="space-y-6">
      <form onSubmit={submit} className="space-y-4" noValidate>
        <FormMessage error={error} message={notice} />
        <Field name="email" label="Email" type="email" autoComplete="email" required />
        <Field name="password" label="Password" type="password" autoComplete="current-password" required />
        <button type="submit" disabled={pending} className={`${buttonClass()} w-full`}>
          {pending && <Spinner />}
          {pending ? "Signing in…" : "Sign in"}
        </button>
      </form>
      {providers.length > 0 && (
        <div className="space-y-2 border-t border-rule pt-5">
          {providers.map((p) => (
            <button key={p.id} type="button" onClick={() => signIn(p.id, { callbackUrl })} className={`${buttonClass("secondary")} w-full`}>
              Continue with {p.name}
            </button>
          ))}
        </div>
      )}
    </div>
  );
}
