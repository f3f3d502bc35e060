import { defineConfig, devices } from "@playwright/test";
import { CHROMIUM_ARGS, chromiumExecutable } from "./scripts/lib/chromium";

const PORT = Number(process.env.E2E_PORT ?? 3100);
const baseURL = `http://localhost:${PORT}`;

export default defineConfig({
  testDir: "e2e",
  outputDir: "test-results",
  fullyParallel: false,
  workers: 1,
  forbidOnly: true,
  retries: 0,
  timeout: 60_000,
  reporter: process.env.CI ? [["list"]] : [["list"], ["html", { open: "never" }]],
  use: {
    baseURL,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: { executablePath: chromiumExecutable(), args: CHROMIUM_ARGS },
  },
  projects: [{ name: "chromium", use: { ...devices["Desktop Chrome"] } }],
  // The real app on a throwaway embedded Postgres (never DATABASE_URL: the tests write to it).
  webServer: {
    command: "npx tsx scripts/start.ts --data-dir .data/e2e-postgres --fresh --dist-dir .next-e2e",
    url: `${baseURL}/api/health`,
    // TRUST_PROXY: each test context sends its own X-Forwarded-For, so per-address rate limits apply per test.
    env: { PORT: String(PORT), DATABASE_URL: "", TRUST_PROXY: "1" },
    timeout: 240_000,
    reuseExistingServer: process.env.E2E_REUSE_SERVER === "1",
    stdout: "pipe",
    gracefulShutdown: { signal: "SIGTERM", timeout: 10_000 },
  },
});
