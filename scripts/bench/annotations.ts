// A heavily annotated text: 1,000 notes from 20 members on the longest text. Measures
// the annotations request on the server, and in Chromium the time from navigation until
// every highlight and margin note is placed, the longest main-thread task on the way,
// how many annotation requests the page made, and how smoothly the annotated page
// scrolls compared with the same page with no notes (the floor), in the same run.
import { randomUUID } from "node:crypto";
import { chromium, type Page } from "playwright-core";
import { describe } from "@/lib/anchoring/describe";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { CHROMIUM_ARGS, chromiumExecutable } from "../lib/chromium";
import { observeLongTasks, seedBench, seedGroup, signIn, timeApiWithFloor } from "./session";
import type { BenchContext, Measurement, Row } from "./types";

const NOTES = 1000;
const MEMBERS = 20;
const PAGE_LOADS = 5;
const PLACE_GOAL_MS = 1000;
const TASK_GOAL_MS = 50;

const BODIES = [
  "This is the *crux* of the argument.",
  "Compare with the previous chapter: the same claim, but **stronger** here.",
  "Is this still true of unions today?",
  "> the masses must organise themselves\n\nThat line again.",
  "Three things to discuss:\n\n- who decides\n- who carries it out\n- who answers for it",
  "See [the 1906 debate](https://example.org/1906) for context.",
  "I disagree: the evidence in the footnote points the other way.",
  "Good example for Tuesday.",
];


type Seeded = { groupId: string; emptyGroupId: string; email: string; emails: string[]; noteIds: string[] };

