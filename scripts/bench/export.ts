// Export at scale: a group with 10,000 notes and replies on the bench's text (a tenth
// replies, a tenth private, 1% hidden, a tenth with #tags, some bodies with commas, quotes
// and line breaks), exported whole by its facilitator over HTTP in each format. The rows:
// the time to the last byte (median of a few downloads) against the floor — the same bytes
// from a plain Node server in the same run — and the app's peak memory while it streams,
// as the rise of its processes' resident set size over what it was just before (sampled
// every 10 ms from /proc). A document built whole in memory would raise it by several times
// the file's size; a stream, by about one batch.
import fs from "node:fs";
import http from "node:http";
import { randomUUID } from "node:crypto";
import { chromium } from "playwright-core";
import { CHROMIUM_ARGS, chromiumExecutable } from "../lib/chromium";
import { startFloor } from "./page-time";
import { summarise, timeSequentialGets, timedGet } from "./http";
import { seedBench, seedGroup, signIn } from "./session";
import type { BenchContext, Measurement, Row } from "./types";

const NOTES = 10_000;
const MEMBERS = 20;
const DOWNLOADS = 5;
const GOAL_MS = 2_000;
/** The rise in resident memory one export may cost: a few batches, far below the files' size. */
const GOAL_KB = 64_000;
const FORMATS = ["jsonld", "markdown", "csv"] as const;
const TAGS = ["strike", "party", "memory", "dual-power", "discipline"];

type Seeded = { groupId: string; email: string };

async function seed(db: Parameters<Parameters<typeof seedBench>[0]>[0], librarySlug: string): Promise<Seeded> {
  const { users, group, text, blocks } = await seedGroup(db, librarySlug, { email: "export", group: "Exporting circle" }, MEMBERS);
  const prose = blocks.filter((b) => b.kind === "paragraph" && b.plainText.length > 40);
  let seedValue = 7;
  const random = () => ((seedValue = (seedValue * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const roots: string[] = [];
  const rows = [];
  for (let i = 0; i < NOTES; i++) {
    const author = users[Math.floor(random() * MEMBERS)]!;
    const createdAt = new Date(Date.now() - (NOTES - i) * 60_000);
    const body = `Note ${i}: ${i % 9 === 0 ? 'a "quoted" word, a comma,\nand a second line' : "a thought on the passage"}${i % 10 === 0 ? ` #${TAGS[i % TAGS.length]}` : ""}`;
    if (i % 10 === 5 && roots.length > 0) {
      const parent = roots[Math.floor(random() * roots.length)]!;
      rows.push({ id: randomUUID(), groupId: group.id, textId: text.id, versionId: text.versionId, authorId: author.id, kind: "reply" as const, body, parentId: parent, threadId: parent, exact: "", createdAt });
      continue;
    }
    const block = prose[Math.floor(random() * prose.length)]!;
    const start = Math.floor(random() * (block.plainText.length - 30));
    const id = randomUUID();
    const kind = i % 3 === 0 ? ("highlight" as const) : i % 3 === 1 ? ("comment" as const) : ("question" as const);
    rows.push({
      id,
      groupId: group.id,
      textId: text.id,
      versionId: text.versionId,
      authorId: author.id,
      kind,
      color: kind === "highlight" ? "yellow" : null,
      body: kind === "highlight" && i % 2 === 0 ? "" : body,
      visibility: i % 10 === 3 ? ("private" as const) : ("group" as const),
      hiddenAt: i % 100 === 7 ? new Date() : null,
      fieldTags: i % 20 === 1 ? [TAGS[i % TAGS.length]!] : [],
      startBlockId: block.id,
      startOffset: start,
      endBlockId: block.id,
      endOffset: Math.min(block.plainText.length, start + 30),
      exact: block.plainText.slice(start, start + 30),
      prefix: block.plainText.slice(Math.max(0, start - 20), start),
      suffix: block.plainText.slice(start + 30, start + 50),
      createdAt,
    });
    roots.push(id);
  }
  for (let from = 0; from < rows.length; from += 2_000) await db.annotation.createMany({ data: rows.slice(from, from + 2_000) });
  await db.$executeRawUnsafe(`ANALYZE "Annotation"`);
  // The facilitator (users[0]) exports the whole group.
  return { groupId: group.id, email: users[0]!.email };
}

/** Resident memory of the app's processes (the start script and Next's server; not Postgres), in kB. */
function appRssKb(groupLeader: number): number {
  let total = 0;
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      if (Number(fields[2]) !== groupLeader) continue; // process group
      if (/postgres/.test(fs.readFileSync(`/proc/${entry}/cmdline`, "utf8"))) continue;
      const status = fs.readFileSync(`/proc/${entry}/status`, "utf8");
      total += Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0);
    } catch {
      // The process ended while being read.
    }
  }
  return total * 1.024; // KiB → kB
}

