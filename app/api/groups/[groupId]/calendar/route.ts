import { memberOrNotFound } from "@/lib/groups/route-access";
import { route } from "@/lib/http";
import { calendarAddress, resetCalendarAddress } from "@/lib/readings/calendar";

type Ctx = { params: Promise<{ groupId: string }> };

const headers = { "Cache-Control": "private, no-store" };

// GET /api/groups/:groupId/calendar — my secret calendar address for the group's due dates
export const GET = route(async (_request, { params }: Ctx) => {
  const user = await memberOrNotFound();
  return Response.json(await calendarAddress(user.id, (await params).groupId), { headers });
});

// POST /api/groups/:groupId/calendar — a new address; the old one stops working at once
export const POST = route(async (_request, { params }: Ctx) => {
  const user = await memberOrNotFound();
  return Response.json(await resetCalendarAddress(user.id, (await params).groupId), { headers });
});
