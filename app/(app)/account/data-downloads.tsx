/** The two downloads of everything a person wrote (GET /api/me/export). */
export function DataDownloads() {
  return (
    <ul className="mt-4 grid gap-2 sm:grid-cols-2">
      <li>
        <a href="/api/me/export?format=markdown" download className="flex h-full flex-col rounded-lg border border-rule p-3 no-underline hover:border-accent hover:bg-accent-soft">
          <span className="text-sm font-semibold text-ink">Markdown</span>
          <span className="text-xs text-muted">To read or keep: one document, text by text.</span>
        </a>
      </li>
      <li>
        <a href="/api/me/export?format=jsonld" download className="flex h-full flex-col rounded-lg border border-rule p-3 no-underline hover:border-accent hover:bg-accent-soft">
          <span className="text-sm font-semibold text-ink">JSON-LD</span>
          <span className="text-xs text-muted">W3C Web Annotations, for other annotation tools.</span>
        </a>
      </li>
    </ul>
  );
}