/** One download, with the app's peak resident memory above what it was just before. */
async function downloadWithPeak(url: URL, cookie: string, leader: number) {
  const agent = new http.Agent({ keepAlive: false });
  const before = appRssKb(leader);
  let peak = before;
  const timer = setInterval(() => (peak = Math.max(peak, appRssKb(leader))), 10);
  try {
    const reply = await timedGet(url, { agent, headers: { cookie }, timeoutMs: 60_000 });
    if (reply.status !== 200) throw new Error(`${url.href} answered ${reply.status}`);
    peak = Math.max(peak, appRssKb(leader));
    return { reply, riseKb: peak - before };
  } finally {
    clearInterval(timer);
    agent.destroy();
  }
}

async function run(ctx: BenchContext): Promise<Row[]> {
  if (!ctx.app.pid || !fs.existsSync("/proc/self/stat")) throw new Error("peak memory is read from /proc: Linux only");
  const t0 = performance.now();
  const seeded = await seedBench((db) => seed(db, ctx.text.slug));
  const seedSeconds = (performance.now() - t0) / 1000;
  const browser = await chromium.launch({ executablePath: chromiumExecutable(), args: CHROMIUM_ARGS });
  ctx.onCleanup(() => browser.close());
  const context = await browser.newContext({ baseURL: ctx.app.origin });
  await signIn(context, seeded.email);
  const cookie = (await context.cookies()).map((c) => `${c.name}=${c.value}`).join("; ");

  const rows: Row[] = [];
  const details: string[] = [];
  for (const format of FORMATS) {
    const url = new URL(`/api/groups/${seeded.groupId}/export?format=${format}`, ctx.app.origin);
    // A warm-up, then the downloads: time to the last byte, and each one's memory rise.
    await downloadWithPeak(url, cookie, ctx.app.pid);
    const times: number[] = [];
    const rises: number[] = [];
    let body: Buffer = Buffer.alloc(0);
    let headers: Record<string, string> = {};
    for (let i = 0; i < DOWNLOADS; i++) {
      const { reply, riseKb } = await downloadWithPeak(url, cookie, ctx.app.pid);
      times.push(reply.ms);
      rises.push(riseKb);
      body = reply.body;
      headers = { "content-type": String(reply.headers["content-type"]), "content-disposition": String(reply.headers["content-disposition"]) };
    }
    const floorServer = await startFloor(body, headers, ctx);
    let floor;
    try {
      floor = summarise(
        (await timeSequentialGets(new URL(url.pathname + url.search, floorServer.origin), { warmup: 1, count: DOWNLOADS, budgetMs: 60_000, headers: {}, signal: ctx.signal })).samples,
      );
    } finally {
      await floorServer.stop();
    }
    const time = summarise(times);
    const rise = Math.max(...rises);
    details.push(`${format}: ${(body.length / 1e6).toFixed(1)} MB, times ${times.map((t) => t.toFixed(0)).join("/")} ms, RSS rises ${rises.map((r) => (r / 1000).toFixed(1)).join("/")} MB`);
    rows.push(
      { metric: `export ${format}: time (10,000 notes)`, value: time.p50, floor: floor.p50, unit: "ms", goal: { kind: "max", max: GOAL_MS } },
      { metric: `export ${format}: peak memory rise`, value: rise, unit: "kB", goal: { kind: "max", max: GOAL_KB } },
    );
    ctx.detail(`export ${format}: ${details.at(-1)}`);
  }
  ctx.note(
    `export: ${NOTES.toLocaleString("en")} notes and replies (a tenth replies, a tenth private, 1% hidden) on “${ctx.text.title}” by ${MEMBERS} members, ` +
      `the whole group exported by its facilitator over HTTP (seeded in ${seedSeconds.toFixed(0)} s): median of ${DOWNLOADS} downloads after a warm-up; ` +
      `floor = the same file from a plain Node server; memory = the largest rise of the app's resident memory (start script and Next, not Postgres) during a download, sampled every 10 ms. ` +
      details.join("; ") +
      ".",
  );
  return rows;
}

export const exportAtScale: Measurement = {
  name: "export of 10,000 notes",
  rows: () =>
    FORMATS.flatMap((format) => [
      { metric: `export ${format}: time (10,000 notes)`, unit: "ms" as const, goal: { kind: "max" as const, max: GOAL_MS } },
      { metric: `export ${format}: peak memory rise`, unit: "kB" as const, goal: { kind: "max" as const, max: GOAL_KB } },
    ]),
  run,
};
