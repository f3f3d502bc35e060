// Faults are normal: the database stops and starts again under the app's feet, and the app
// is stopped mid-request. These tests run an app of their own (the same build, through
// `npm start`'s own start-up, on an external DATABASE_URL) against a Postgres they start,
// stop and start again themselves, and check what members would see meanwhile:
// - every answer is a success or a 503 with Retry-After — never "not found", "signed out"
//   or a 500 — and sessions survive the outage;
// - no acknowledged note is lost or doubled, and every live reader receives every note
//   exactly once, in order, across the restart;
// - a note written in the browser during the outage waits, and reaches the server after it;
// - past its limit of API requests in progress, a process turns more away at once (503,
//   Retry-After) instead of queueing them until they time out;
// - SIGTERM lets requests in flight finish and ends event streams with a retry hint.
import { spawn, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { startEmbeddedPostgres, type RunningPostgres } from "../scripts/lib/embedded-postgres";
import { ROOT, SCREENSHOT_DIR, expectNoAxeViolations, waitForHydration } from "./helpers";
import { addMember, createGroup, expect, newPerson, signedUpActor, test, type SignedIn } from "./fixtures";
import { dragSelect, PARAGRAPHS, SLUG, versionOf } from "./live";

test.describe.configure({ mode: "serial" });

const DATA_DIR = path.join(ROOT, ".data", "faults-postgres");
let postgres: RunningPostgres | null = null;
let pgPort = 0;
let app: ChildProcess | null = null;
let origin = "";
let appLog: string[] = [];

async function startPostgres() {
  postgres = await startEmbeddedPostgres({ dataDir: DATA_DIR, port: pgPort || undefined, fresh: !pgPort });
  pgPort = postgres.port;
}

async function stopPostgres() {
  await postgres?.stop();
  postgres = null;
}

async function startApp(port: number) {
  appLog = [];
  app = spawn(process.execPath, ["--import", "tsx", path.join(ROOT, "scripts", "start.ts"), "--dist-dir", ".next-e2e"], {
    cwd: ROOT,
    stdio: ["ignore", "pipe", "pipe"],
    env: {
      ...process.env,
      PORT: String(port),
      DATABASE_URL: `postgresql://studycircle:studycircle@127.0.0.1:${pgPort}/studycircle`,
      NEXTAUTH_SECRET: "faults-test-secret-0123456789abcdef",
      NEXTAUTH_URL: origin,
      TRUST_PROXY: "1",
      // People sign up by confirming a mailed link, read from /dev/outbox (shown on an external database only when asked for).
      MAIL_OUTBOX: "1",
      NEXT_TELEMETRY_DISABLED: "1",
      // Low, so that the overload test below can pass it with a handful of requests.
      MAX_IN_FLIGHT: "8",
    },
  });
  for (const stream of [app.stdout!, app.stderr!]) stream.on("data", (chunk: Buffer) => appLog.push(chunk.toString()));
  for (let i = 0; i < 240; i++) {
    if (app.exitCode !== null) throw new Error(`the app exited: ${appLog.join("").slice(-2000)}`);
    if (await fetch(`${origin}/api/health`).then((r) => r.ok, () => false)) return;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`the app did not start: ${appLog.join("").slice(-2000)}`);
}

async function stopApp() {
  if (!app || app.exitCode !== null) return;
  const exited = new Promise((resolve) => app!.once("exit", resolve));
  app.kill("SIGTERM");
  await exited;
}

test.beforeAll(async ({}, testInfo) => {
  testInfo.setTimeout(300_000);
  const port = Number(new URL(testInfo.project.use.baseURL!).port) + 7;
  origin = `http://localhost:${port}`;
  fs.rmSync(DATA_DIR, { recursive: true, force: true });
  await startPostgres();
  await postgres!.createDatabase("studycircle");
  await startApp(port);
});

test.afterAll(async () => {
  await stopApp();
  await stopPostgres();
});

/** A reader of the group's events over plain HTTP, reconnecting with Last-Event-ID as a browser's EventSource does. */
function liveReader(cookie: string, groupId: string) {
  const notes: string[] = [];
  const statuses: number[] = [];
  let last = "";
  let stopped = false;
  let request: http.ClientRequest | null = null;
  const connect = () => {
    if (stopped) return;
    const headers: http.OutgoingHttpHeaders = { cookie, accept: "text/event-stream", "x-forwarded-for": "10.9.9.9" };
    if (last) headers["last-event-id"] = last;
    request = http.get(`${origin}/api/groups/${groupId}/events`, { headers, agent: false }, (response) => {
      statuses.push(response.statusCode ?? 0);
      if (response.statusCode !== 200) {
        response.resume();
        return void setTimeout(connect, 500);
      }
      response.setEncoding("utf8");
      let buffer = "";
      response.on("data", (chunk: string) => {
        buffer += chunk;
        let cut: number;
        while ((cut = buffer.indexOf("\n\n")) >= 0) {
          const frame = buffer.slice(0, cut);
          buffer = buffer.slice(cut + 2);
          const id = /^id: (\d+)$/m.exec(frame)?.[1];
          if (id) last = id;
          if (/^event: annotation\.created$/m.test(frame)) notes.push(/"annotationId":"([0-9a-f-]{36})"/.exec(frame)![1]!);
        }
      });
      response.on("end", () => setTimeout(connect, 200));
      response.on("error", () => undefined);
    });
    request.on("error", () => setTimeout(connect, 500));
  };
  connect();
  return {
    notes,
    statuses,
    stop: () => {
      stopped = true;
      request?.destroy();
    },
  };
}

const cookieOf = async (actor: SignedIn) => (await actor.context.cookies()).map((c) => `${c.name}=${c.value}`).join("; ");

test("the database stops under writers and readers: only 2xx and 503 meanwhile, no acknowledged note lost or doubled, every reader gets every note once", async ({ browser }) => {
  test.setTimeout(180_000);
  const ana = await signedUpActor(browser, origin, newPerson("ana", "Ana Faults"));
  const ben = await signedUpActor(browser, origin, newPerson("ben", "Ben Faults"));
  const group = await createGroup(ana);
  await addMember(ana, group.id, ben);
  const versionId = await versionOf(ana, group.id);
  const cookies = [await cookieOf(ana), await cookieOf(ben)];

  const readers = [liveReader(cookies[0]!, group.id), liveReader(cookies[1]!, group.id), liveReader(cookies[1]!, group.id)];
  await new Promise((r) => setTimeout(r, 1000));

  // Two writers, each sending notes one after another; a note is sent again with the same id
  // until it is acknowledged, as the browser's outbox does.
  const statuses = new Map<number, number>();
  const unexpected: string[] = [];
  const acknowledged: string[] = [];
  let writing = true;
  const writer = async (cookie: string, n: number) => {
    while (writing) {
      const id = randomUUID();
      const block = PARAGRAPHS[n++ % PARAGRAPHS.length]!;
      const body = JSON.stringify({
        id,
        text: SLUG,
        kind: "comment",
        body: `Written while the database comes and goes (${n}).`,
        anchor: { versionId, startBlockId: block.id, startOffset: 0, endBlockId: block.id, endOffset: 30, exact: block.plainText.slice(0, 30) },
      });
      for (;;) {
        const response = await fetch(`${origin}/api/groups/${group.id}/annotations`, {
          method: "POST",
          headers: { cookie, origin, "content-type": "application/json", "x-forwarded-for": "10.9.9.8" },
          body,
        }).catch(() => null);
        const status = response?.status ?? 0;
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
        const text = (await response?.text().catch(() => "")) ?? "";
        if (status === 201 || status === 200) {
          acknowledged.push(id);
          break;
        }
        if (status !== 503 || !response?.headers.get("retry-after")) unexpected.push(`${status} ${text.slice(0, 200)}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  };
  const writers = [writer(cookies[0]!, 0), writer(cookies[1]!, 7)];

  await new Promise((r) => setTimeout(r, 1500));
  await stopPostgres();

  // Meanwhile: the API says 503 (with a message and Retry-After), pages say so calmly, and nobody is signed out.
  const during = await fetch(`${origin}/api/groups/${group.id}/annotations?text=${SLUG}`, { headers: { cookie: cookies[1]! } });
  expect(during.status).toBe(503);
  expect(during.headers.get("retry-after")).toBeTruthy();
  expect(((await during.json()) as { error: string }).error).toMatch(/can’t reach the library/);
  const page = await fetch(`${origin}/groups/${group.id}`, { headers: { cookie: cookies[1]! }, redirect: "manual" });
  expect(page.status).toBe(503);
  expect(await page.text()).toContain("We can’t reach the library right now");
  // The step that deletes an account too: calm, never "signed out". (A process that has not yet
  // met the outage renders the page, fails, and its error page says the same in the browser.)
  const deleting = await fetch(`${origin}/account/delete`, { headers: { cookie: cookies[1]! }, redirect: "manual" });
  expect(deleting.status).toBe(503);
  expect(deleting.headers.get("location")).toBeNull();
  const deletePage = await ben.page.goto("/account/delete");
  expect(deletePage?.status()).toBe(503);
  await expect(ben.page.getByRole("heading", { name: "We can’t reach the library right now — retrying" })).toBeVisible();
  // In the browser: the calm page, which says what is happening and tries again by itself.
  const shown = await ben.page.goto(`/groups/${group.id}`);
  expect(shown?.status()).toBe(503);
  await expect(ben.page.getByRole("heading", { name: "We can’t reach the library right now — retrying" })).toBeVisible();
  await expectNoAxeViolations(ben.page, "the page shown while the database is away");
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await ben.page.screenshot({ path: path.join(SCREENSHOT_DIR, "database-unavailable.png") });
  const session = await fetch(`${origin}/api/auth/session`, { headers: { cookie: cookies[1]! } });
  expect(session.headers.getSetCookie().filter((c) => /session-token=;|Max-Age=0/i.test(c))).toEqual([]);
  expect(((await session.json()) as { user?: { name: string } }).user?.name).toBe("Ben Faults");

  await new Promise((r) => setTimeout(r, 3000));
  await startPostgres();
  // The calm page notices by itself and brings the group page back.
  await expect(ben.page.getByRole("heading", { name: "We can’t reach the library right now — retrying" })).toBeHidden({ timeout: 30_000 });
  await expect(ben.page.getByRole("heading", { level: 1 })).toBeVisible();
  await new Promise((r) => setTimeout(r, 1000));
  writing = false;
  await Promise.all(writers);

  // The same sessions work again, without signing in.
  const after = await fetch(`${origin}/api/groups/${group.id}/annotations?text=${SLUG}`, { headers: { cookie: cookies[1]! } });
  expect(after.status).toBe(200);
  const listed = ((await after.json()) as { annotations: { id: string }[] }).annotations.map((a) => a.id);

  expect(unexpected, "answers other than 2xx or 503 with Retry-After").toEqual([]);
  expect(statuses.get(503) ?? 0, "some writes met the outage").toBeGreaterThan(0);
  expect(acknowledged.length).toBeGreaterThan(4);
  // Every acknowledged note is stored once, and nothing else was stored.
  expect([...listed].sort()).toEqual([...acknowledged].sort());

  // Every reader received every note, once, in the order the log has them.
  await expect.poll(() => readers.map((r) => r.notes.length), { timeout: 20_000 }).toEqual(readers.map(() => acknowledged.length));
  for (const reader of readers) {
    expect(new Set(reader.notes).size).toBe(reader.notes.length);
    expect([...reader.notes].sort()).toEqual([...acknowledged].sort());
    expect(reader.statuses.every((s) => s === 200 || s === 503), `stream answers: ${reader.statuses.join(", ")}`).toBe(true);
    reader.stop();
  }
  expect(readers[0]!.notes).toEqual(readers[1]!.notes);
});

test("a note written in the browser while the database is down waits, and reaches the server once it is back", async ({ browser }) => {
  test.setTimeout(120_000);
  const ana = await signedUpActor(browser, origin, newPerson("ana", "Ana Outbox"));
  const group = await createGroup(ana);
  await ana.page.goto(`/groups/${group.id}/texts/${SLUG}`);
  await waitForHydration(ana.page);
  await expect(ana.page.locator("[data-annotation-layer]")).toHaveAttribute("data-state", "placed");

  await stopPostgres();
  // Select words in a paragraph and comment on them.
  const block = PARAGRAPHS[2]!;
  await dragSelect(ana.page, { blockId: block.id, offset: 0 }, { blockId: block.id, offset: 25 });
  await ana.page.getByRole("toolbar", { name: "Annotate the selection" }).getByRole("button", { name: "Comment" }).click();
  const composer = ana.page.locator("[data-margin] [data-composer]");
  await composer.getByRole("textbox", { name: /^Your (comment|question)$/ }).fill("Written while the library was away.");
  await composer.getByRole("button", { name: "Post comment" }).click();

  const card = ana.page.locator("[data-margin] [data-note]", { hasText: "Written while the library was away." });
  await expect(card.locator("[data-pending]")).toHaveText(/Waiting to send/);
  await expect(ana.page.getByText("The server can’t take it right now")).toBeVisible();
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await ana.page.screenshot({ path: path.join(SCREENSHOT_DIR, "note-waiting-to-send.png") });

  await startPostgres();
  await expect(card.locator("[data-pending]")).toHaveCount(0, { timeout: 40_000 });
  const listed = await ana.api.get(`/api/groups/${group.id}/annotations?text=${SLUG}`);
  const notes = ((await listed.json()) as { annotations: { body: string }[] }).annotations;
  expect(notes.filter((n) => n.body === "Written while the library was away.")).toHaveLength(1);
});

test("past its limit of API requests in progress, the app turns the rest away at once with 503 and Retry-After, and serves again straight after", async ({ browser }) => {
  test.setTimeout(120_000);
  const ana = await signedUpActor(browser, origin, newPerson("ana", "Ana Busy"));
  const group = await createGroup(ana);
  const cookie = await cookieOf(ana);
  const list = () =>
    fetch(`${origin}/api/groups/${group.id}/annotations?text=${SLUG}`, { headers: { cookie } }).then(async (r) => ({
      status: r.status,
      retryAfter: r.headers.get("retry-after"),
      body: (await r.json()) as { error?: string },
    }));
  // Far more at once than two processes with a limit of 8 each take in. A cheap request may
  // be answered faster than a burst arrives, so bursts are sent until one overflows.
  const answers: Awaited<ReturnType<typeof list>>[] = [];
  for (let burst = 0; burst < 5 && !answers.some((a) => a.status === 503); burst++)
    answers.push(...(await Promise.all(Array.from({ length: 200 }, list))));
  const busy = answers.filter((a) => a.status === 503);
  expect(answers.filter((a) => a.status !== 200 && a.status !== 503)).toEqual([]);
  expect(busy.length).toBeGreaterThan(0);
  expect(answers.filter((a) => a.status === 200).length).toBeGreaterThanOrEqual(8);
  for (const answer of busy) {
    expect(answer.retryAfter).toBe("2");
    expect(answer.body.error).toBe("Study Circle is very busy right now: try again in a moment.");
  }
  // The health check and the event stream are never turned away, and the next request is served.
  expect((await fetch(`${origin}/api/health`)).status).toBe(200);
  expect((await list()).status).toBe(200);
  expect(appLog.join("")).toMatch(/overloaded: answering 503/);
});

test("SIGTERM lets requests in flight finish and ends event streams with a retry hint", async ({ browser }) => {
  test.setTimeout(180_000);
  const ana = await signedUpActor(browser, origin, newPerson("ana", "Ana Restart"));
  const group = await createGroup(ana);
  const cookie = await cookieOf(ana);

  // A stream, open before the stop.
  const streamed: string[] = [];
  const streamEnded = new Promise<void>((resolve) => {
    http.get(`${origin}/api/groups/${group.id}/events`, { headers: { cookie, accept: "text/event-stream" }, agent: false }, (response) => {
      response.setEncoding("utf8");
      response.on("data", (chunk: string) => streamed.push(chunk));
      response.on("end", () => resolve());
      response.on("error", () => resolve());
    });
  });
  await expect.poll(() => streamed.join("")).toContain("retry: 3000");

  // Requests in flight when the signal comes all finish with their answer. They go over
  // connections opened beforehand, so each has surely reached the server when it stops.
  // Six at a time: under the MAX_IN_FLIGHT of 8 this server runs with, so none is turned away as overload.
  const agent = new http.Agent({ keepAlive: true, maxSockets: 6 });
  const get = () =>
    new Promise<number>((resolve) => {
      http
        .get(`${origin}/api/groups/${group.id}/annotations?text=${SLUG}`, { headers: { cookie }, agent }, (response) => {
          response.resume();
          response.on("end", () => resolve(response.statusCode ?? 0));
        })
        .on("error", () => resolve(0));
    });
  expect(await Promise.all(Array.from({ length: 6 }, get))).toEqual(Array(6).fill(200));
  const inFlight = Array.from({ length: 6 }, get);
  await new Promise((r) => setTimeout(r, 50));
  const exited = new Promise<number | null>((resolve) => app!.once("exit", (code) => resolve(code)));
  app!.kill("SIGTERM");
  expect(await Promise.all(inFlight)).toEqual(Array(6).fill(200));
  agent.destroy();
  await streamEnded;
  expect(streamed.join("")).toMatch(/retry: 500\n\n$/);
  expect(await exited).toBe(0);

  // And it starts again on the same database: the session still holds.
  await startApp(Number(new URL(origin).port));
  const again = await fetch(`${origin}/api/groups/${group.id}/annotations?text=${SLUG}`, { headers: { cookie } });
  expect(again.status).toBe(200);
});
