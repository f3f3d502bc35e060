import "server-only";
import { db } from "@/lib/db";
import { isDatabaseUnavailable, notFound } from "@/lib/errors";
import { checkId } from "@/lib/groups/groups";
import { annotationView, toView } from "@/lib/annotations/annotations";
import { audienceOf, audienceQuery } from "./audience";
import { GONE, NARROWING_KINDS, isNarrowing, isReadingKind } from "./event-kinds";
import { followInbox, inboxFrame } from "./inbox";
import { eventsAfter, listen, readersOf, type LogEvent } from "./listener";
import { onShutdown } from "@/lib/lifecycle";
import { takeStreamSlot } from "./caps";

// A group's events as Server-Sent Events, for one member. The stream starts at the
// event after Last-Event-ID (or now), reads the log in order whenever the group may
// have news, and sends each event as this member may see it: a note's current state
// when they may read it, and otherwise only the event's number, so their position in
// the log still advances and a reconnect neither repeats nor skips anything.
//
// An event is rendered once per instance for all its readers: one query for the note,
// one for which of the members reading here may see it (lib/realtime/audience.ts).

const BATCH = 200;
const HEARTBEAT_MS = 20_000;
/** After a read of the log failed for want of a database, the next try. */
const READ_RETRY_MS = 1_000;
/** When the server shuts down, readers are asked to come back this soon (to another instance). */
export const RECONNECT_AFTER_SHUTDOWN_MS = 500;

type EventRow = LogEvent;

const readAfter = (groupId: string, after: number) => eventsAfter(groupId, after, BATCH);

/**
 * A reader further behind than this is told to start afresh ("reset": reload the notes)
 * rather than sent the log in between: a replay costs a query and a rendering per event,
 * and a page reload is cheaper than a thousand of them.
 */
export const MAX_REPLAY = 1_000;

/** Where a stream starts: after a valid Last-Event-ID, or now (with a note saying why, for one that is not or is too far behind). */
export function startingPoint(lastEventId: string | null, current: number): { after: number; reset: string | null } {
  if (lastEventId === null || lastEventId === "") return { after: current, reset: null };
  if (!/^\d{1,10}$/.test(lastEventId)) return { after: current, reset: "That Last-Event-ID is not an event number: starting from now." };
  const n = Number(lastEventId);
  if (n > current) return { after: current, reset: "That Last-Event-ID is ahead of this group's log: starting from now." };
  if (current - n > MAX_REPLAY) return { after: current, reset: "Too much has changed since that Last-Event-ID to replay: starting from now." };
  return { after: n, reset: null };
}

const encoder = new TextEncoder();
const idOnlyFrame = (seq: number) => encoder.encode(`id: ${seq}\n\n`);

const frame = (lines: Record<string, string | number>, data?: unknown) =>
  Object.entries(lines)
    .map(([k, v]) => `${k}: ${v}\n`)
    .join("") + (data === undefined ? "" : `data: ${JSON.stringify(data)}\n`) + "\n";

/**
 * One event as sent: the full frame to those in `audience` (everyone, when null), the
 * note's id alone ("annotation.gone") to those in `gone`, the bare number to the others.
 */
type Rendered = { full: Uint8Array; audience: Set<string> | null; gone: { frame: Uint8Array; to: Set<string> } | null; askedFor: Set<string> };

// The streams of one group on an instance take each event at nearly the same moment:
// the rendering is shared by the streams open when it was made and dropped once they
// have all taken it, since who may see a note changes (a member posts and may now
// peek, a note is hidden). A stream that comes later renders the event afresh.
const STALE_MS = 5_000;
const rendered = new Map<string, { at: number; waiting: number; result: Promise<Rendered> }>();

