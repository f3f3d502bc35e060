import { requireUser } from "@/lib/auth/session";
import { unreadCount } from "@/lib/discussion/inbox";
import { route } from "@/lib/http";

// GET /api/notifications/unread — how many inbox items I have not read (for the header's badge)
export const GET = route(async () => {
  const user = await requireUser();
  return Response.json({ unread: await unreadCount(user.id) }, { headers: { "Cache-Control": "private, no-store" } });
});
