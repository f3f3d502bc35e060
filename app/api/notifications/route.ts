import { requireUser } from "@/lib/auth/session";
import { listNotifications, markRead } from "@/lib/discussion/inbox";
import { markReadSchema } from "@/lib/discussion/schemas";
import { AppError } from "@/lib/errors";
import { readJson, route } from "@/lib/http";

// GET /api/notifications[?before=ISO date] — my inbox, newest first, with the unread count
export const GET = route(async (request) => {
  const user = await requireUser();
  const before = new URL(request.url).searchParams.get("before") ?? undefined;
  if (before !== undefined && Number.isNaN(Date.parse(before))) throw new AppError("BAD_REQUEST", "before must be a date.");
  return Response.json(await listNotifications(user.id, { before }), { headers: { "Cache-Control": "private, no-store" } });
});

// PATCH /api/notifications — {ids: [...]} or {all: true} or {threadId}, with read: true (default) or false
export const PATCH = route(async (request) => {
  const user = await requireUser();
  return Response.json(await markRead(user.id, await readJson(request, markReadSchema)));
});