function renderedFor(userId: string, groupId: string, event: EventRow, listening: boolean): Promise<Uint8Array> {
  const key = `${groupId}:${event.seq}`;
  const now = Date.now();
  const pick = (r: Rendered) => (r.audience === null || r.audience.has(userId) ? r.full : r.gone?.to.has(userId) ? r.gone.frame : idOnlyFrame(event.seq));
  const hit = rendered.get(key);
  if (hit && listening && now - hit.at < STALE_MS) {
    if (--hit.waiting <= 0) rendered.delete(key);
    return hit.result.then((r) => (r.askedFor.has(userId) ? pick(r) : render(groupId, event, [userId]).then(pick)));
  }
  if (!listening) return render(groupId, event, [userId]).then(pick);
  // Asked for everyone reading the group here, so the other streams find their answer ready.
  const readers = readersOf(groupId);
  const result = render(groupId, event, [...new Set([userId, ...readers.users])]);
  if (readers.streams > 1) rendered.set(key, { at: now, waiting: readers.streams - 1, result });
  result.catch(() => rendered.delete(key));
  if (rendered.size > 1_000) for (const [k, v] of rendered) if (now - v.at >= STALE_MS) rendered.delete(k);
  return result.then(pick);
}

/** What the readers `userIds` receive for one event of the log. */
async function render(groupId: string, event: EventRow, userIds: string[]): Promise<Rendered> {
  const askedFor = new Set(userIds);
  const idOnly = encoder.encode(frame({ id: event.seq }));
  const narrowing = isNarrowing(event.kind) ? NARROWING_KINDS[event.kind] : undefined;
  // Those who still see a note after it was hidden or made private hear of an update like any other.
  const kind = narrowing ? "annotation.updated" : event.kind;
  const base = {
    seq: event.seq,
    kind,
    textId: event.textId,
    annotationId: event.annotationId,
    threadId: event.threadId,
    readingId: event.readingId,
    actorId: event.actorId,
  };
  const only = event.onlyUserId ? new Set([event.onlyUserId]) : null;
  const asked = only ? userIds.filter((id) => only.has(id)) : userIds;
  if (isReadingKind(event.kind))
    return { full: encoder.encode(frame({ id: event.seq, event: kind }, base)), audience: only, gone: null, askedFor };
  if (!event.annotationId) return { full: idOnly, audience: null, gone: null, askedFor };
  // A deletion is news to those who could see the note just before.
  if (event.kind === "annotation.deleted") {
    const audience = await audienceOf(groupId, event.annotationId, asked, { before: "deletion" });
    return { full: encoder.encode(frame({ id: event.seq, event: kind }, base)), audience, gone: null, askedFor };
  }
  // Who may see it and what it says, read in one snapshot: a change between the two
  // (made private, say) cannot slip words to someone no longer allowed them. After a
  // change that takes it from some readers (hidden, or made private), those who could
  // see it before and cannot now take it out of their margin: they learn its id (and
  // its thread's, to count its replies) and nothing else. Members who never saw it
  // (someone else's private note, a hidden one, a week closed to them) learn nothing.
  if (!asked.length && !narrowing) return { full: idOnly, audience: new Set(), gone: null, askedFor };
  const none = db.$queryRaw<{ userId: string }[]>`SELECT NULL::text AS "userId" WHERE FALSE`;
  const [rows, row, before] = await db.$transaction(
    [
      asked.length ? audienceQuery(groupId, event.annotationId, asked) : none,
      db.annotation.findFirst({
        where: { id: event.annotationId, groupId, deletedAt: null, group: { memberships: { some: { userId: { in: asked } } } } },
        select: { ...annotationView, text: { select: { slug: true } } },
      }),
      narrowing ? audienceQuery(groupId, event.annotationId, userIds, { before: narrowing }) : none,
    ],
    { isolationLevel: "RepeatableRead" },
  );
  const audience = row ? new Set(rows.map((r) => r.userId)) : new Set<string>();
  const lost = new Set(before.map((r) => r.userId).filter((id) => !audience.has(id)));
  const gone = lost.size
    ? {
        frame: encoder.encode(
          frame({ id: event.seq, event: GONE }, { seq: event.seq, kind: GONE, annotationId: event.annotationId, threadId: event.threadId }),
        ),
        to: lost,
      }
    : null;
  if (!audience.size || !row) return { full: idOnly, audience, gone, askedFor };
  const annotation = { ...toView(row), textSlug: row.text.slug };
  return { full: encoder.encode(frame({ id: event.seq, event: kind }, { ...base, annotation })), audience, gone, askedFor };
}

