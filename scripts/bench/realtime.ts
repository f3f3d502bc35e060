// The group's live stream under a meeting's load: 200 readers connected to the events
// stream of one group (10 members, 20 open tabs each), while a facilitator posts 20 notes
// a second for 10 seconds. For every note and every reader: the time from the POST's
// response to the event arriving at that reader; and whether any reader missed any note.
// The floor, measured in the same run on the same Postgres: a bare NOTIFY → LISTEN round
// trip between two plain connections.
import { randomUUID } from "node:crypto";
import http from "node:http";
import pg from "pg";
import { chromium } from "playwright-core";
import { CHROMIUM_ARGS, chromiumExecutable } from "../lib/chromium";
import { benchDatabaseUrl, seedBench, seedGroup, signIn } from "./session";
import { summarise } from "./http";
import type { BenchContext, Measurement, Row } from "./types";

const MEMBERS = 10;
const TABS = 20;
const RATE = 20;
const SECONDS = 10;
/** The first seconds after the app starts, at the same rate, reported apart: a fresh process compiles its queries and code. */
const WARM_SECONDS = 3;
const GOAL_MS = 100;
/** Just after a start a process compiles its code and queries: slower, but never by seconds. */
const COLD_GOAL_MS = 500;

type Seeded = { groupId: string; emails: string[]; versionId: string; block: { id: string; plainText: string } };

async function cookieFor(ctx: BenchContext, email: string): Promise<string> {
  const browser = await chromium.launch({ executablePath: chromiumExecutable(), args: CHROMIUM_ARGS });
  try {
    const context = await browser.newContext({ baseURL: ctx.app.origin });
    await signIn(context, email);
    return (await context.cookies()).map((c) => `${c.name}=${c.value}`).join("; ");
  } finally {
    await browser.close();
  }
}

/**
 * One reader: an open events stream; records when each note's event arrived. Plain
 * node:http and string search, not fetch and JSON: two hundred readers share this one
 * process, which must not become the bottleneck it is measuring.
 */
function reader(origin: string, groupId: string, cookie: string, arrivals: Map<string, number>, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const request = http.get(new URL(`/api/groups/${groupId}/events`, origin), { headers: { cookie, accept: "text/event-stream" }, signal, agent: false }, (response) => {
      if (response.statusCode !== 200) return reject(new Error(`stream: ${response.statusCode}`));
      response.setEncoding("utf8");
      let buffer = "";
      response.on("data", (chunk: string) => {
        const now = performance.now();
        buffer += chunk;
        let cut: number;
        while ((cut = buffer.indexOf("\n\n")) >= 0) {
          const frame = buffer.slice(0, cut);
          buffer = buffer.slice(cut + 2);
          if (!frame.includes("event: annotation.created\n")) continue;
          const at = frame.indexOf(ID_KEY);
          if (at < 0) continue;
          const id = frame.slice(at + ID_KEY.length, at + ID_KEY.length + 36);
          if (!arrivals.has(id)) arrivals.set(id, now);
        }
      });
      response.on("error", () => undefined); // aborted at the end of the run
      resolve();
    });
    request.on("error", (error) => (signal.aborted ? undefined : reject(error)));
  });
}
const ID_KEY = '"annotationId":"';

/** The floor: NOTIFY on one plain connection, heard by LISTEN on another. */
async function notifyRoundTrips(count: number): Promise<number[]> {
  const url = benchDatabaseUrl();
  const listener = new pg.Client({ connectionString: url });
  const sender = new pg.Client({ connectionString: url });
  await Promise.all([listener.connect(), sender.connect()]);
  const samples: number[] = [];
  try {
    await listener.query("LISTEN bench_floor");
    for (let i = 0; i < count; i++) {
      const heard = new Promise<number>((resolve) => listener.once("notification", () => resolve(performance.now())));
      const t0 = performance.now();
      await sender.query("SELECT pg_notify('bench_floor', $1)", [String(i)]);
      samples.push((await heard) - t0);
    }
  } finally {
    await Promise.all([listener.end(), sender.end()]);
  }
  return samples;
}

