import { memberOrNotFound } from "@/lib/groups/route-access";
import { route } from "@/lib/http";
import { openStream } from "@/lib/realtime/stream";

type Ctx = { params: Promise<{ groupId: string }> };

// The stream is as long as the reader stays: never prerendered, never cached.
export const dynamic = "force-dynamic";

// GET /api/groups/:groupId/events — the group's changes as Server-Sent Events, from after
// Last-Event-ID (header, or ?lastEventId= for a first connection) or from now.
// ?until=now sends what the log holds and ends. 404 for anyone outside the group.
export const GET = route(async (request, { params }: Ctx) => {
  const user = await memberOrNotFound();
  const { groupId } = await params;
  const url = new URL(request.url);
  const lastEventId = request.headers.get("last-event-id") ?? url.searchParams.get("lastEventId");
  const until = url.searchParams.get("until") === "now" ? "now" : undefined;
  const stream = await openStream(user.id, groupId, { lastEventId, until, signal: request.signal });
  return new Response(stream, {
    headers: {
      "Content-Type": "text/event-stream; charset=utf-8",
      // no-transform: no compression or buffering on the way, so each event leaves at once.
      "Cache-Control": "private, no-cache, no-transform",
      "X-Accel-Buffering": "no",
    },
  });
});
