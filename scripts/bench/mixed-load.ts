// A meeting's mixed load on one app: an open loop (requests start on a fixed schedule,
// whatever the answers, as a class of 200 does) at RATE requests a second. Of every 20:
// 6 reading pages, 4 notes lists (1,000 notes), 3 threads, 3 presence updates, 2 new
// notes and 2 replies, from 3 signed-in members. Latency runs from the moment a request
// was due to its last byte, so a server that falls behind is charged for the queue.
// Any answer other than the one expected, or a timeout, is an error; afterwards every
// acknowledged note and reply is looked up in the database: one lost or doubled is an
// error too. A row with any error is over, however fast it was.
import { randomUUID } from "node:crypto";
import http from "node:http";
import os from "node:os";
import { seedAnnotatedGroup } from "./annotations";
import { assertLoopback, summarise } from "./http";
import { PASSWORD, seedBench } from "./session";
import type { BenchContext, Measurement, Row } from "./types";

export const RATE = Number(process.env.BENCH_LOAD_RATE ?? 200);
const SECONDS = Number(process.env.BENCH_LOAD_SECONDS ?? 60);
/** Reported apart: the first seconds, while a fresh process compiles its code and queries. */
const WARM_SECONDS = 10;
const TIMEOUT_MS = 30_000;
const P95_GOAL = 100;
const P99_GOAL = 250;

type Kind = "page" | "notes" | "thread" | "presence" | "note" | "reply";
/** Of every 20 requests. */
export const MIX: Record<Kind, number> = { page: 6, notes: 4, thread: 3, presence: 3, note: 2, reply: 2 };

/** The 20-request cycle, interleaved (not six pages in a row), the same every run. */
export function schedule(): Kind[] {
  const cycle: Kind[] = [];
  const left = { ...MIX };
  while (cycle.length < 20)
    for (const kind of Object.keys(MIX) as Kind[])
      if (left[kind] > 0) {
        cycle.push(kind);
        left[kind] -= 1;
      }
  return cycle;
}

type Result = { kind: Kind; due: number; ms: number; status: number; error?: string; warm: boolean };

/** Signs in over plain HTTP, as a browser's form post would: returns the cookie header. */
export async function signInOverHttp(origin: string, email: string, password = PASSWORD): Promise<string> {
  const jar = new Map<string, string>();
  const keep = (response: Response) => {
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(";");
      const at = pair!.indexOf("=");
      jar.set(pair!.slice(0, at), pair!.slice(at + 1));
    }
  };
  const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join("; ");
  const csrf = await fetch(new URL("/api/auth/csrf", origin));
  keep(csrf);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const response = await fetch(new URL("/api/auth/callback/credentials", origin), {
    method: "POST",
    redirect: "manual",
    headers: { cookie: cookie(), "content-type": "application/x-www-form-urlencoded", origin },
    body: new URLSearchParams({ csrfToken, email, password, json: "true", callbackUrl: "/groups" }),
  });
  keep(response);
  await response.arrayBuffer();
  if (![...jar.keys()].some((name) => name.includes("session-token"))) throw new Error(`could not sign in as ${email} (${response.status})`);
  return cookie();
}

function send(
  agent: http.Agent,
  url: URL,
  options: { method: string; headers: http.OutgoingHttpHeaders; body?: string },
): Promise<{ status: number; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const request = http.request(url, { method: options.method, headers: options.headers, agent, timeout: TIMEOUT_MS }, (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("error", reject);
      response.on("end", () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks) }));
    });
    request.on("timeout", () => request.destroy(new Error("timed out")));
    request.on("error", reject);
    request.end(options.body);
  });
}

