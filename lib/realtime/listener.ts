import "server-only";
import pg from "pg";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { EVENTS_CHANNEL } from "./events";
import type { LogEvent } from "./types";

export type { LogEvent } from "./types";

// One LISTEN connection per app instance, fanned out to this instance's open streams.
// A notification only says "group G has event N": each stream then reads the log
// itself, so a missed or repeated notification can never cause a gap or a duplicate.
// When the connection drops, every stream is woken to read the log again and the
// connection is made anew.

type Wake = () => void;
const streams = new Map<string, Set<Wake>>();
let client: pg.Client | null = null;
let connecting: Promise<void> | null = null;

function wakeGroup(groupId: string) {
  for (const wake of streams.get(groupId) ?? []) wake();
}

/** After a gap in listening: bring every copy up to date, then let every stream read. */
function catchUpAll() {
  for (const groupId of streams.keys()) void refresh(groupId).then(() => wakeGroup(groupId), () => wakeGroup(groupId));
}

function connect(): Promise<void> {
  if (client) return Promise.resolve();
  connecting ??= (async () => {
    const c = new pg.Client({ connectionString: env.DATABASE_URL });
    c.on("notification", (message) => {
      try {
        const { groupId, seq } = JSON.parse(message.payload ?? "{}") as { groupId?: string; seq?: number };
        if (!groupId || !streams.has(groupId)) return;
        // One read of the log for the whole instance, then every stream of the group takes from the copy.
        const entry = recent.get(groupId);
        if (entry && (entry.events.at(-1)?.seq ?? 0) >= (seq ?? 0)) return wakeGroup(groupId);
        void refresh(groupId).then(() => wakeGroup(groupId), () => wakeGroup(groupId));
      } catch {
        // Not ours: ignore.
      }
    });
    c.on("error", (error) => {
      console.error("[realtime] the LISTEN connection failed; reconnecting", error.message);
      if (client === c) client = null;
      void c.end().catch(() => undefined);
      setTimeout(() => {
        if (streams.size) void connect().then(catchUpAll, () => undefined);
      }, 1000).unref();
    });
    await c.connect();
    await c.query(`LISTEN ${EVENTS_CHANNEL}`);
    client = c;
  })().finally(() => {
    connecting = null;
  });
  return connecting;
}

// The latest events of each group with open streams, read once per instance however many
// streams are open (log rows never change, so a copy is never stale).
const KEEP = 500;
const recent = new Map<string, { events: LogEvent[]; loading: Promise<void> | null }>();
const logSelect = { seq: true, kind: true, textId: true, annotationId: true, threadId: true, readingId: true, actorId: true, onlyUserId: true } as const;

function refresh(groupId: string): Promise<void> {
  const entry = recent.get(groupId);
  if (!entry) return Promise.resolve();
  entry.loading ??= (async () => {
    const last = entry.events.at(-1)?.seq ?? 0;
    const rows = await db.event.findMany({ where: { groupId, seq: { gt: last } }, orderBy: { seq: "asc" }, take: KEEP, select: logSelect });
    entry.events.push(...rows);
    if (entry.events.length > KEEP) entry.events.splice(0, entry.events.length - KEEP);
  })().finally(() => {
    entry.loading = null;
  });
  return entry.loading;
}

/**
 * The group's events after `after`, at most `take`, in order: from this instance's copy
 * when it reaches back that far, from the database otherwise.
 */
export async function eventsAfter(groupId: string, after: number, take: number): Promise<LogEvent[]> {
  const entry = recent.get(groupId);
  if (entry) {
    // The copy is brought up to date when a notification arrives; a read in between waits for it.
    if (entry.loading) await entry.loading;
    const first = entry.events[0]?.seq;
    if (first !== undefined && first <= after + 1) return entry.events.filter((e) => e.seq > after).slice(0, take);
  }
  return db.event.findMany({ where: { groupId, seq: { gt: after } }, orderBy: { seq: "asc" }, take, select: logSelect });
}

/** Calls `wake` whenever the group may have new events; returns the way to stop. */
export async function listen(groupId: string, wake: Wake): Promise<() => void> {
  await connect();
  let set = streams.get(groupId);
  if (!set) streams.set(groupId, (set = new Set()));
  set.add(wake);
  if (!recent.has(groupId)) {
    // Start the copy at the group's newest events.
    const newest = await db.event.findMany({ where: { groupId }, orderBy: { seq: "desc" }, take: 50, select: logSelect });
    if (!recent.has(groupId)) recent.set(groupId, { events: newest.reverse(), loading: null });
  }
  return () => {
    set.delete(wake);
    if (!set.size) {
      streams.delete(groupId);
      recent.delete(groupId);
    }
  };
}
