import "server-only";
import pg from "pg";
import { env } from "@/lib/env";
import { EVENTS_CHANNEL } from "./events";

// One LISTEN connection per app instance, fanned out to this instance's open streams.
// A notification only says "group G has event N": each stream then reads the log
// itself, so a missed or repeated notification can never cause a gap or a duplicate.
// When the connection drops, every stream is woken to read the log again and the
// connection is made anew.

type Wake = () => void;
const streams = new Map<string, Set<Wake>>();
let client: pg.Client | null = null;
let connecting: Promise<void> | null = null;

function wakeAll() {
  for (const set of streams.values()) for (const wake of set) wake();
}

function connect(): Promise<void> {
  if (client) return Promise.resolve();
  connecting ??= (async () => {
    const c = new pg.Client({ connectionString: env.DATABASE_URL });
    c.on("notification", (message) => {
      try {
        const { groupId } = JSON.parse(message.payload ?? "{}") as { groupId?: string };
        if (groupId) for (const wake of streams.get(groupId) ?? []) wake();
      } catch {
        // Not ours: ignore.
      }
    });
    c.on("error", (error) => {
      console.error("[realtime] the LISTEN connection failed; reconnecting", error.message);
      if (client === c) client = null;
      void c.end().catch(() => undefined);
      setTimeout(() => {
        if (streams.size) void connect().then(wakeAll, () => undefined);
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

/** Calls `wake` whenever the group may have new events; returns the way to stop. */
export async function listen(groupId: string, wake: Wake): Promise<() => void> {
  await connect();
  let set = streams.get(groupId);
  if (!set) streams.set(groupId, (set = new Set()));
  set.add(wake);
  return () => {
    set.delete(wake);
    if (!set.size) streams.delete(groupId);
  };
}
