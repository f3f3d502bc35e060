// What each kind of request in a meeting's mix costs in CPU: the app's processes and
// Postgres's, read from /proc (Linux) before and after a few hundred requests of one kind,
// four at a time, on a warm app. CPU time moves much less than latency with what else the
// machine is doing (a busy machine still inflates it, by a third at a load of 8), so this is
// the figure to compare between runs, and it says how many
// requests a second the machine's cores can carry: the mix's cost per request × rate must
// stay well under the cores there are (`mixed load` measures what that means for latency).
// Postgres is counted only when it is the bench's own embedded one.
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { resolveDataDir } from "../lib/embedded-postgres";
import { externalDatabaseUrl, ROOT } from "./app";
import { seedAnnotatedGroup } from "./annotations";
import { MIX, signInOverHttp } from "./mixed-load";
import { BENCH_DATA_DIR, seedBench } from "./session";
import type { BenchContext, Measurement, Row } from "./types";

const COUNT = 300;
const WARM = 40;
const CONCURRENCY = 4;
/** The mix's CPU per request that leaves room at 200 requests a second on 2 cores: 7 ms is 1.4 cores. */
const MIX_GOAL_MS = 7;
type Kind = keyof typeof MIX;
const LABEL: Record<Kind, string> = {
  page: "reading page",
  notes: "notes list (1,000 notes)",
  thread: "thread",
  presence: "presence update",
  note: "new note",
  reply: "reply",
};

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

type Proc = { pid: string; ppid: string; pgid: string; ms: number };
function processes(): Proc[] {
  const list: Proc[] = [];
  for (const pid of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      list.push({ pid, ppid: fields[1]!, pgid: fields[2]!, ms: ((Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND) * 1000 });
    } catch {
      /* it ended meanwhile */
    }
  }
  return list;
}

/** CPU milliseconds used so far by the app's processes, and by the embedded Postgres (its postmaster and backends). */
function cpu(appGroup: string, postmaster: string | null): { app: number; pg: number } {
  let app = 0;
  let pg = 0;
  for (const p of processes()) {
    if (postmaster && (p.pid === postmaster || p.ppid === postmaster)) pg += p.ms;
    else if (p.pgid === appGroup) app += p.ms;
  }
  return { app, pg };
}

function send(agent: http.Agent, url: URL, method: string, headers: http.OutgoingHttpHeaders, body?: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = http.request(url, { method, headers, agent }, (response) => {
      response.resume();
      response.on("end", () => resolve(response.statusCode ?? 0));
    });
    request.on("error", reject);
    request.end(body);
  });
}