/** Twenty members, a group with 1,000 notes on the text, and an empty group for the floor. */
export async function seedAnnotatedGroup(db: PrismaClient, slug: string): Promise<Seeded> {
  const { text, blocks, users, group, stamp } = await seedGroup(db, slug, { email: "bench", group: "Bench circle" }, MEMBERS);
  const versionId = text.versionId;
  const empty = await db.group.create({ data: { name: `Empty circle ${stamp}` }, select: { id: true } });
  await db.membership.create({ data: { groupId: empty.id, userId: users[0]!.id, role: "facilitator" } });

  // Spread over the text's paragraphs, deterministically: 40% highlights, 40% comments, 20% questions.
  const prose = blocks.map((b, i) => ({ ...b, i })).filter((b) => b.kind !== "heading" && b.kind !== "rule" && b.plainText.length > 60);
  let seedValue = 42;
  const random = () => ((seedValue = (seedValue * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const rows = [];
  for (let n = 0; n < NOTES; n++) {
    const block = prose[Math.floor(random() * prose.length)]!;
    const next = blocks[block.i + 1];
    const spans = n % 17 === 0 && next && next.plainText.length > 20;
    const start = Math.floor(random() * (block.plainText.length - 30));
    const position = spans
      ? { startBlockId: block.id, startOffset: start, endBlockId: next.id, endOffset: 20 }
      : { startBlockId: block.id, startOffset: start, endBlockId: block.id, endOffset: Math.min(block.plainText.length, start + 15 + Math.floor(random() * 80)) };
    let selector;
    try {
      selector = describe(blocks, position);
    } catch {
      n--;
      continue;
    }
    const kind = n % 5 < 2 ? "highlight" : n % 5 < 4 ? "comment" : "question";
    rows.push({
      id: randomUUID(),
      groupId: group.id,
      textId: text.id,
      versionId,
      authorId: users[n % MEMBERS]!.id,
      kind: kind as "highlight" | "comment" | "question",
      color: kind === "highlight" ? ["yellow", "green", "blue", "pink"][n % 4]! : null,
      body: kind === "highlight" ? "" : BODIES[n % BODIES.length]!,
      visibility: n % 20 === 0 ? ("private" as const) : ("group" as const),
      ...selector,
      createdAt: new Date(Date.now() - (NOTES - n) * 60_000),
    });
  }
  await db.annotation.createMany({ data: rows });
  return {
    groupId: group.id,
    emptyGroupId: empty.id,
    email: users[0]!.email,
    emails: users.map((u) => u.email),
    noteIds: rows.filter((r) => r.kind !== "highlight" && r.visibility === "group").map((r) => r.id),
  };
}


type Load = { placedMs: number; longestTaskMs: number; longTasks: number; requests: number; count: number; marks: object; tasks: string };

async function loadOnce(page: Page, url: string): Promise<Load> {
  let requests = 0;
  const onRequest = (request: { url: () => string }) => {
    if (/\/api\/groups\/[^/]+\/annotations(\?|$)/.test(request.url())) requests++;
  };
  page.on("request", onRequest);
  await page.goto(url, { waitUntil: "commit" });
  await page.waitForSelector('[data-annotation-layer][data-state="placed"]', { timeout: 60_000 });
  page.off("request", onRequest);
  const result = (await page.evaluate(`(() => {
    const at = (name) => Math.round(performance.getEntriesByName(name)[0]?.startTime ?? NaN);
    const placed = performance.getEntriesByName("annotations:placed")[0]?.startTime ?? NaN;
    const tasks = (window.__longTasks ?? []).filter((t) => t.start <= placed);
    return {
      placedMs: placed,
      longestTaskMs: tasks.reduce((max, t) => Math.max(max, t.duration), 0),
      longTasks: tasks.filter((t) => t.duration > 50).length,
      count: Number(document.querySelector("[data-annotation-layer]")?.getAttribute("data-annotations-count") ?? 0),
      marks: { start: at("annotations:start"), fetched: at("annotations:fetched"), placed: Math.round(placed) },
      tasks: tasks.map((t) => Math.round(t.start) + "+" + Math.round(t.duration)).join(" "),
    };
  })()`)) as Omit<Load, "requests">;
  return { ...result, requests };
}

/** Scrolls top to bottom a fixed distance per frame and returns the frame intervals in ms. */
function scrollFrames(page: Page): Promise<number[]> {
  // A string, so the bench's TypeScript tooling adds nothing to the code run in the page.
  return page.evaluate(`new Promise((resolve) => {
    window.scrollTo({ top: 0, behavior: "instant" });
    const intervals = [];
    let last = performance.now();
    function step(now) {
      intervals.push(now - last);
      last = now;
      const before = window.scrollY;
      window.scrollBy({ top: 60, behavior: "instant" });
      if (window.scrollY === before || intervals.length > 2000) resolve(intervals.slice(1));
      else requestAnimationFrame(step);
    }
    requestAnimationFrame(step);
  })`);
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const p95 = (values: number[]) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.ceil(values.length * 0.95) - 1)]!;

async function run(ctx: BenchContext): Promise<Row[]> {
  const seeded = await seedBench((db) => seedAnnotatedGroup(db, ctx.text.slug));
  ctx.note(`annotations: ${NOTES} notes from ${MEMBERS} members on ${ctx.text.slug} (40% highlights, 40% comments, 20% questions, 5% private).`);

  const browser = await chromium.launch({ executablePath: chromiumExecutable(), args: CHROMIUM_ARGS });
  ctx.onCleanup(() => browser.close());
  const context = await browser.newContext({ baseURL: ctx.app.origin, viewport: { width: 1440, height: 900 } });
  await signIn(context, seeded.email);

  // The request on its own, with the session cookie, against the same bytes from a plain server.
  const apiUrl = new URL(`/api/groups/${seeded.groupId}/annotations?text=${ctx.text.slug}`, ctx.app.origin);
  const { api, apiStats, floorStats, encoding } = await timeApiWithFloor(context, apiUrl, ctx, 60);
  ctx.note(
    `annotations request: ${api.samples.length} sequential GETs with a session, ${(api.last.body.length / 1000).toFixed(1)} kB as sent (${encoding ?? "uncompressed"}); floor = the same bytes from a plain Node server.`,
  );

  // In Chromium: several fresh loads of the reader page.
  await observeLongTasks(context);
  const page = await context.newPage();
  const readerUrl = `/groups/${seeded.groupId}/texts/${ctx.text.slug}`;
  await loadOnce(page, readerUrl); // warm: the first visit builds Next's caches
  const loads: Load[] = [];
  for (let i = 0; i < PAGE_LOADS; i++) loads.push(await loadOnce(page, readerUrl));
  const placed = median(loads.map((l) => l.placedMs));
  const longest = median(loads.map((l) => l.longestTaskMs));
  const worst = Math.max(...loads.map((l) => l.longestTaskMs));
  const requests = Math.max(...loads.map((l) => l.requests));
  const count = loads[0]!.count;
  ctx.note(
    `reader page: ${PAGE_LOADS} fresh loads at 1440×900 after one warm-up; median time from navigation to the page's "annotations:placed" mark; ` +
      `longest task = median over loads of the longest main-thread task before that mark, from the Long Tasks API, which reports only tasks over 50 ms (0 = none; worst load: ${worst.toFixed(0)} ms; tasks over 50 ms per load: ${loads.map((l) => l.longTasks).join(", ")}).`,
  );
  ctx.detail(`loads: ${JSON.stringify(loads)}`);

  const annotated = await scrollFrames(page);
  // The floor: the same reader page in a group without notes.
  const bareUrl = `/groups/${seeded.emptyGroupId}/texts/${ctx.text.slug}`;
  await loadOnce(page, bareUrl);
  const bareLoads: Load[] = [];
  for (let i = 0; i < PAGE_LOADS; i++) bareLoads.push(await loadOnce(page, bareUrl));
  ctx.detail(`bare loads: ${JSON.stringify(bareLoads)}`);
  const bare = await scrollFrames(page);
  const share = (frames: number[]) => (100 * frames.filter((f) => f > 20).length) / Math.max(1, frames.length);
  ctx.note(
    `scrolling: 60 px per animation frame from top to bottom (${annotated.length} frames); floor = the same page in a group with no notes. ` +
      `Frames over 20 ms: ${share(annotated).toFixed(1)}% annotated, ${share(bare).toFixed(1)}% bare. Headless Chromium without a GPU.`,
  );
  await page.close();

  const rows: Row[] = [
    { metric: "annotations request p50 (1,000 notes)", value: apiStats.p50, unit: "ms", floor: floorStats.p50, goal: { kind: "max", max: 100 } },
    { metric: "annotations request p95", value: apiStats.p95, unit: "ms", floor: floorStats.p95, goal: { kind: "max", max: 150 } },
    { metric: "annotations response (as sent)", value: api.last.body.length / 1000, unit: "kB" },
    { metric: "annotation requests per page load", value: requests, unit: "count", goal: { kind: "max", max: 1 } },
    {
      metric: "navigation → all notes placed (median)",
      value: placed,
      unit: "ms",
      floor: median(bareLoads.map((l) => l.placedMs)),
      goal: { kind: "max", max: PLACE_GOAL_MS },
    },
    {
      metric: "longest main-thread task while placing",
      value: longest,
      unit: "ms",
      floor: median(bareLoads.map((l) => l.longestTaskMs)),
      goal: { kind: "max", max: TASK_GOAL_MS },
    },
    { metric: "scrolling: p95 frame interval", value: p95(annotated), unit: "ms", floor: p95(bare), goal: { kind: "ratio", max: 1.5 } },
  ];
  if (count < NOTES * 0.9)
    rows.push({ metric: "notes placed on the page", value: null, unit: "count", error: `only ${count} of about ${NOTES} were placed` });
  else ctx.note(`notes placed on the page: ${count} (private notes of others are not shown; a few anchors sit in footnotes).`);
  return rows;
}

export const annotatedReading: Measurement = {
  name: "1,000 annotations",
  rows: () => [
    { metric: "annotations request p50 (1,000 notes)", unit: "ms", goal: { kind: "max", max: 100 } },
    { metric: "annotations request p95", unit: "ms", goal: { kind: "max", max: 150 } },
    { metric: "annotation requests per page load", unit: "count", goal: { kind: "max", max: 1 } },
    { metric: "navigation → all notes placed (median)", unit: "ms", goal: { kind: "max", max: PLACE_GOAL_MS } },
    { metric: "longest main-thread task while placing", unit: "ms", goal: { kind: "max", max: TASK_GOAL_MS } },
    { metric: "scrolling: p95 frame interval", unit: "ms", goal: { kind: "ratio", max: 1.5 } },
  ],
  run,
};
