import { requireUser } from "@/lib/auth/session";
import { route } from "@/lib/http";
import { openInboxStream } from "@/lib/realtime/inbox";

// The stream is as long as the page stays: never prerendered, never cached.
export const dynamic = "force-dynamic";

// GET /api/notifications/events — my unread count as Server-Sent Events: now, and each
// time it changes. For pages without a group's event stream (which carries it too).
// ?until=now sends the count once and ends.
export const GET = route(async (request) => {
  const user = await requireUser();
  const until = new URL(request.url).searchParams.get("until") === "now" ? "now" : undefined;
  return new Response(openInboxStream(user.id, { until, signal: request.signal }), {
    headers: {
      "Content-Type": "text/event-stream; charset=utf-8",
      "Cache-Control": "private, no-cache, no-transform",
      "X-Accel-Buffering": "no",
    },
  });
});
