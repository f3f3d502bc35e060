// A term of weekly readings: a group of 30 with 12 weeks planned (ranges and prompts),
// 600 notes and 600 replies in the current week's range, everyone's progress recorded.
// Measures the schedule request and the group's home page (what every member opens),
// the facilitator's participation and agenda requests (computed from every note of the
// week), each against the same bytes from a plain server; and in Chromium, how many
// progress requests a member's reader sends while reading through the whole range
// (batched: one per pause in reading, not one per paragraph).
import { randomUUID } from "node:crypto";
import { chromium } from "playwright-core";
import { describe } from "@/lib/anchoring/describe";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { CHROMIUM_ARGS, chromiumExecutable } from "../lib/chromium";
import { seedBench, seedGroup, signIn, timeApiWithFloor } from "./session";
import type { BenchContext, Measurement, Row } from "./types";

const MEMBERS = 30;
const WEEKS = 12;
const NOTES = 600;
const REPLIES = 600;
const PROGRESS_GOAL = 6;

type Seeded = { groupId: string; facilitator: string; member: string; current: string; rangeBlocks: number };

async function seed(db: PrismaClient, slug: string): Promise<Seeded> {
  const { text, blocks, users, group } = await seedGroup(db, slug, { email: "term", group: "Term circle" }, MEMBERS);
  const prose = blocks.filter((b) => b.kind === "paragraph" && b.plainText.length > 120);
  const readable = blocks.filter((b) => b.kind !== "footnote");
  // Twelve weeks, one a week from six weeks ago: each a third of the text, in turn, with two prompts.
  const span = Math.max(4, Math.floor(readable.length / 3));
  const day = 24 * 3600_000;
  const monday = new Date(Date.UTC(2026, 0, 5));
  const now = Date.now();
  const readings = [];
  for (let w = 0; w < WEEKS; w++) {
    const start = readable[(w % 3) * span]!;
    const end = readable[Math.min(readable.length - 1, (w % 3) * span + span - 1)]!;
    const due = new Date(now + (w - 5) * 7 * day);
    readings.push(
      await db.reading.create({
        data: {
          groupId: group.id,
          textId: text.id,
          weekOf: new Date(monday.getTime() + w * 7 * day),
          dueAt: due,
          startBlockId: start.id,
          endBlockId: end.id,
          createdById: users[0]!.id,
          prompts: { create: [{ position: 0, body: `Week ${w + 1}: what is the argument?`, blockId: start.id }, { position: 1, body: "What would you ask the author?" }] },
        },
        select: { id: true, startBlockId: true, endBlockId: true },
      }),
    );
  }
  // The current week (the first not yet due) holds the conversation.
  const current = readings[5]!;
  const from = blocks.findIndex((b) => b.id === current.startBlockId);
  const to = blocks.findIndex((b) => b.id === current.endBlockId);
  const inRange = prose.filter((b) => {
    const i = blocks.indexOf(b);
    return i >= from && i <= to;
  });
  const targets = inRange.length ? inRange : prose;
  const base = { groupId: group.id, textId: text.id, versionId: text.versionId };
  const notes = Array.from({ length: NOTES }, (_, n) => {
    const block = targets[n % targets.length]!;
    const start = (n * 37) % Math.max(1, block.plainText.length - 40);
    return {
      ...base,
      id: randomUUID(),
      authorId: users[n % MEMBERS]!.id,
      kind: n % 4 === 0 ? ("question" as const) : ("comment" as const),
      body: `Note ${n + 1}: what do we make of this passage?`,
      ...describe(blocks, { startBlockId: block.id, startOffset: start, endBlockId: block.id, endOffset: start + 30 }),
    };
  });
  await db.annotation.createMany({ data: notes });
  await db.annotation.createMany({
    data: Array.from({ length: REPLIES }, (_, n) => {
      const root = notes[(n * 7) % NOTES]!;
      return { ...base, id: randomUUID(), authorId: users[(n + 3) % MEMBERS]!.id, kind: "reply" as const, body: "I read it differently.", parentId: root.id, threadId: root.id, exact: "" };
    }),
  });
  await db.reaction.createMany({
    data: notes.flatMap((note, i) => (i % 4 === 0 ? [1, 2, 3].map((k) => ({ annotationId: note.id, userId: users[(i + k) % MEMBERS]!.id, kind: "same" as const })) : [])),
    skipDuplicates: true,
  });
  await db.readingProgress.createMany({
    data: readings.flatMap((r, w) => users.slice(1).map((u, i) => ({ readingId: r.id, userId: u.id, blocksRead: 1 + ((i + w) % span) }))).filter((_, i) => i % 3 !== 0),
  });
  return { groupId: group.id, facilitator: users[0]!.email, member: users[MEMBERS - 1]!.email, current: current.id, rangeBlocks: to - from + 1 };
}

