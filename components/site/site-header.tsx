import Link from "next/link";
import { AutoHide } from "./auto-hide";
import { ReaderControls } from "@/components/reader/reader-controls";
import { AccountMenu } from "./account-menu";

export function SiteHeader() {
  return (
    <AutoHide>
      <div className="mx-auto flex h-14 max-w-7xl items-center gap-4 px-4 sm:px-6">
        <Link href="/" className="flex items-center gap-2 font-serif text-lg font-semibold tracking-tight text-ink no-underline">
          <Logo />
          Study Circle
        </Link>
        <nav aria-label="Main" className="ml-2 hidden text-sm text-muted sm:block">
          <Link href="/" className="rounded px-2 py-1 hover:text-ink">
            Library
          </Link>
        </nav>
        <div className="ml-auto flex items-center gap-1">
          <ReaderControls />
          <AccountMenu />
        </div>
      </div>
    </AutoHide>
  );
}

function Logo() {
  return (
    <svg aria-hidden="true" width="22" height="22" viewBox="0 0 24 24" fill="none" className="text-accent">
      <circle cx="12" cy="12" r="9" stroke="currentColor" strokeWidth="1.8" />
      <path d="M7 10.5c1.6-1 3.2-1.4 5-1.4s3.4.4 5 1.4M7 14c1.6-1 3.2-1.4 5-1.4s3.4.4 5 1.4" stroke="currentColor" strokeWidth="1.5" strokeLinecap="round" />
    </svg>
  );
}
