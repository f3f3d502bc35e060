import type { Metadata } from "next";
import Link from "next/link";
import { getSignUpRequest } from "@/lib/auth/accounts";
import { AppError } from "@/lib/errors";
import { AuthCard } from "../../auth-card";
import { ConfirmForm } from "./confirm-form";

export const metadata: Metadata = { title: "Confirm your address", robots: { index: false } };
export const dynamic = "force-dynamic";

type Props = { params: Promise<{ token: string }> };

// The page a confirmation mail links to. Opening it changes nothing; its button makes the account.
export default async function ConfirmPage({ params }: Props) {
  const { token } = await params;
  let request: { email: string };
  try {
    request = await getSignUpRequest(token);
  } catch (error) {
    if (!(error instanceof AppError) || (error.code !== "NOT_FOUND" && error.code !== "GONE")) throw error;
    return (
      <AuthCard title="This link can’t be used">
        <p className="text-ink-soft">{error.message}</p>
        <p className="mt-4 text-sm">
          <Link href="/sign-up" className="font-medium text-accent">
            Sign up again
          </Link>{" "}
          or{" "}
          <Link href="/sign-in" className="font-medium text-accent">
            sign in
          </Link>
          .
        </p>
      </AuthCard>
    );
  }
  return (
    <AuthCard title="Confirm your address" intro={<>One click and your Study Circle account is ready.</>}>
      <ConfirmForm token={token} email={request.email} />
    </AuthCard>
  );
}
