// A small disclosure menu of the export formats: plain links to the export API, which
// answers with a download (Content-Disposition: attachment). No script needed.

const FORMATS = [
  { format: "markdown", label: "Markdown", hint: "a readable digest" },
  { format: "csv", label: "CSV", hint: "for a spreadsheet" },
  { format: "jsonld", label: "JSON-LD", hint: "W3C Web Annotation" },
] as const;

type Props = {
  /** The button's words: "Export the group’s notes", "Export this text’s notes", "Export my notes". */
  label: string;
  /** The export's address without its format, e.g. /api/groups/g1/export?text=slug */
  href: string;
  /** Formats offered (the account-wide export has no CSV). */
  formats?: readonly ("markdown" | "csv" | "jsonld")[];
  testId?: string;
};

export function ExportMenu({ label, href, formats = ["markdown", "csv", "jsonld"], testId }: Props) {
  const join = href.includes("?") ? "&" : "?";
  return (
    <details className="no-print group relative inline-block text-sm" data-testid={testId}>
      <summary className="inline-flex cursor-pointer list-none items-center gap-1.5 rounded-md border border-rule bg-raised px-3 py-1.5 font-medium text-ink hover:bg-accent-soft [&::-webkit-details-marker]:hidden">
        {label}
        <span aria-hidden="true" className="text-muted transition-transform group-open:rotate-180">
          ▾
        </span>
      </summary>
      <ul className="absolute z-20 mt-1 w-max min-w-56 rounded-md border border-rule bg-raised p-1 shadow-lg" aria-label={`${label}: formats`}>
        {FORMATS.filter((f) => formats.includes(f.format)).map((f) => (
          <li key={f.format}>
            <a
              href={`${href}${join}format=${f.format}`}
              download
              className="flex items-baseline justify-between gap-3 rounded px-3 py-1.5 text-ink no-underline hover:bg-accent-soft"
            >
              <span className="whitespace-nowrap font-medium">{f.label}</span>
              <span className="text-xs text-muted">{f.hint}</span>
            </a>
          </li>
        ))}
      </ul>
    </details>
  );
}
