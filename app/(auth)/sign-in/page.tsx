import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { oauthProviderIds } from "@/lib/auth/options";
import { safeCallbackUrl } from "@/lib/auth/callback-url";
import { getCurrentUser } from "@/lib/auth/session";
import { AuthCard } from "../auth-card";
import { SignInForm } from "./sign-in-form";

export const metadata: Metadata = { title: "Sign in" };

const CONFIRMED = "Your address is confirmed and your account is ready. Sign in to continue.";
const ALREADY_EXISTS = "That address already has an account. Sign in with it.";

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function SignInPage({ searchParams }: Props) {
  const params = await searchParams;
  const callbackUrl = safeCallbackUrl(params.callbackUrl);
  if (await getCurrentUser()) redirect(callbackUrl);
  return (
    <AuthCard
      title="Welcome back"
      intro={
        <>
          New here?{" "}
          <Link href={`/sign-up?callbackUrl=${encodeURIComponent(callbackUrl)}`} className="font-medium text-accent">
            Create an account
          </Link>
        </>
      }
    >
      <SignInForm
        callbackUrl={callbackUrl}
        providers={oauthProviderIds}
        oauthError={typeof params.error === "string" ? params.error : undefined}
        notice={params.confirmed === "1" ? CONFIRMED : params.confirmed === "exists" ? ALREADY_EXISTS : undefined}
      />
    </AuthCard>
  );
}