async function run(ctx: BenchContext): Promise<Row[]> {
  if (process.platform !== "linux") throw new Error("reads CPU time from /proc: Linux only");
  if (!ctx.app.pid) throw new Error("the app's process is not known");
  const appGroup = String(ctx.app.pid);
  const postmaster = externalDatabaseUrl()
    ? null
    : fs.readFileSync(path.join(resolveDataDir(path.join(ROOT, BENCH_DATA_DIR)), "postmaster.pid"), "utf8").split("\n")[0]!.trim();
  const origin = ctx.app.origin;
  const slug = ctx.text.slug;
  const seeded = await seedBench((db) => seedAnnotatedGroup(db, slug));
  const cookie = await signInOverHttp(origin, seeded.emails[0]!);
  const { versionId, blocks } = (await (await fetch(new URL(`/api/texts/${slug}`, origin))).json()) as { versionId: string; blocks: { id: string; text: string }[] };
  const prose = blocks.filter((b) => b.text.length > 80);
  const base = `/api/groups/${seeded.groupId}`;
  const agent = new http.Agent({ keepAlive: true });
  ctx.onCleanup(() => agent.destroy());
  const json = { cookie, accept: "application/json", "accept-encoding": "br, gzip" };
  const write = { ...json, origin, "content-type": "application/json" };
  const threads = seeded.noteIds.slice(0, 40);
  const requests: Record<Kind, { expect: number; send: (i: number) => Promise<number> }> = {
    page: { expect: 200, send: () => send(agent, new URL(`/texts/${slug}`, origin), "GET", { accept: "text/html", "accept-encoding": "br, gzip" }) },
    notes: { expect: 200, send: () => send(agent, new URL(`${base}/annotations?text=${slug}`, origin), "GET", json) },
    thread: { expect: 200, send: (i) => send(agent, new URL(`${base}/threads/${threads[i % threads.length]}`, origin), "GET", json) },
    presence: {
      expect: 200,
      send: (i) => send(agent, new URL(`${base}/presence`, origin), "PUT", write, JSON.stringify({ text: slug, blockId: prose[i % prose.length]!.id })),
    },
    note: {
      expect: 201,
      send: (i) => {
        const block = prose[(i * 7) % prose.length]!;
        const anchor = { versionId, startBlockId: block.id, startOffset: 0, endBlockId: block.id, endOffset: 24, exact: block.text.slice(0, 24) };
        return send(agent, new URL(`${base}/annotations`, origin), "POST", write, JSON.stringify({ id: randomUUID(), text: slug, kind: "comment", body: "Said in the meeting.", anchor }));
      },
    },
    reply: {
      expect: 201,
      send: (i) =>
        send(agent, new URL(`${base}/annotations/${threads[i % threads.length]}/replies`, origin), "POST", write, JSON.stringify({ id: randomUUID(), body: "Yes — and the next paragraph says why." })),
    },
  };

  const rows: Row[] = [];
  const perKind = new Map<Kind, number>();
  const details: string[] = [];
  for (const kind of Object.keys(MIX) as Kind[]) {
    const { expect, send: one } = requests[kind];
    for (let i = 0; i < WARM; i++) await one(i);
    const before = cpu(appGroup, postmaster);
    let next = 0;
    let wrong = 0;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < COUNT) {
          const status = await one(WARM + next++);
          if (status !== expect) wrong += 1;
        }
      }),
    );
    const after = cpu(appGroup, postmaster);
    const app = (after.app - before.app) / COUNT;
    const pg = (after.pg - before.pg) / COUNT;
    perKind.set(kind, app + pg);
    details.push(`${LABEL[kind]} ${app.toFixed(1)} + ${postmaster ? pg.toFixed(1) : "?"} ms`);
    rows.push({
      metric: `CPU per request: ${LABEL[kind]}`,
      value: app + pg,
      unit: "ms",
      ...(wrong ? { spoiledBy: `${wrong} answers other than ${expect}` } : {}),
    });
  }
  const weights = Object.values(MIX).reduce((a, b) => a + b, 0);
  const mix = (Object.keys(MIX) as Kind[]).reduce((sum, kind) => sum + MIX[kind] * perKind.get(kind)!, 0) / weights;
  const spoiled = rows.find((r) => r.spoiledBy)?.spoiledBy;
  ctx.note(
    `CPU per request: ${COUNT} of each kind, ${CONCURRENCY} at a time, after ${WARM} to warm up; app processes + ${postmaster ? "Postgres" : "(external Postgres: not counted)"}: ${details.join("; ")}. ` +
      `The mix (of 20: ${Object.entries(MIX).map(([k, n]) => `${n} ${k}`).join(", ")}) at 200 requests/s needs ${((mix * 200) / 1000).toFixed(2)} of this machine's ${os.cpus().length} cores.`,
  );
  rows.push({ metric: "CPU per request: the meeting's mix", value: mix, unit: "ms", goal: { kind: "max", max: MIX_GOAL_MS }, ...(spoiled ? { spoiledBy: spoiled } : {}) });
  return rows;
}

export const requestCost: Measurement = {
  name: "request cost",
  rows: () => [
    ...(Object.keys(LABEL) as Kind[]).map((kind) => ({ metric: `CPU per request: ${LABEL[kind]}`, unit: "ms" as const })),
    { metric: "CPU per request: the meeting's mix", unit: "ms" as const, goal: { kind: "max" as const, max: MIX_GOAL_MS } },
  ],
  run,
};
