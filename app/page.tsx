import Link from "next/link";
import { listLibrary } from "@/lib/library/queries";

// A handful of rows: rendered per request, so it never needs the database at build time.
export const dynamic = "force-dynamic";

export default async function LibraryPage() {
  const texts = await listLibrary();
  return (
    <main id="main" tabIndex={-1} className="outline-none mx-auto max-w-3xl px-5 pb-24 pt-12 sm:px-8 sm:pt-20">
      <header className="mb-12">
        <p className="text-xs font-semibold uppercase tracking-[0.14em] text-accent">The library</p>
        <h1 className="mt-3 font-serif text-4xl font-semibold tracking-tight text-balance sm:text-5xl">
          Texts to read together
        </h1>
        <p className="mt-4 max-w-xl text-lg leading-relaxed text-ink-soft">
          Classic and contemporary writing on how movements organise. Open a text to read it; study groups
          annotate and discuss them week by week.
        </p>
      </header>

      {texts.length === 0 ? (
        <div className="rounded-xl border border-dashed border-rule p-10 text-center">
          <h2 className="font-serif text-xl font-semibold">The library is empty</h2>
          <p className="mt-2 text-ink-soft">
            Add Markdown files to <code className="text-sm">content/texts/</code> (or draft one from a plain-text file
            with <code className="text-sm">npm run import -- file.txt</code>) and restart the app.
          </p>
        </div>
      ) : (
        <ol className="divide-y divide-rule border-y border-rule">
          {texts.map((text) => (
            <li key={text.slug}>
              <Link
                href={`/texts/${text.slug}`}
                className="group -mx-3 block rounded-lg px-3 py-6 no-underline transition-colors hover:bg-accent-soft/60"
              >
                <h2 className="font-serif text-[1.4rem] font-semibold leading-snug text-ink group-hover:text-accent">
                  {text.title}
                </h2>
                <p className="mt-1.5 font-serif text-base text-ink-soft">
                  {text.author ?? <span className="italic text-muted">Author not stated</span>}
                  {text.year ? <span className="text-muted"> · {text.year}</span> : null}
                </p>
                <p className="mt-2 text-sm text-muted">
                  {text.wordCount.toLocaleString("en")} words · {text.minutes} min read
                </p>
              </Link>
            </li>
          ))}
        </ol>
      )}
    </main>
  );
}
