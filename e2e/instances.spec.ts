// Several app instances on one Postgres, as behind a load balancer: the test starts a
// second server (the same build, the same database and session secret) on the next
// port, opens a member's reader on it, and posts a note through the first. The note
// reaches the reader through Postgres (NOTIFY → the second instance's LISTEN → its
// stream), not through any memory the two processes share.
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { resolveDataDir } from "../scripts/lib/embedded-postgres";
import { ROOT } from "./helpers";
import { addMember, createGroup, expect, newPerson, test } from "./fixtures";
import { openReader, versionOf, write } from "./live";

let second: ChildProcess | null = null;
let secondOrigin = "";

test.beforeAll(async ({}, testInfo) => {
  testInfo.setTimeout(90_000);
  const first = new URL(testInfo.project.use.baseURL!);
  const port = Number(first.port) + 1;
  secondOrigin = `http://localhost:${port}`;
  const dataDir = resolveDataDir(path.join(ROOT, ".data", "e2e-postgres"));
  const pgPort = Number(fs.readFileSync(path.join(dataDir, "postmaster.pid"), "utf8").split("\n")[3]);
  second = spawn(process.execPath, ["--import", "tsx", path.join(ROOT, "scripts", "serve.ts")], {
    cwd: ROOT,
    stdio: "ignore",
    env: {
      ...process.env,
      NODE_ENV: "production",
      PORT: String(port),
      DATABASE_URL: `postgresql://studycircle:studycircle@127.0.0.1:${pgPort}/studycircle`,
      NEXT_DIST_DIR: ".next-e2e",
      NEXT_TELEMETRY_DISABLED: "1",
      // The first instance's secret (scripts/start.ts keeps it there), so sessions work on both.
      NEXTAUTH_SECRET: fs.readFileSync(path.join(ROOT, ".data", "auth-secret"), "utf8").trim(),
      NEXTAUTH_URL: secondOrigin,
      STUDY_CIRCLE_EMBEDDED_DB: "1",
      TRUST_PROXY: "1",
    },
  });
  for (let i = 0; i < 120; i++) {
    const ok = await fetch(`${secondOrigin}/api/health`).then((r) => r.ok, () => false);
    if (ok) return;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error("the second instance did not start");
});

test.afterAll(async () => {
  if (!second || second.exitCode !== null) return;
  const exited = new Promise((resolve) => second!.once("exit", resolve));
  second.kill("SIGTERM");
  await exited;
});

test("a note posted through one instance appears on a reader connected to another", async ({ signedUp }) => {
  const a = await signedUp(newPerson("ana", "Ana First"));
  const b = await signedUp(newPerson("ben", "Ben Second"));
  const group = await createGroup(a);
  await addMember(a, group.id, b);
  const versionId = await versionOf(a, group.id);

  // B reads on the second instance (the session cookie is the same site's).
  await openReader(b.page, group.id, secondOrigin);

  // A writes through the first.
  const id = await write(a, group.id, versionId, 1, "Sent through the first instance.");
  await expect(b.page.locator(`[data-margin] [data-note="${id}"]`)).toContainText("Sent through the first instance.");
  expect(new URL(b.page.url()).origin).toBe(secondOrigin);
});
