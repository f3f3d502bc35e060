import "server-only";
import { onShutdown } from "@/lib/lifecycle";
import { unreadCount } from "@/lib/discussion/inbox";
import { listenInbox } from "./listener";
import { takeStreamSlot } from "./caps";

// A person's unread count, kept current on their open pages: told when the count is
// asked for the first time and whenever it changes (a notification arrives, or they
// mark something read in another tab). Carried by the group's event stream on pages
// that have one, and by GET /api/notifications/events on the others, so a tab keeps
// one stream open, not two.

/** Sends the unread count now and after every change; returns the way to stop. */
export async function followInbox(userId: string, send: (unread: number) => void): Promise<() => void> {
  let last = -1;
  let queued = false;
  let running: Promise<void> = Promise.resolve();
  // Several changes in a burst make one count.
  const look = () => {
    if (queued) return;
    queued = true;
    running = running
      .then(async () => {
        queued = false;
        const unread = await unreadCount(userId);
        if (unread !== last) send((last = unread));
      })
      .catch((error: unknown) => console.error("[realtime] could not count the inbox", error));
  };
  const stop = await listenInbox(userId, look);
  look();
  return stop;
}

const HEARTBEAT_MS = 20_000;
const RECONNECT_AFTER_SHUTDOWN_MS = 500;
const encoder = new TextEncoder();
export const inboxFrame = (unread: number) => `event: inbox\ndata: ${JSON.stringify({ unread })}\n\n`;

/**
 * The person's unread count as Server-Sent Events. `until: "now"` sends it once and ends.
 * A live one counts against the person's and the instance's stream caps (./caps.ts).
 */
export function openInboxStream(userId: string, options: { until?: "now"; signal?: AbortSignal } = {}): ReadableStream<Uint8Array> {
  const release = options.until === "now" ? () => {} : takeStreamSlot(userId);
  let stop: (() => void) | null = null;
  let heartbeat: NodeJS.Timeout | undefined;
  let closed = false;
  const end = () => {
    closed = true;
    release();
    stop?.();
    clearInterval(heartbeat);
  };
  return new ReadableStream<Uint8Array>({
    async start(controller) {
      const send = (text: string) => {
        if (!closed) controller.enqueue(encoder.encode(text));
      };
      send("retry: 3000\n\n");
      if (options.until === "now") {
        send(inboxFrame(await unreadCount(userId)));
        closed = true;
        controller.close();
        return;
      }
      // A stream that fails to start gives its slot back at once.
      const stopFollowing = await followInbox(userId, (unread) => send(inboxFrame(unread))).catch((error: unknown) => {
        end();
        throw error;
      });
      if (closed) return stopFollowing();
      stop = stopFollowing;
      heartbeat = setInterval(() => send(": still here\n\n"), HEARTBEAT_MS);
      const finish = () => {
        end();
        try {
          controller.close();
        } catch {
          // Already closed by the reader.
        }
      };
      options.signal?.addEventListener("abort", finish);
      // A restart ends the stream with a short retry (see lib/realtime/stream.ts).
      const unregister = onShutdown(() => {
        send(`retry: ${RECONNECT_AFTER_SHUTDOWN_MS}\n\n`);
        finish();
      });
      const stopNow = stop;
      stop = () => {
        unregister();
        stopNow?.();
      };
    },
    cancel: end,
  });
}
