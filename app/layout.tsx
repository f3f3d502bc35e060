import type { Metadata, Viewport } from "next";
import { sans, serif } from "./fonts";
import { SiteHeader } from "@/components/site/site-header";
import { THEME_SCRIPT } from "@/lib/security-headers";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Study Circle", template: "%s · Study Circle" },
  description: "Read texts together: highlight, comment in the margin, and discuss with your study group.",
};

export const viewport: Viewport = {
  themeColor: [
    { media: "(prefers-color-scheme: light)", color: "#fcfbf8" },
    { media: "(prefers-color-scheme: dark)", color: "#17161a" },
  ],
};


export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en" className={`${serif.variable} ${sans.variable}`} suppressHydrationWarning>
      <head>
        {/* The reader's saved theme and text size before the first paint: a dark page never
            flashes white. Inline on purpose; the Content-Security-Policy allows it by its hash. */}
        <script dangerouslySetInnerHTML={{ __html: THEME_SCRIPT }} />
      </head>
      <body className="min-h-dvh bg-paper text-ink">
        <a
          href="#main"
          className="sr-only z-50 rounded bg-raised px-3 py-2 text-sm font-medium focus:not-sr-only focus:fixed focus:left-3 focus:top-3"
        >
          Skip to content
        </a>
        <SiteHeader />
        {children}
      </body>
    </html>
  );
}
