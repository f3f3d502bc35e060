// Conversations at scale: a text with 200 threads and one thread of 300 replies (nested,
// with reactions and mentions). Measures the thread request on the server, and in
// Chromium opening the big thread from the margin and typing a reply in it (with an
// "@" mention on the way): the longest main-thread task and the time from each key
// press to the next frame. The floor is the same, in the same run, for a thread with
// one reply on the same page.
import { randomUUID } from "node:crypto";
import { chromium, type Page } from "playwright-core";
import { describe } from "@/lib/anchoring/describe";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { CHROMIUM_ARGS, chromiumExecutable } from "../lib/chromium";
import { observeLongTasks, seedBench, seedGroup, signIn, timeApiWithFloor } from "./session";
import type { BenchContext, Measurement, Row } from "./types";

const THREADS = 200;
const BIG = 300;
const MEMBERS = 20;
const TASK_GOAL_MS = 50;
const TYPED = "I think the point is organisation over time — @Reader 3 said as much last week. ";

type Seeded = { groupId: string; email: string; big: string; small: string };

async function seed(db: PrismaClient, slug: string): Promise<Seeded> {
  const { text, blocks, users, group } = await seedGroup(db, slug, { email: "threads", group: "Talking circle" }, MEMBERS);
  const versionId = text.versionId;
  const prose = blocks.filter((b) => b.kind === "paragraph" && b.plainText.length > 120);
  let seedValue = 7;
  const random = () => ((seedValue = (seedValue * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const at = (minutesAgo: number) => new Date(Date.now() - minutesAgo * 60_000);
  const base = { groupId: group.id, textId: text.id, versionId };

  const roots = [];
  for (let n = 0; n < THREADS; n++) {
    const block = prose[n % prose.length]!;
    // The two measured threads start at the top of their paragraphs, so the margin shows them unfolded.
    const start = n < 2 ? 0 : 5 + Math.floor(random() * (block.plainText.length - 60));
    const selector = describe(blocks, { startBlockId: block.id, startOffset: start, endBlockId: block.id, endOffset: start + 25 + Math.floor(random() * 30) });
    roots.push({
      ...base,
      id: randomUUID(),
      authorId: users[n % MEMBERS]!.id,
      kind: n % 3 === 0 ? ("question" as const) : ("comment" as const),
      body: n === 0 ? "Let's have the long argument here." : `Thread ${n}: what do we make of this?`,
      ...selector,
      createdAt: at(100_000 - n),
    });
  }
  await db.annotation.createMany({ data: roots });
  const [big, small] = [roots[0]!.id, roots[1]!.id];

  // The big thread: each reply answers the first note or one of the twenty latest replies.
  const replies: { id: string; parentId: string }[] = [];
  const rows = [];
  for (let n = 0; n < BIG; n++) {
    const recent = replies.slice(-20);
    const parent = random() < 0.35 || recent.length === 0 ? big : recent[Math.floor(random() * recent.length)]!.id;
    const id = randomUUID();
    replies.push({ id, parentId: parent });
    rows.push({
      ...base,
      id,
      authorId: users[(n * 7) % MEMBERS]!.id,
      kind: "reply" as const,
      body: n % 9 === 0 ? `@Reader ${(n % MEMBERS) + 1} — what do you think? *This* matters.` : `Reply ${n + 1}: I read it differently; see the paragraph before.`,
      parentId: parent,
      threadId: big,
      exact: "",
      createdAt: at(50_000 - n),
    });
  }
  // A few replies on the other threads, and one reply on the small one (the floor).
  for (const [i, root] of roots.slice(1).entries())
    for (let r = 0; r < (i === 0 ? 1 : i % 4); r++)
      rows.push({ ...base, id: randomUUID(), authorId: users[(i + r + 1) % MEMBERS]!.id, kind: "reply" as const, body: "Agreed.", parentId: root.id, threadId: root.id, exact: "", createdAt: at(40_000 - i) });
  await db.annotation.createMany({ data: rows });
  await db.reaction.createMany({
    data: replies.flatMap((r, i) => (i % 3 === 0 ? [0, 1, 2].map((k) => ({ annotationId: r.id, userId: users[(i + k) % MEMBERS]!.id, kind: (["agree", "same", "insightful"] as const)[k]! })) : [])),
    skipDuplicates: true,
  });
  return { groupId: group.id, email: users[0]!.email, big, small };
}

type Opened = { openMs: number; longestTaskMs: number; replies: number; tasks: string };
type Typed = { p95FrameMs: number; longestTaskMs: number; keys: number };

/** Clicks the thread's button in the margin and waits until its replies are drawn. */
async function openThread(page: Page, threadId: string): Promise<Opened> {
  return (await page.evaluate(`(async () => {
    const button = document.querySelector('[data-margin] [data-open-thread="${threadId}"]');
    if (!button) throw new Error("the thread's button is not in the margin");
    button.scrollIntoView({ block: "center" });
    await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 50)));
    const t0 = performance.now();
    button.click();
    await new Promise((resolve) => {
      const check = () => document.querySelector('[data-thread="${threadId}"] [data-reply]') ? resolve() : requestAnimationFrame(check);
      check();
    });
    await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
    const openMs = performance.now() - t0;
    await new Promise((r) => setTimeout(r, 300));
    const tasks = (window.__longTasks ?? []).filter((t) => t.start >= t0);
    return {
      openMs,
      longestTaskMs: tasks.reduce((m, t) => Math.max(m, t.duration), 0),
      replies: document.querySelectorAll('[data-thread="${threadId}"] [data-reply]').length,
      tasks: tasks.map((t) => Math.round(t.start - t0) + "+" + Math.round(t.duration)).join(" "),
    };
  })()`)) as Opened;
}

/** Types into the thread's reply box, a key every 40 ms, timing each key to the next frame. */
async function typeReply(page: Page): Promise<Typed> {
  const box = page.getByRole("textbox", { name: "Reply to the thread" });
  await box.click();
  await page.evaluate(`(() => {
    window.__keyFrames = [];
    window.__typingFrom = performance.now();
    document.addEventListener("keydown", () => {
      const t = performance.now();
      requestAnimationFrame(() => setTimeout(() => window.__keyFrames.push(performance.now() - t), 0));
    }, { capture: true });
  })()`);
  await page.keyboard.type(TYPED, { delay: 40 });
  await page.waitForTimeout(300);
  return (await page.evaluate(`(() => {
    const frames = [...window.__keyFrames].sort((a, b) => a - b);
    const tasks = (window.__longTasks ?? []).filter((t) => t.start >= window.__typingFrom);
    return { p95FrameMs: frames[Math.min(frames.length - 1, Math.ceil(frames.length * 0.95) - 1)], longestTaskMs: tasks.reduce((m, t) => Math.max(m, t.duration), 0), keys: frames.length };
  })()`)) as Typed;
}

async function run(ctx: BenchContext): Promise<Row[]> {
  const seeded = await seedBench((db) => seed(db, ctx.text.slug));
  ctx.note(`threads: ${THREADS} threads on ${ctx.text.slug}, one with ${BIG} nested replies (a third with 3 reactions, every ninth with a mention); floor = a thread with 1 reply on the same page.`);

  const browser = await chromium.launch({ executablePath: chromiumExecutable(), args: CHROMIUM_ARGS });
  ctx.onCleanup(() => browser.close());
  const context = await browser.newContext({ baseURL: ctx.app.origin, viewport: { width: 1440, height: 900 } });
  await signIn(context, seeded.email);

  // The thread request, with the session, against the same bytes from a plain server.
  const url = new URL(`/api/groups/${seeded.groupId}/threads/${seeded.big}`, ctx.app.origin);
  const { api, apiStats, floorStats } = await timeApiWithFloor(context, url, ctx, 40);

  await observeLongTasks(context);
  const page = await context.newPage();
  const reader = `/groups/${seeded.groupId}/texts/${ctx.text.slug}`;
  const load = async () => {
    await page.goto(reader);
    await page.waitForSelector('[data-annotation-layer][data-state="placed"]', { timeout: 60_000 });
  };
  const measure = async (threadId: string) => {
    await load();
    const opened = await openThread(page, threadId);
    const typed = await typeReply(page);
    return { opened, typed };
  };
  await measure(seeded.small); // warm-up: Next's caches and the browser's
  const small = await measure(seeded.small);
  const bigRuns = [await measure(seeded.big), await measure(seeded.big), await measure(seeded.big)];
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[1]!;
  const big = {
    openMs: median(bigRuns.map((r) => r.opened.openMs)),
    openTask: median(bigRuns.map((r) => r.opened.longestTaskMs)),
    openTaskWorst: Math.max(...bigRuns.map((r) => r.opened.longestTaskMs)),
    typedP95: median(bigRuns.map((r) => r.typed.p95FrameMs)),
    typedTask: Math.max(...bigRuns.map((r) => r.typed.longestTaskMs)),
    replies: bigRuns[0]!.opened.replies,
  };
  ctx.note(
    `thread: opened by clicking its button in the margin, timed to the first frame with its replies drawn (${big.replies} shown, deeper branches folded); median of 3 (longest task opening it, worst run: ${big.openTaskWorst.toFixed(0)} ms). ` +
      `Typing: ${TYPED.length} keys at one per 40 ms into the reply box, each timed from keydown to the next frame; longest task = the worst over the 3 runs, from the Long Tasks API (only tasks over 50 ms are reported, so 0 = none).`,
  );
  ctx.detail(`big runs: ${JSON.stringify(bigRuns)}; small: ${JSON.stringify(small)}`);
  await page.close();

  return [
    { metric: "thread request p50 (300 replies)", value: apiStats.p50, unit: "ms", floor: floorStats.p50, goal: { kind: "max", max: 100 } },
    { metric: "thread response (as sent)", value: api.last.body.length / 1000, unit: "kB" },
    { metric: "opening the thread → replies drawn", value: big.openMs, unit: "ms", floor: small.opened.openMs, goal: { kind: "max", max: 500 } },
    { metric: "longest main-thread task opening it", value: big.openTask, unit: "ms", floor: small.opened.longestTaskMs, goal: { kind: "max", max: TASK_GOAL_MS } },
    { metric: "typing a reply: key → next frame p95", value: big.typedP95, unit: "ms", floor: small.typed.p95FrameMs, goal: { kind: "ratio", max: 1.5 } },
    { metric: "longest main-thread task while typing", value: big.typedTask, unit: "ms", floor: small.typed.longestTaskMs, goal: { kind: "max", max: TASK_GOAL_MS } },
  ];
}

export const threadsAtScale: Measurement = {
  name: "a thread of 300 replies",
  rows: () => [
    { metric: "thread request p50 (300 replies)", unit: "ms", goal: { kind: "max", max: 100 } },
    { metric: "opening the thread → replies drawn", unit: "ms", goal: { kind: "max", max: 500 } },
    { metric: "longest main-thread task opening it", unit: "ms", goal: { kind: "max", max: TASK_GOAL_MS } },
    { metric: "typing a reply: key → next frame p95", unit: "ms", goal: { kind: "ratio", max: 1.5 } },
    { metric: "longest main-thread task while typing", unit: "ms", goal: { kind: "max", max: TASK_GOAL_MS } },
  ],
  run,
};
