// What a person sees when `npm start` cannot reach the configured database.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "./lib/database";

function start(env: Record<string, string>) {
  return spawnSync(process.execPath, [path.join(ROOT, "node_modules", "tsx", "dist", "cli.mjs"), "scripts/start.ts"], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    encoding: "utf8",
    timeout: 60_000,
  });
}

describe("npm start with a database that is down", () => {
  it("stops with a one-line explanation, not a stack trace", () => {
    const result = start({ DATABASE_URL: "postgresql://someone:secret@127.0.0.1:1/studycircle", PORT: "3999" });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("Cannot connect to 127.0.0.1:1/studycircle: nothing is listening there");
    expect(result.stderr).toContain("Check DATABASE_URL");
    expect(result.stderr).not.toMatch(/^\s+at /m);
    expect(result.stderr).not.toContain("secret");
  });

  it("names a host that does not resolve", () => {
    const result = start({ DATABASE_URL: "postgresql://someone@no-such-host.invalid:5432/db", PORT: "3999" });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/Cannot connect to no-such-host\.invalid:5432\/db: (that host name does not resolve|the connection timed out)/);
    expect(result.stderr).not.toMatch(/^\s+at /m);
  });
});
