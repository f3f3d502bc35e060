import "server-only";
import pg from "pg";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { isDatabaseUnavailable } from "@/lib/errors";
import { stillMembers } from "./audience";
import { EVENTS_CHANNEL, INBOX_CHANNEL } from "./events";
import type { LogEvent } from "./types";

export type { LogEvent } from "./types";

// One LISTEN connection per app instance, fanned out to this instance's open streams.
// A notification only says "group G has event N": each stream then reads the log
// itself, so a missed or repeated notification can never cause a gap or a duplicate.
// When the connection drops, every stream is woken to read the log again and the
// connection is made anew.

/** One open stream: whose it is, how to tell it the group may have news, how to end it. */
export type Listener = { userId: string; wake: () => void; removed: () => void };
type Room = { listeners: Set<Listener>; check: NodeJS.Timeout };
const streams = new Map<string, Room>();
let client: pg.Client | null = null;
let connecting: Promise<void> | null = null;

/** How often an instance checks that the readers of its open streams are still members. */
export const MEMBERSHIP_CHECK_MS = 3_000;

function wakeGroup(groupId: string) {
  for (const listener of streams.get(groupId)?.listeners ?? []) listener.wake();
}

/** The members with a stream of this group open on this instance, and how many streams. */
export function readersOf(groupId: string): { users: string[]; streams: number } {
  const listeners = [...(streams.get(groupId)?.listeners ?? [])];
  return { users: [...new Set(listeners.map((l) => l.userId))], streams: listeners.length };
}

// One query per group for all its open streams: a removed member's streams are ended.
async function checkMembers(groupId: string) {
  const room = streams.get(groupId);
  if (!room) return;
  const members = await stillMembers(groupId, readersOf(groupId).users);
  for (const listener of room.listeners) if (!members.has(listener.userId)) listener.removed();
}

// Pages waiting to hear that a person's inbox changed, by user id.
const inboxes = new Map<string, Set<() => void>>();

/** After a gap in listening: bring every copy up to date, then let every stream read; every inbox looks again. */
function catchUpAll() {
  for (const groupId of streams.keys()) void refresh(groupId).then(() => wakeGroup(groupId), () => wakeGroup(groupId));
  for (const wakes of inboxes.values()) for (const wake of wakes) wake();
}

/**
 * Tries again, waiting longer each time (up to 5 s: while it is down, the streams of this
 * instance hear of nothing new), while any stream is open. Once connected, every stream
 * reads the log from where it was: what was written meanwhile arrives, in order, once.
 */
function reconnect(delay: number) {
  setTimeout(() => {
    if (streams.size || inboxes.size) void connect().then(catchUpAll, () => reconnect(Math.min(5_000, delay * 2)));
  }, delay).unref();
}

function connect(): Promise<void> {
  if (client) return Promise.resolve();
  connecting ??= (async () => {
    const c = new pg.Client({ connectionString: env.DATABASE_URL });
    c.on("notification", (message) => {
      if (message.channel === INBOX_CHANNEL) {
        for (const wake of inboxes.get(message.payload ?? "") ?? []) wake();
        return;
      }
      try {
        const { groupId, seq } = JSON.parse(message.payload ?? "{}") as { groupId?: string; seq?: number };
        if (!groupId || !streams.has(groupId)) return;
        // One read of the log for the whole instance, then every stream of the group takes from the copy.
        const entry = recent.get(groupId);
        if (entry && (entry.events.at(-1)?.seq ?? 0) >= (seq ?? 0)) return wakeGroup(groupId);
        void refresh(groupId, seq ?? 0).then(() => wakeGroup(groupId), () => wakeGroup(groupId));
      } catch {
        // Not ours: ignore.
      }
    });
    // The connection can end with an error (the server shut down, the network failed) or
    // quietly; either way it is made anew, once.
    let lost = false;
    const onLost = (reason: string) => {
      if (lost) return;
      lost = true;
      if (client === c) {
        client = null;
        console.error(`[realtime] the LISTEN connection was lost (${reason}); reconnecting`);
        reconnect(250);
      }
      void c.end().catch(() => undefined);
    };
    c.on("error", (error) => onLost(error.message));
    c.on("end", () => onLost("it ended"));
    try {
      await c.connect();
      await c.query(`LISTEN ${EVENTS_CHANNEL}`);
      await c.query(`LISTEN ${INBOX_CHANNEL}`);
    } catch (error) {
      lost = true;
      void c.end().catch(() => undefined);
      throw error;
    }
    client = c;
  })().finally(() => {
    connecting = null;
  });
  return connecting;
}

