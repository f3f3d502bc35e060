// What the browser measurements share: the bench's database, signing in as a seeded
// member, timing an API request against the same bytes from a plain server, and
// recording long main-thread tasks in the page.
import fs from "node:fs";
import path from "node:path";
import { randomUUID } from "node:crypto";
import type { BrowserContext } from "playwright-core";
import { hashPassword } from "@/lib/auth/password";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { resolveDataDir } from "../lib/embedded-postgres";
import { scriptClient } from "../lib/prisma";
import { externalDatabaseUrl, ROOT } from "./app";
import { summarise, timeSequentialGets } from "./http";
import { startFloor } from "./page-time";
import type { BenchContext } from "./types";

export const BENCH_DATA_DIR = ".data/bench-postgres";
export const PASSWORD = "bench-reading-together";

export function benchDatabaseUrl(): string {
  const external = externalDatabaseUrl();
  if (external) return external;
  const dataDir = resolveDataDir(path.join(ROOT, BENCH_DATA_DIR));
  const port = Number(fs.readFileSync(path.join(dataDir, "postmaster.pid"), "utf8").split("\n")[3]);
  return `postgresql://studycircle:studycircle@127.0.0.1:${port}/studycircle`;
}

/** Runs `seed` against the bench's database with a client of its own, closed afterwards. */
export async function seedBench<T>(seed: (db: PrismaClient) => Promise<T>): Promise<T> {
  const db = scriptClient(benchDatabaseUrl());
  try {
    return await seed(db);
  } finally {
    await db.$disconnect();
  }
}

export async function signIn(context: BrowserContext, email: string) {
  const { csrfToken } = (await (await context.request.get("/api/auth/csrf")).json()) as { csrfToken: string };
  const response = await context.request.post("/api/auth/callback/credentials", {
    form: { csrfToken, email, password: PASSWORD, json: "true", callbackUrl: "/groups" },
    maxRedirects: 0,
  });
  const { url } = (await response.json()) as { url: string };
  if (new URL(url, "http://x").searchParams.get("error")) throw new Error(`could not sign in as ${email}`);
}

/** Sequential GETs of an API URL with the context's session, and the same bytes from a plain Node server (the floor). */
export async function timeApiWithFloor(context: BrowserContext, url: URL, ctx: BenchContext, count: number) {
  const cookie = (await context.cookies()).map((c) => `${c.name}=${c.value}`).join("; ");
  const options = { warmup: 5, count, budgetMs: 60_000, headers: { cookie, accept: "application/json", "accept-encoding": "gzip" }, signal: ctx.signal };
  const api = await timeSequentialGets(url, options);
  const encoding = api.last.headers["content-encoding"];
  const floorServer = await startFloor(api.last.body, { "content-type": "application/json", ...(encoding ? { "content-encoding": String(encoding) } : {}) }, ctx);
  try {
    const floor = await timeSequentialGets(new URL(url.pathname + url.search, floorServer.origin), options);
    return { api, apiStats: summarise(api.samples), floorStats: summarise(floor.samples), encoding };
  } finally {
    await floorServer.stop();
  }
}

/** Records every long main-thread task (over 50 ms, the Long Tasks API's threshold) in window.__longTasks. */
export function observeLongTasks(context: BrowserContext) {
  return context.addInitScript(() => {
    const tasks: { start: number; duration: number }[] = [];
    (window as unknown as { __longTasks: typeof tasks }).__longTasks = tasks;
    try {
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) tasks.push({ start: entry.startTime, duration: entry.duration });
      }).observe({ type: "longtask", buffered: true });
    } catch {
      // No long-task timing in this browser: the rows say 0.
    }
  });
}

/**
 * A text's current blocks, `count` members who can sign in with PASSWORD (the first a
 * facilitator) and a group of them, named with a fresh stamp so runs never collide.
 */
export async function seedGroup(db: PrismaClient, slug: string, label: { email: string; group: string }, count: number) {
  const text = await db.text.findUniqueOrThrow({ where: { slug }, select: { id: true, currentVersionId: true } });
  const versionId = text.currentVersionId!;
  const blocks = await db.block.findMany({ where: { versionId }, orderBy: { position: "asc" }, select: { id: true, plainText: true, kind: true } });
  const passwordHash = await hashPassword(PASSWORD);
  const stamp = randomUUID().slice(0, 8);
  const users = await db.user.createManyAndReturn({
    data: Array.from({ length: count }, (_, i) => ({ email: `${label.email}-${stamp}-${i}@example.org`, name: `Reader ${i + 1}`, passwordHash })),
    select: { id: true, email: true },
  });
  const group = await db.group.create({ data: { name: `${label.group} ${stamp}` }, select: { id: true } });
  await db.membership.createMany({
    data: users.map((u, i) => ({ groupId: group.id, userId: u.id, role: i === 0 ? ("facilitator" as const) : ("member" as const) })),
  });
  return { text: { id: text.id, versionId }, blocks, users, group, stamp };
}
