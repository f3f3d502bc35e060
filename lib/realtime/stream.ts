import "server-only";
import { db } from "@/lib/db";
import { AppError, notFound } from "@/lib/errors";
import { checkId } from "@/lib/groups/groups";
import { getAnnotation } from "@/lib/annotations/annotations";
import { peekLocked } from "@/lib/readings/readings";
import { eventsAfter, listen, type LogEvent } from "./listener";

// A group's events as Server-Sent Events, for one member. The stream starts at the
// event after Last-Event-ID (or now), reads the log in order whenever the group may
// have news, and sends each event as this member may see it: a note's current state
// when they may read it, and otherwise only the event's number, so their position in
// the log still advances and a reconnect neither repeats nor skips anything.

const BATCH = 200;
const HEARTBEAT_MS = 20_000;
/** How often a stream checks that its reader is still a member. */
export const MEMBERSHIP_CHECK_MS = 3_000;

type EventRow = LogEvent;

const readAfter = (groupId: string, after: number) => eventsAfter(groupId, after, BATCH);

const isMember = (userId: string, groupId: string) => db.membership.count({ where: { userId, groupId } }).then((n) => n > 0);

/** Where a stream starts: after a valid Last-Event-ID, or now (with a note saying why, for one that is not). */
export function startingPoint(lastEventId: string | null, current: number): { after: number; reset: string | null } {
  if (lastEventId === null || lastEventId === "") return { after: current, reset: null };
  if (!/^\d{1,10}$/.test(lastEventId)) return { after: current, reset: "That Last-Event-ID is not an event number: starting from now." };
  const n = Number(lastEventId);
  if (n > current) return { after: current, reset: "That Last-Event-ID is ahead of this group's log: starting from now." };
  return { after: n, reset: null };
}

const frame = (lines: Record<string, string | number>, data?: unknown) =>
  Object.entries(lines)
    .map(([k, v]) => `${k}: ${v}\n`)
    .join("") + (data === undefined ? "" : `data: ${JSON.stringify(data)}\n`) + "\n";

// A member with several tabs open gets the same frame in each: render it once. Kept
// briefly, since what a member may see changes (they post, a note is hidden).
const RENDER_TTL_MS = 10_000;
const rendered = new Map<string, { at: number; frame: Promise<string> }>();

function renderOnce(userId: string, groupId: string, event: EventRow, locked: Map<string, boolean>): Promise<string> {
  const key = `${groupId}:${event.seq}:${userId}`;
  const now = Date.now();
  const hit = rendered.get(key);
  if (hit && now - hit.at < RENDER_TTL_MS) return hit.frame;
  const result = render(userId, groupId, event, locked);
  const frame = result.then((r) => r.frame);
  rendered.set(key, { at: now, frame });
  // A frame held back by "post before you peek" is not kept: the member may post any moment.
  result.then((r) => !r.keep && rendered.delete(key), () => rendered.delete(key));
  if (rendered.size > 20_000) for (const [k, v] of rendered) if (now - v.at >= RENDER_TTL_MS) rendered.delete(k);
  return frame;
}

/** What this member receives for one event of the log. */
async function render(userId: string, groupId: string, event: EventRow, locked: Map<string, boolean>): Promise<{ frame: string; keep: boolean }> {
  const idOnly = { frame: frame({ id: event.seq }), keep: true };
  if (event.onlyUserId && event.onlyUserId !== userId) return idOnly;
  const base = {
    seq: event.seq,
    kind: event.kind,
    textId: event.textId,
    annotationId: event.annotationId,
    threadId: event.threadId,
    readingId: event.readingId,
    actorId: event.actorId,
  };
  if (event.kind === "annotation.deleted" || event.kind.startsWith("reading."))
    return { frame: frame({ id: event.seq, event: event.kind }, base), keep: true };
  if (!event.annotationId) return idOnly;
  try {
    const annotation = await getAnnotation(userId, groupId, event.annotationId);
    // "Post before you peek": while the text is closed to this member, only their own.
    if (annotation.author.id !== userId && event.textId) {
      if (!locked.has(event.textId)) locked.set(event.textId, await peekLocked(userId, groupId, event.textId));
      if (locked.get(event.textId)) return { ...idOnly, keep: false };
    }
    return { frame: frame({ id: event.seq, event: event.kind }, { ...base, annotation }), keep: true };
  } catch (error) {
    if (error instanceof AppError && error.code === "NOT_FOUND") return idOnly;
    throw error;
  }
}

/**
 * The member's stream of the group's events. `until: "now"` sends what the log holds
 * after the starting point and ends (a catch-up for clients that cannot keep a stream
 * open). NOT_FOUND for anyone who is not a member.
 */
export async function openStream(
  userId: string,
  groupId: string,
  options: { lastEventId: string | null; until?: "now"; signal?: AbortSignal },
): Promise<ReadableStream<Uint8Array>> {
  const group = await db.group.findFirst({
    where: { id: checkId(groupId), memberships: { some: { userId } } },
    select: { id: true, eventSeq: true },
  });
  if (!group) throw notFound("That group");
  const start = startingPoint(options.lastEventId, group.eventSeq);
  const encoder = new TextEncoder();
  let after = start.after;
  let closed = false;
  let stopListening: (() => void) | null = null;
  let timers: NodeJS.Timeout[] = [];
  let running: Promise<void> = Promise.resolve();
  const locked = new Map<string, boolean>();

  return new ReadableStream<Uint8Array>({
    async start(controller) {
      const send = (text: string) => {
        if (!closed) controller.enqueue(encoder.encode(text));
      };
      const close = () => {
        if (closed) return;
        closed = true;
        stopListening?.();
        for (const t of timers) clearInterval(t);
        timers = [];
        try {
          controller.close();
        } catch {
          // Already closed by the reader.
        }
      };
      const pump = async () => {
        while (!closed) {
          const batch = await readAfter(group.id, after);
          // The text a member may see changes as they post: judge "post before you peek" afresh each batch.
          locked.clear();
          for (const event of batch) {
            send(await renderOnce(userId, group.id, event, locked));
            after = event.seq;
          }
          if (batch.length < BATCH) return;
        }
      };
      // One reading of the log at a time, in order; a wake during a read reads again after it.
      const wake = () => {
        running = running.then(pump).catch((error: unknown) => {
          console.error("[realtime] could not read the event log", error);
          close();
        });
      };

      send(`retry: 3000\n\n`);
      if (start.reset) send(frame({ id: after, event: "reset" }, { message: start.reset, seq: after }));
      if (options.until === "now") {
        await pump();
        close();
        return;
      }
      stopListening = await listen(group.id, wake);
      wake();
      timers.push(setInterval(() => send(": still here\n\n"), HEARTBEAT_MS));
      timers.push(
        setInterval(() => {
          void isMember(userId, group.id).then((member) => {
            if (member) return;
            send(frame({ event: "closed" }, { message: "You are no longer a member of this group." }));
            close();
          });
        }, MEMBERSHIP_CHECK_MS),
      );
      options.signal?.addEventListener("abort", close);
    },
    cancel() {
      closed = true;
      stopListening?.();
      for (const t of timers) clearInterval(t);
    },
  });
}