/** Reads through the week's range in the reader at a steady pace; counts the progress requests sent. */
async function readThrough(ctx: BenchContext, seeded: Seeded, slug: string) {
  const browser = await chromium.launch({ executablePath: chromiumExecutable(), args: CHROMIUM_ARGS });
  ctx.onCleanup(() => browser.close());
  const context = await browser.newContext({ baseURL: ctx.app.origin, viewport: { width: 1440, height: 900 } });
  await signIn(context, seeded.member);
  const page = await context.newPage();
  const sent: number[] = [];
  page.on("request", (r) => {
    if (r.method() === "POST" && r.url().includes("/progress")) sent.push(Date.now());
  });
  await page.goto(`/groups/${seeded.groupId}/texts/${slug}?reading=${seeded.current}`);
  await page.waitForSelector('[data-annotation-layer][data-state="placed"]', { timeout: 60_000 });
  const startId = await page.locator("[data-week-start]").getAttribute("id");
  await page.locator(`[id="${startId}"]`).scrollIntoViewIfNeeded();
  const t0 = Date.now();
  // A reader's pace, compressed: 150 px every 200 ms until the end of the week's range is on screen.
  for (let i = 0; i < 400; i++) {
    const done = await page.evaluate(() => {
      const end = document.querySelector("[data-week-end]");
      return end ? end.getBoundingClientRect().bottom < window.innerHeight : true;
    });
    if (done) break;
    await page.mouse.wheel(0, 150);
    await page.waitForTimeout(200);
  }
  const seconds = (Date.now() - t0) / 1000;
  await page.waitForTimeout(3500);
  const percent = await page.getByTestId("week-percent").textContent();
  await browser.close();
  return { requests: sent.length, seconds, percent };
}

async function run(ctx: BenchContext): Promise<Row[]> {
  const seeded = await seedBench((db) => seed(db, ctx.text.slug));
  ctx.note(
    `readings: a group of ${MEMBERS} with ${WEEKS} weeks on ${ctx.text.slug} (two prompts each, two thirds of the members' progress recorded), ${NOTES} notes and ${REPLIES} replies in the current week's range; floor = the same bytes from a plain Node server.`,
  );
  const browser = await chromium.launch({ executablePath: chromiumExecutable(), args: CHROMIUM_ARGS });
  ctx.onCleanup(() => browser.close());
  const facilitator = await browser.newContext({ baseURL: ctx.app.origin });
  await signIn(facilitator, seeded.facilitator);
  const g = `/api/groups/${seeded.groupId}`;
  const time = (path: string) => timeApiWithFloor(facilitator, new URL(path, ctx.app.origin), ctx, 30);
  const schedule = await time(`${g}/readings`);
  const home = await time(`/groups/${seeded.groupId}`);
  const participation = await time(`${g}/readings/${seeded.current}/participation`);
  const agenda = await time(`${g}/readings/${seeded.current}/agenda`);
  await browser.close();
  const reading = await readThrough(ctx, seeded, ctx.text.slug);
  ctx.note(
    `readings: progress = the reader scrolled through the week's ${seeded.rangeBlocks} blocks at 150 px per 200 ms (${reading.seconds.toFixed(0)} s), then waited 3.5 s; it showed ${reading.percent}. Requests are sent 2.5 s after reading pauses and when the page is hidden.`,
  );
  return [
    { metric: "schedule request p50 (12 weeks, 30 members)", value: schedule.apiStats.p50, unit: "ms", floor: schedule.floorStats.p50, goal: { kind: "max", max: 100 } },
    { metric: "group home page p50", value: home.apiStats.p50, unit: "ms", floor: home.floorStats.p50, goal: { kind: "max", max: 250 } },
    { metric: "participation + heat map p50 (1,200 items)", value: participation.apiStats.p50, unit: "ms", floor: participation.floorStats.p50, goal: { kind: "max", max: 250 } },
    { metric: "agenda request p50 (generated)", value: agenda.apiStats.p50, unit: "ms", floor: agenda.floorStats.p50, goal: { kind: "max", max: 250 } },
    { metric: "progress requests reading a whole week", value: reading.requests, unit: "count", goal: { kind: "max", max: PROGRESS_GOAL } },
  ];
}

export const readingsAtScale: Measurement = {
  name: "a term of weekly readings",
  rows: () => [
    { metric: "schedule request p50 (12 weeks, 30 members)", unit: "ms", goal: { kind: "max", max: 100 } },
    { metric: "group home page p50", unit: "ms", goal: { kind: "max", max: 250 } },
    { metric: "participation + heat map p50 (1,200 items)", unit: "ms", goal: { kind: "max", max: 250 } },
    { metric: "agenda request p50 (generated)", unit: "ms", goal: { kind: "max", max: 250 } },
    { metric: "progress requests reading a whole week", unit: "count", goal: { kind: "max", max: PROGRESS_GOAL } },
  ],
  run,
};
