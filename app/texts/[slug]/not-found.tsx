import Link from "next/link";

export default function TextNotFound() {
  return (
    <main id="main" tabIndex={-1} className="outline-none mx-auto max-w-xl px-6 py-24 text-center">
      <p className="text-sm font-semibold uppercase tracking-[0.14em] text-accent">Not in the library</p>
      <h1 className="mt-3 font-serif text-3xl font-semibold">We couldn’t find that text</h1>
      <p className="mt-4 text-ink-soft">It may have been renamed, or the link is mistyped.</p>
      <Link href="/" className="mt-8 inline-block rounded-md bg-accent px-4 py-2 text-sm font-medium text-paper no-underline hover:opacity-90">
        Browse the library
      </Link>
    </main>
  );
}
