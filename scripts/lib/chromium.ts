// Which Chromium the browser tests and benchmarks drive: CHROMIUM_PATH if set, else
// Debian's /usr/bin/chromium when present (machines that cannot download
// Playwright's own build), else Playwright's bundled one (`npx playwright install chromium`).
import fs from "node:fs";

export const CHROMIUM_ARGS = [
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--disable-quic",
  "--disable-dev-shm-usage",
];

export function chromiumExecutable(): string | undefined {
  const fromEnv = process.env.CHROMIUM_PATH?.trim();
  if (fromEnv) return fromEnv;
  for (const candidate of ["/usr/bin/chromium", "/usr/bin/chromium-browser"]) {
    if (fs.existsSync(candidate)) return candidate;
  }
  return undefined; // Playwright's own download
}

export function describeChromium(): string {
  const path = chromiumExecutable();
  return path ? `Chromium at ${path}` : "Playwright's bundled Chromium";
}
