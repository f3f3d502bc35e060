export function AuthCard({ title, intro, children }: { title: string; intro?: React.ReactNode; children: React.ReactNode }) {
  return (
    <main id="main" tabIndex={-1} className="mx-auto max-w-md px-5 pb-24 pt-12 outline-none sm:pt-20">
      <h1 className="font-serif text-3xl font-semibold tracking-tight">{title}</h1>
      {intro && <p className="mt-3 text-ink-soft">{intro}</p>}
      <div className="mt-8 rounded-xl border border-rule bg-raised p-6 shadow-sm">{children}</div>
    </main>
  );
}