async function run(ctx: BenchContext): Promise<Row[]> {
  // Cold means just after a start: the app is started afresh for this measurement.
  await ctx.restartApp();
  const seeded = await seedBench(async (db): Promise<Seeded> => {
    const { text, blocks, users, group } = await seedGroup(db, ctx.text.slug, { email: "live", group: "Live circle" }, MEMBERS);
    const block = blocks.find((b) => b.kind === "paragraph" && b.plainText.length > 80)!;
    return { groupId: group.id, emails: users.map((u) => u.email), versionId: text.versionId, block };
  });
  const cookies: string[] = [];
  for (const email of seeded.emails) cookies.push(await cookieFor(ctx, email));

  const arrivals = Array.from({ length: MEMBERS * TABS }, () => new Map<string, number>());
  const stop = new AbortController();
  ctx.onCleanup(() => stop.abort());
  await Promise.all(arrivals.map((map, i) => reader(ctx.app.origin, seeded.groupId, cookies[i % MEMBERS]!, map, stop.signal)));
  await new Promise((r) => setTimeout(r, 1000));

  // 20 notes a second from the facilitator, each POST timed to its response.
  const posted = new Map<string, number>();
  const warmIds = new Set<string>();
  const failures: string[] = [];
  const post = async (warming: boolean) => {
    const id = randomUUID();
    const response = await fetch(new URL(`/api/groups/${seeded.groupId}/annotations`, ctx.app.origin), {
      method: "POST",
      headers: { cookie: cookies[0]!, origin: ctx.app.origin, "content-type": "application/json", accept: "application/json" },
      body: JSON.stringify({
        id,
        text: ctx.text.slug,
        kind: "comment",
        body: "Said in the meeting.",
        anchor: { versionId: seeded.versionId, startBlockId: seeded.block.id, startOffset: 0, endBlockId: seeded.block.id, endOffset: 20, exact: seeded.block.plainText.slice(0, 20) },
      }),
    });
    await response.arrayBuffer();
    if (response.status !== 201) return void failures.push(String(response.status));
    posted.set(id, performance.now());
    if (warming) warmIds.add(id);
  };
  const sends: Promise<void>[] = [];
  const t0 = performance.now();
  for (let i = 0; i < RATE * (WARM_SECONDS + SECONDS); i++) {
    const due = t0 + (i * 1000) / RATE;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    sends.push(post(i < RATE * WARM_SECONDS));
  }
  await Promise.all(sends);
  await new Promise((r) => setTimeout(r, 2000));
  stop.abort();

  const latencies: number[] = [];
  const warmLatencies: number[] = [];
  let missed = 0;
  for (const map of arrivals)
    for (const [id, at] of posted) {
      const got = map.get(id);
      if (got === undefined) missed += 1;
      else (warmIds.has(id) ? warmLatencies : latencies).push(Math.max(0, got - at));
    }
  const live = summarise(latencies);
  const cold = summarise(warmLatencies);
  // Late is slow; missed is wrong: with any event missed, the latency rows are over too.
  const spoiledBy = missed || failures.length ? `${missed} events missed, ${failures.length} notes refused` : undefined;
  const floor = summarise(await notifyRoundTrips(200));
  ctx.note(
    `realtime: ${MEMBERS * TABS} readers on one group's events stream (${MEMBERS} members × ${TABS} connections), ${RATE} notes a second from a facilitator for ${WARM_SECONDS} s just after the app started (reported apart as "first seconds") and then ${SECONDS} s measured (${posted.size} posted in all${failures.length ? `, ${failures.length} refused: ${[...new Set(failures)].join(", ")}` : ""}); latency = event arrival at the reader − the POST's response (an event that beat the response counts as 0). Missed counts every note, the first seconds' too. Floor = pg_notify → LISTEN between two plain connections, 200 round trips.`,
  );
  return [
    { metric: "live: note posted → at 200 readers p50", value: live.p50, unit: "ms", floor: floor.p50 },
    { metric: "live: note posted → at 200 readers p95", value: live.p95, unit: "ms", floor: floor.p95, goal: { kind: "max", max: GOAL_MS }, spoiledBy },
    { metric: "live: events missed by any reader", value: missed, unit: "count", goal: { kind: "max", max: 0 } },
    { metric: "live: notes refused while posting", value: failures.length, unit: "count", goal: { kind: "max", max: 0 } },
    { metric: `live: first ${WARM_SECONDS} s after start p95 (cold)`, value: cold.p95, unit: "ms", floor: floor.p95, goal: { kind: "max", max: COLD_GOAL_MS }, spoiledBy },
  ];
}

export const realtimeAtScale: Measurement = {
  name: "realtime: 200 readers",
  rows: () => [
    { metric: "live: note posted → at 200 readers p50", unit: "ms" },
    { metric: "live: note posted → at 200 readers p95", unit: "ms", goal: { kind: "max", max: GOAL_MS } },
    { metric: "live: events missed by any reader", unit: "count", goal: { kind: "max", max: 0 } },
    { metric: "live: notes refused while posting", unit: "count", goal: { kind: "max", max: 0 } },
    { metric: `live: first ${WARM_SECONDS} s after start p95 (cold)`, unit: "ms", goal: { kind: "max", max: COLD_GOAL_MS } },
  ],
  run,
};