// The latest events of each group with open streams, read once per instance however many
// streams are open (log rows never change, so a copy is never stale).
const KEEP = 500;
const recent = new Map<string, { events: LogEvent[]; loading: Promise<void> | null; wanted: number }>();
const logSelect = { seq: true, kind: true, textId: true, annotationId: true, threadId: true, readingId: true, actorId: true, onlyUserId: true } as const;

/**
 * Brings the group's copy up to `seq` (the event a notification announced; committed, so
 * readable). A notification that comes while a read is under way may not be in that
 * read: the copy is read again until it holds the newest event announced.
 */
function refresh(groupId: string, seq = 0): Promise<void> {
  const entry = recent.get(groupId);
  if (!entry) return Promise.resolve();
  entry.wanted = Math.max(entry.wanted, seq);
  entry.loading ??= (async () => {
    for (let reads = 0; reads < 5; reads++) {
      const last = entry.events.at(-1)?.seq ?? 0;
      const rows = await db.event.findMany({ where: { groupId, seq: { gt: last } }, orderBy: { seq: "asc" }, take: KEEP, select: logSelect });
      entry.events.push(...rows);
      if (entry.events.length > KEEP) entry.events.splice(0, entry.events.length - KEEP);
      if ((entry.events.at(-1)?.seq ?? 0) >= entry.wanted && rows.length < KEEP) return;
    }
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
    if (first !== undefined && first <= after + 1) {
      // Sequence numbers have no gaps, so the next event's place in the copy is known.
      const from = Math.max(0, after + 1 - first);
      if (from >= entry.events.length || entry.events[from]!.seq === after + 1) return entry.events.slice(from, from + take);
      return entry.events.filter((e) => e.seq > after).slice(0, take);
    }
  }
  return db.event.findMany({ where: { groupId, seq: { gt: after } }, orderBy: { seq: "asc" }, take, select: logSelect });
}

/**
 * Calls `wake` whenever the group may have new events, and `removed` once its user is no
 * longer a member; returns the way to stop.
 */
export async function listen(groupId: string, listener: Listener): Promise<() => void> {
  await connect();
  let room = streams.get(groupId);
  if (!room) {
    // A check that fails (the database away) removes nobody: only an answer can.
    const check = setInterval(
      () => void checkMembers(groupId).catch((e: unknown) => isDatabaseUnavailable(e) || console.error("[realtime] membership check failed", e)),
      MEMBERSHIP_CHECK_MS,
    );
    check.unref();
    streams.set(groupId, (room = { listeners: new Set(), check }));
  }
  const set = room.listeners;
  set.add(listener);
  const stop = () => {
    set.delete(listener);
    if (!set.size && streams.get(groupId) === room) {
      clearInterval(room.check);
      streams.delete(groupId);
      recent.delete(groupId);
    }
  };
  if (!recent.has(groupId)) {
    try {
      // Start the copy at the group's newest events.
      const newest = await db.event.findMany({ where: { groupId }, orderBy: { seq: "desc" }, take: 50, select: logSelect });
      if (!recent.has(groupId)) recent.set(groupId, { events: newest.reverse(), loading: null, wanted: 0 });
    } catch (error) {
      stop();
      throw error;
    }
  }
  return stop;
}

/** Calls `wake` whenever this person's inbox may have changed; returns the way to stop. */
export async function listenInbox(userId: string, wake: () => void): Promise<() => void> {
  await connect();
  let set = inboxes.get(userId);
  if (!set) inboxes.set(userId, (set = new Set()));
  set.add(wake);
  return () => {
    set.delete(wake);
    if (!set.size && inboxes.get(userId) === set) inboxes.delete(userId);
  };
}
