import "server-only";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";

// How many event streams an instance keeps open: each holds a connection, timers and a
// share of every event's rendering for as long as its reader stays, so one person (a
// script opening streams in a loop) or a crowd must not be able to take them all. The
// counts are this instance's own — an open stream lives in one process — so behind a load
// balancer a person may hold this many on each instance.

export const STREAM_CAPS = {
  /** Open streams (a group's events and the inbox's count, together) per person: a few tabs and devices. MAX_STREAMS_PER_PERSON. */
  perPerson: env.MAX_STREAMS_PER_PERSON ?? 8,
  /** Open streams on this instance, all people together. MAX_STREAMS. */
  perInstance: env.MAX_STREAMS ?? 2_000,
};

/** When a refused reader may try again, in seconds. */
const RETRY_AFTER_SECONDS = 30;

const byPerson = new Map<string, number>();
let total = 0;

/**
 * Takes one of the person's stream slots, or refuses: RATE_LIMITED (429) when they have
 * as many open as they may, UNAVAILABLE (503) when the instance is full. Returns the way
 * to give it back (once; later calls do nothing).
 */
export function takeStreamSlot(userId: string, caps: { perPerson: number; perInstance: number } = STREAM_CAPS): () => void {
  const mine = byPerson.get(userId) ?? 0;
  if (mine >= caps.perPerson)
    throw new AppError("RATE_LIMITED", "You have too many live pages open at once. Close some tabs, and this one will catch up.", {
      retryAfterSeconds: RETRY_AFTER_SECONDS,
    });
  if (total >= caps.perInstance)
    throw new AppError("UNAVAILABLE", "The server is carrying as many live pages as it can. This page will try again shortly.", {
      retryAfterSeconds: RETRY_AFTER_SECONDS,
    });
  byPerson.set(userId, mine + 1);
  total += 1;
  let given = false;
  return () => {
    if (given) return;
    given = true;
    total -= 1;
    const left = (byPerson.get(userId) ?? 1) - 1;
    if (left > 0) byPerson.set(userId, left);
    else byPerson.delete(userId);
  };
}

/** Streams open on this instance now (for tests and the health page). */
export function openStreams(userId?: string): number {
  return userId === undefined ? total : (byPerson.get(userId) ?? 0);
}
