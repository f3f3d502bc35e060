import { notFound } from "@/lib/errors";
import { route } from "@/lib/http";
import { calendarFeed } from "@/lib/readings/calendar";

type Ctx = { params: Promise<{ token: string }> };

// GET /api/calendar/:token.ics — a member's calendar of the group's due dates. The secret
// address is the credential (calendar apps cannot sign in); a reset or leaving the group ends it.
export const GET = route(async (_request, { params }: Ctx) => {
  const token = (await params).token.replace(/\.ics$/, "");
  const feed = await calendarFeed(token);
  if (feed === null) throw notFound("That calendar");
  return new Response(feed, {
    headers: { "Content-Type": "text/calendar; charset=utf-8", "Cache-Control": "private, max-age=300", "X-Robots-Tag": "noindex" },
  });
});
