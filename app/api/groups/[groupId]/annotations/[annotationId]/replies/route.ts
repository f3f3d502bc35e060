import { MAX_BODY_LENGTH } from "@/lib/annotations/schemas";
import { createReply } from "@/lib/discussion/threads";
import { replySchema } from "@/lib/discussion/schemas";
import { AppError } from "@/lib/errors";
import { memberOrNotFound } from "@/lib/groups/route-access";
import { parseWith, readJsonObject, route } from "@/lib/http";

type Ctx = { params: Promise<{ groupId: string; annotationId: string }> };

// POST /api/groups/:groupId/annotations/:annotationId/replies — reply to a note or a reply
// (idempotent on the client's id: 201 the first time, 200 after)
export const POST = route(async (request, { params }: Ctx) => {
  const user = await memberOrNotFound();
  const { groupId, annotationId } = await params;
  const data = await readJsonObject(request);
  if (typeof data.body === "string" && data.body.length > MAX_BODY_LENGTH)
    throw new AppError("TOO_LARGE", `That reply is too long: keep it under ${MAX_BODY_LENGTH.toLocaleString("en")} characters.`);
  const { reply, created } = await createReply(user.id, groupId, annotationId, parseWith(replySchema, data));
  return Response.json({ reply }, { status: created ? 201 : 200 });
});
