// The page shown while the database cannot be reached: served by scripts/serve.ts itself
// (status 503, Retry-After), since rendering any page of the app needs the database. It
// says plainly what is happening, promises nothing false, and asks /api/health every few
// seconds, reloading once the library answers, so the reader lands back where they were.
// (A small script rather than a meta refresh: a timed refresh reloads a page under a
// screen-reader user whether or not anything changed.) Without script, "Try again" does it
// by hand. The app's light and dark colours, without its stylesheet.
import { RETRY_AFTER_SECONDS } from "@/lib/errors";

let html: string | null = null;

export function unavailablePage(): string {
  return (html ??= `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>Retrying — Study Circle</title>
<style>
  :root { --paper: #fcfbf8; --ink: #1d1b18; --muted: #6b655b; --rule: #e6e1d7; --accent: #9c3d10; color-scheme: light dark; }
  @media (prefers-color-scheme: dark) { :root { --paper: #17161a; --ink: #e9e5dc; --muted: #a29d93; --rule: #34323a; --accent: #f0a46c; } }
  html, body { margin: 0; background: var(--paper); color: var(--ink); }
  body { font: 16px/1.6 system-ui, -apple-system, "Segoe UI", sans-serif; }
  header { border-bottom: 1px solid var(--rule); padding: 14px 24px; font: 600 18px/1.2 Georgia, "Times New Roman", serif; }
  main { max-width: 34rem; margin: 0 auto; padding: 14vh 24px 64px; text-align: center; }
  .eyebrow { font-size: 13px; font-weight: 600; letter-spacing: .14em; text-transform: uppercase; color: var(--accent); margin: 0; }
  h1 { font: 600 clamp(26px, 5vw, 32px)/1.25 Georgia, "Times New Roman", serif; margin: 12px 0 0; }
  p { color: var(--muted); margin: 16px 0 0; }
  .retrying { display: inline-flex; align-items: center; gap: 10px; margin-top: 32px; font-size: 14px; color: var(--muted); }
  .dot { width: 8px; height: 8px; border-radius: 50%; background: var(--accent); animation: pulse 1.6s ease-in-out infinite; }
  @keyframes pulse { 0%, 100% { opacity: .25 } 50% { opacity: 1 } }
  @media (prefers-reduced-motion: reduce) { .dot { animation: none; } }
  a { color: var(--accent); }
</style>
</head>
<body>
<header>Study Circle</header>
<main id="main">
  <p class="eyebrow">One moment</p>
  <h1>We can’t reach the library right now — retrying</h1>
  <p>The server can’t reach its database at the moment. Nothing you wrote is lost: notes waiting in your browser are sent once it answers again.</p>
  <p role="status" class="retrying"><span class="dot" aria-hidden="true"></span>Trying again every ${RETRY_AFTER_SECONDS} seconds. <a href="">Try again now</a></p>
</main>
<script>
(function () {
  function check() {
    fetch("/api/health", { cache: "no-store" }).then(function (r) {
      if (r.ok) location.reload(); else setTimeout(check, ${RETRY_AFTER_SECONDS * 1000});
    }, function () { setTimeout(check, ${RETRY_AFTER_SECONDS * 1000}); });
  }
  setTimeout(check, ${RETRY_AFTER_SECONDS * 1000});
})();
</script>
</body>
</html>
`);
}
