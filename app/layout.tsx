import type { Metadata, Viewport } from "next";
import { sans, serif } from "./fonts";
import { SiteHeader } from "@/components/site/site-header";
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

// Applies the reader's saved theme and text size before the first paint, so a dark
// page never flashes white. Kept tiny and inline on purpose.
const preferences = `try{var d=document.documentElement,t=localStorage.getItem("sc-theme"),s=localStorage.getItem("sc-text-size");if(t)d.dataset.theme=t;if(s)d.dataset.textSize=s}catch(e){}`;

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en" className={`${serif.variable} ${sans.variable}`} suppressHydrationWarning>
      <head>
        <script dangerouslySetInnerHTML={{ __html: preferences }} />
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
