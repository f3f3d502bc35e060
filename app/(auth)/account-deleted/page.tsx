import type { Metadata } from "next";
import Link from "next/link";
import { AuthCard } from "../auth-card";

export const metadata: Metadata = { title: "Your account has been deleted" };

/** Where a deleted account lands, signed out. It says nothing about anyone: anybody may open it. */
export default function AccountDeletedPage() {
  return (
    <AuthCard title="Your account has been deleted">
      <div className="space-y-3 text-sm text-ink-soft">
        <p>You are signed out on every device. Your name, address and private notes are gone.</p>
        <p>The notes and replies you shared stay in your groups as written by “A former member”.</p>
        <p>Thank you for reading with us. Your address is free: you are welcome to make a new account with it at any time.</p>
      </div>
      <div className="mt-6 flex flex-wrap gap-3">
        <Link href="/" className="font-medium">
          Back to the library
        </Link>
      </div>
    </AuthCard>
  );
}
