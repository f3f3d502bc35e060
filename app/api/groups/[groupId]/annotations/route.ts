import { createAnnotation, listAnnotations } from "@/lib/annotations/annotations";
import { annotationListBody } from "@/lib/annotations/list";
import { codingFor, encodedResponse } from "@/lib/compress";
import { listTextReplies } from "@/lib/discussion/threads";
import { JSON_LD, originOf, toAnnotationPage, toWebAnnotation, wantsJsonLd } from "@/lib/annotations/jsonld";
import { createAnnotationSchema, MAX_BODY_LENGTH } from "@/lib/annotations/schemas";
import { AppError } from "@/lib/errors";
import { memberOrNotFound } from "@/lib/groups/route-access";
import { parseWith, readJsonObject, route } from "@/lib/http";

type Ctx = { params: Promise<{ groupId: string }> };

function textParam(request: Request): string {
  const slug = new URL(request.url).searchParams.get("text");
  if (!slug) throw new AppError("BAD_REQUEST", "Say which text: ?text=<slug>.");
  return slug;
}

// GET /api/groups/:groupId/annotations?text=:slug — every note on a text this member may see.
// As JSON-LD, the whole conversation: notes, the general discussion and every reply.
export const GET = route(async (request, { params }: Ctx) => {
  const user = await memberOrNotFound();
  const { groupId } = await params;
  const slug = textParam(request);
  const headers = { "Cache-Control": "private, no-store", Vary: "Accept" };
  if (wantsJsonLd(request)) {
    const [result, discussions, replies] = await Promise.all([
      listAnnotations(user.id, groupId, slug),
      listAnnotations(user.id, groupId, slug, "text"),
      listTextReplies(user.id, groupId, slug),
    ]);
    const everything = [...result.annotations, ...discussions.annotations, ...replies];
    return Response.json(toAnnotationPage(everything, { origin: originOf(request), groupId, textSlug: result.text.slug }), {
      headers: { ...headers, "Content-Type": JSON_LD },
    });
  }
  // The JSON is put together from bytes kept per note, and compressed here in one piece
  // (often once for many members: see annotationListBody).
  const coding = codingFor(request);
  return encodedResponse(await annotationListBody(user.id, groupId, slug, coding), coding, { ...headers, "Content-Type": "application/json" });
});

// POST /api/groups/:groupId/annotations — create a note (idempotent on the client's id)
export const POST = route(async (request, { params }: Ctx) => {
  const user = await memberOrNotFound();
  const { groupId } = await params;
  const data = await readJsonObject(request);
  if (typeof data.body === "string" && data.body.length > MAX_BODY_LENGTH)
    throw new AppError("TOO_LARGE", `That note is too long: keep it under ${MAX_BODY_LENGTH.toLocaleString("en")} characters.`);
  const input = parseWith(createAnnotationSchema, data);
  const { annotation, created } = await createAnnotation(user.id, groupId, input);
  const status = created ? 201 : 200;
  if (wantsJsonLd(request))
    return Response.json(toWebAnnotation(annotation, { origin: originOf(request), groupId, textSlug: input.text }), {
      status,
      headers: { "Content-Type": JSON_LD },
    });
  return Response.json({ annotation }, { status });
});