/**
 * The member's stream of the group's events. `until: "now"` sends what the log holds
 * after the starting point and ends (a catch-up for clients that cannot keep a stream
 * open). NOT_FOUND for anyone who is not a member; a live stream past the caps of
 * ./caps.ts is refused (RATE_LIMITED for the person, UNAVAILABLE for the instance).
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
  const release = options.until === "now" ? () => {} : takeStreamSlot(userId);
  const start = startingPoint(options.lastEventId, group.eventSeq);
  let after = start.after;
  let closed = false;
  let stopListening: (() => void) | null = null;
  let stopInbox: (() => void) | null = null;
  let timers: NodeJS.Timeout[] = [];
  let running: Promise<void> = Promise.resolve();
  let queued = false;
  const stopAll = () => {
    closed = true;
    release();
    stopListening?.();
    stopInbox?.();
    for (const t of timers) clearInterval(t);
    timers = [];
  };

  const begin = async (controller: ReadableStreamDefaultController<Uint8Array>) => {
    const send = (bytes: Uint8Array | string) => {
      if (!closed) controller.enqueue(typeof bytes === "string" ? encoder.encode(bytes) : bytes);
    };
    const close = () => {
      if (closed) return;
      stopAll();
      try {
        controller.close();
      } catch {
        // Already closed by the reader.
      }
    };
    const pump = async () => {
      while (!closed) {
        const batch = await readAfter(group.id, after);
        for (const event of batch) {
          send(await renderedFor(userId, group.id, event, stopListening !== null));
          after = event.seq;
        }
        if (batch.length < BATCH) return;
      }
    };
    // One reading of the log at a time, in order; a wake during a read reads again after
    // it (once, however many wakes came meanwhile).
    // When the database cannot be reached, the stream stays open and reads again shortly,
    // from where it was: a blip costs a delay, never a gap or a repeat.
    let retryTimer: NodeJS.Timeout | undefined;
    const wake = () => {
      if (queued) return;
      queued = true;
      running = running.then(() => {
        queued = false;
        return pump();
      }).catch((error: unknown) => {
        if (isDatabaseUnavailable(error)) {
          clearTimeout(retryTimer);
          retryTimer = setTimeout(wake, READ_RETRY_MS);
          timers.push(retryTimer);
          return;
        }
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
    const listening = await listen(group.id, {
      userId,
      wake,
      removed: () => {
        send(frame({ event: "closed" }, { message: "You are no longer a member of this group." }));
        close();
      },
    });
    if (closed) return listening();
    stopListening = listening;
    wake();
    // The reader's unread count rides along, so their page needs no second stream.
    const inbox = await followInbox(userId, (unread) => send(inboxFrame(unread)));
    if (closed) return inbox();
    stopInbox = inbox;
    timers.push(setInterval(() => send(": still here\n\n"), HEARTBEAT_MS));
    options.signal?.addEventListener("abort", close);
    // A restart ends the stream with a short retry: the browser comes back with
    // Last-Event-ID (to this instance's successor or another) and misses nothing.
    const unregister = onShutdown(() => {
      send(`retry: ${RECONNECT_AFTER_SHUTDOWN_MS}\n\n`);
      close();
    });
    const stopListeningNow = stopListening;
    stopListening = () => {
      unregister();
      stopListeningNow();
    };
  };

  return new ReadableStream<Uint8Array>({
    async start(controller) {
      // A stream that fails to start gives its slot back at once.
      try {
        await begin(controller);
      } catch (error) {
        stopAll();
        throw error;
      }
    },
    cancel: stopAll,
  });
}
