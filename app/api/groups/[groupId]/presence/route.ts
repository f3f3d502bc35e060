import { memberOrNotFound } from "@/lib/groups/route-access";
import { parseWith, readJsonObject, route } from "@/lib/http";
import { beHere, leave, presenceSchema } from "@/lib/realtime/presence";

type Ctx = { params: Promise<{ groupId: string }> };

// PUT /api/groups/:groupId/presence {text, blockId} — I am reading this text, here; answers
// who else is reading it now. Sent every few seconds by an open reader.
export const PUT = route(async (request, { params }: Ctx) => {
  const user = await memberOrNotFound();
  const input = parseWith(presenceSchema, await readJsonObject(request));
  return Response.json(await beHere(user.id, (await params).groupId, input), { headers: { "Cache-Control": "private, no-store" } });
});

// DELETE /api/groups/:groupId/presence — I have left the text
export const DELETE = route(async (_request, { params }: Ctx) => {
  const user = await memberOrNotFound();
  await leave(user.id, (await params).groupId);
  return new Response(null, { status: 204 });
});