async function run(ctx: BenchContext): Promise<Row[]> {
  // The first seconds are measured just after a start, as a deploy meets a meeting.
  await ctx.restartApp();
  const origin = ctx.app.origin;
  assertLoopback(new URL(origin));
  const seeded = await seedBench((db) => seedAnnotatedGroup(db, ctx.text.slug));
  const members = seeded.emails.slice(0, 3);
  const cookies = await Promise.all(members.map((email) => signInOverHttp(origin, email)));
  const { versionId, blocks } = (await (await fetch(new URL(`/api/texts/${ctx.text.slug}`, origin))).json()) as {
    versionId: string;
    blocks: { id: string; text: string }[];
  };
  const prose = blocks.filter((b) => b.text.length > 80);
  const threads = seeded.noteIds.slice(0, 40);
  const base = `/api/groups/${seeded.groupId}`;

  // Many sockets, as many browsers would open; kept alive, as browsers do.
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1024 });
  ctx.onCleanup(() => agent.destroy());
  const cycle = schedule();
  const acknowledged = { notes: [] as string[], replies: [] as string[] };

  const request = async (kind: Kind, i: number): Promise<{ status: number; expect: number[] }> => {
    const cookie = cookies[i % cookies.length]!;
    const json = { cookie, accept: "application/json", "accept-encoding": "gzip, br" };
    const write = { ...json, origin, "content-type": "application/json" };
    switch (kind) {
      case "page":
        return { status: (await send(agent, new URL(`/texts/${ctx.text.slug}`, origin), { method: "GET", headers: { accept: "text/html", "accept-encoding": "br, gzip" } })).status, expect: [200] };
      case "notes":
        return { status: (await send(agent, new URL(`${base}/annotations?text=${ctx.text.slug}`, origin), { method: "GET", headers: json })).status, expect: [200] };
      case "thread":
        return { status: (await send(agent, new URL(`${base}/threads/${threads[i % threads.length]}`, origin), { method: "GET", headers: json })).status, expect: [200] };
      case "presence": {
        const block = prose[i % prose.length]!;
        const body = JSON.stringify({ text: ctx.text.slug, blockId: block.id });
        return { status: (await send(agent, new URL(`${base}/presence`, origin), { method: "PUT", headers: write, body })).status, expect: [200] };
      }
      case "note": {
        const id = randomUUID();
        const block = prose[(i * 7) % prose.length]!;
        const body = JSON.stringify({
          id,
          text: ctx.text.slug,
          kind: "comment",
          body: "Said in the meeting.",
          anchor: { versionId, startBlockId: block.id, startOffset: 0, endBlockId: block.id, endOffset: 24, exact: block.text.slice(0, 24) },
        });
        const reply = await send(agent, new URL(`${base}/annotations`, origin), { method: "POST", headers: write, body });
        if (reply.status === 201) acknowledged.notes.push(id);
        return { status: reply.status, expect: [201] };
      }
      case "reply": {
        const id = randomUUID();
        const body = JSON.stringify({ id, body: "Yes — and the next paragraph says why." });
        const reply = await send(agent, new URL(`${base}/annotations/${threads[i % threads.length]}/replies`, origin), { method: "POST", headers: write, body });
        if (reply.status === 201) acknowledged.replies.push(id);
        return { status: reply.status, expect: [201] };
      }
    }
  };

  const results: Result[] = [];
  const total = RATE * (WARM_SECONDS + SECONDS);
  const pending: Promise<void>[] = [];
  const cpuBefore = process.cpuUsage();
  const t0 = performance.now() + 50;
  let lagMax = 0;
  for (let i = 0; i < total; i++) {
    if (ctx.signal.aborted) throw new Error("interrupted");
    const due = t0 + (i * 1000) / RATE;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
    lagMax = Math.max(lagMax, performance.now() - due);
    const kind = cycle[i % cycle.length]!;
    const warm = i < RATE * WARM_SECONDS;
    pending.push(
      request(kind, i).then(
        ({ status, expect }) => void results.push({ kind, due, ms: performance.now() - due, status, warm, ...(expect.includes(status) ? {} : { error: String(status) }) }),
        (error: unknown) => void results.push({ kind, due, ms: performance.now() - due, status: 0, warm, error: error instanceof Error ? error.message : String(error) }),
      ),
    );
  }
  await Promise.all(pending);
  const elapsed = (performance.now() - t0) / 1000;
  const generatorCpu = process.cpuUsage(cpuBefore);

  // Every acknowledged write is in the database exactly once.
  const stored = await seedBench(async (db) => ({
    notes: await db.annotation.count({ where: { id: { in: acknowledged.notes } } }),
    replies: await db.annotation.count({ where: { id: { in: acknowledged.replies }, kind: "reply" } }),
  }));
  const lost = acknowledged.notes.length - stored.notes + (acknowledged.replies.length - stored.replies);

  const measured = results.filter((r) => !r.warm);
  const all = summarise(measured.map((r) => r.ms));
  const warm = summarise(results.filter((r) => r.warm).map((r) => r.ms));
  const errors = results.filter((r) => r.error);
  const byError = new Map<string, number>();
  for (const e of errors) byError.set(`${e.kind} ${e.error}`, (byError.get(`${e.kind} ${e.error}`) ?? 0) + 1);
  const perKind = (Object.keys(MIX) as Kind[])
    .map((kind) => {
      const s = summarise(measured.filter((r) => r.kind === kind).map((r) => r.ms));
      return `${kind} p50 ${s.p50.toFixed(1)} / p95 ${s.p95.toFixed(1)} / p99 ${s.p99.toFixed(1)} ms`;
    })
    .join("; ");
  ctx.note(
    `mixed load: ${RATE} requests/s for ${WARM_SECONDS} s (the "first seconds" row) and then ${SECONDS} s measured, open loop, from ${cookies.length} signed-in members ` +
      `(of every 20: 6 reading pages, 4 notes lists of 1,000 notes, 3 threads, 3 presence updates, 2 new notes, 2 replies); ` +
      `${results.length} requests in ${elapsed.toFixed(1)} s (${(results.length / elapsed).toFixed(0)}/s achieved); latency from when each request was due. ` +
      `Errors: ${errors.length ? [...byError].map(([k, n]) => `${n} × ${k}`).join(", ") : "none"}; acknowledged writes ${acknowledged.notes.length + acknowledged.replies.length}, lost or doubled ${lost}. ` +
      `Load generator: ${((generatorCpu.user + generatorCpu.system) / 1e6 / elapsed * 100).toFixed(0)}% of a core, latest start ${lagMax.toFixed(1)} ms behind schedule; ${os.cpus().length} CPUs.`,
  );
  ctx.note(`mixed load by kind: ${perKind}`);
  // Fast answers do not make up for wrong ones: with any error the latency rows are over too.
  const spoiledBy = errors.length || lost ? `${errors.length} errors, ${lost} writes lost or doubled` : undefined;
  return [
    { metric: `mixed load ${RATE} req/s p50`, value: all.p50, unit: "ms" },
    { metric: `mixed load ${RATE} req/s p95`, value: all.p95, unit: "ms", goal: { kind: "max", max: P95_GOAL }, spoiledBy },
    { metric: `mixed load ${RATE} req/s p99`, value: all.p99, unit: "ms", goal: { kind: "max", max: P99_GOAL }, spoiledBy },
    { metric: `mixed load: errors, lost or doubled writes`, value: errors.length + Math.abs(lost), unit: "count", goal: { kind: "max", max: 0 } },
    { metric: `mixed load: first ${WARM_SECONDS} s p95`, value: warm.p95, unit: "ms" },
  ];
}

export const mixedLoad: Measurement = {
  name: "mixed load",
  rows: () => [
    { metric: `mixed load ${RATE} req/s p50`, unit: "ms" },
    { metric: `mixed load ${RATE} req/s p95`, unit: "ms", goal: { kind: "max", max: P95_GOAL } },
    { metric: `mixed load ${RATE} req/s p99`, unit: "ms", goal: { kind: "max", max: P99_GOAL } },
    { metric: `mixed load: errors, lost or doubled writes`, unit: "count", goal: { kind: "max", max: 0 } },
    { metric: `mixed load: first ${WARM_SECONDS} s p95`, unit: "ms" },
  ],
  run,
};
