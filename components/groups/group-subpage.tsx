import Link from "next/link";

/**
 * A page inside a group (the schedule editor, a week's participation, its agenda): the
 * group's name leading back to its home, the page's title, and the page. `print` false
 * keeps the frame off paper (the agenda prints alone).
 */
export function GroupSubpage({
  group,
  title,
  intro,
  print = true,
  children,
}: {
  group: { id: string; name: string };
  title: string;
  intro?: React.ReactNode;
  print?: boolean;
  children: React.ReactNode;
}) {
  const hidden = print ? "" : "no-print ";
  return (
    <main id="main" tabIndex={-1} className="mx-auto max-w-6xl px-5 pb-24 pt-10 outline-none sm:px-8 sm:pt-14">
      <nav aria-label="Breadcrumb" className={`${hidden}text-xs font-semibold uppercase tracking-[0.14em] text-accent`}>
        <Link href={`/groups/${group.id}`} className="no-underline hover:underline">
          {group.name}
        </Link>
      </nav>
      <h1 className={`${hidden}mt-3 font-serif text-4xl font-semibold tracking-tight`}>{title}</h1>
      {intro}
      {children}
    </main>
  );
}
