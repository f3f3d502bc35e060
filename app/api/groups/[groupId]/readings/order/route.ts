import { memberOrNotFound } from "@/lib/groups/route-access";
import { parseWith, readJsonObject, route } from "@/lib/http";
import { reorderReadings } from "@/lib/readings/readings";
import { orderSchema } from "@/lib/readings/schemas";

type Ctx = { params: Promise<{ groupId: string }> };

// PUT /api/groups/:groupId/readings/order {ids} — the readings in a new order; the weeks
// stay on the calendar and the readings move between them (facilitators)
export const PUT = route(async (request, { params }: Ctx) => {
  const user = await memberOrNotFound();
  const { ids } = parseWith(orderSchema, await readJsonObject(request));
  return Response.json(await reorderReadings(user.id, (await params).groupId, ids));
});
