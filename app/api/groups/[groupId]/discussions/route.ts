import { listAnnotations } from "@/lib/annotations/annotations";
import { MAX_BODY_LENGTH } from "@/lib/annotations/schemas";
import { discussionSchema } from "@/lib/discussion/schemas";
import { createDiscussion } from "@/lib/discussion/threads";
import { AppError } from "@/lib/errors";
import { memberOrNotFound } from "@/lib/groups/route-access";
import { parseWith, readJsonObject, route } from "@/lib/http";

type Ctx = { params: Promise<{ groupId: string }> };

// GET /api/groups/:groupId/discussions?text=:slug — the text's general discussion: titled threads
export const GET = route(async (request, { params }: Ctx) => {
  const user = await memberOrNotFound();
  const { groupId } = await params;
  const slug = new URL(request.url).searchParams.get("text");
  if (!slug) throw new AppError("BAD_REQUEST", "Say which text: ?text=<slug>.");
  const { text, annotations } = await listAnnotations(user.id, groupId, slug, "text");
  return Response.json({ text, discussions: annotations }, { headers: { "Cache-Control": "private, no-store" } });
});

// POST /api/groups/:groupId/discussions — start a titled discussion of a text (idempotent on the client's id)
export const POST = route(async (request, { params }: Ctx) => {
  const user = await memberOrNotFound();
  const { groupId } = await params;
  const data = await readJsonObject(request);
  if (typeof data.body === "string" && data.body.length > MAX_BODY_LENGTH)
    throw new AppError("TOO_LARGE", `That message is too long: keep it under ${MAX_BODY_LENGTH.toLocaleString("en")} characters.`);
  const { discussion, created } = await createDiscussion(user.id, groupId, parseWith(discussionSchema, data));
  return Response.json({ discussion }, { status: created ? 201 : 200 });
});
