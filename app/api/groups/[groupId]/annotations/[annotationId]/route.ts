import {
  deleteAnnotation,
  editAnnotation,
  getAnnotation,
  placeAnnotation,
  restoreAnnotation,
  setHidden,
} from "@/lib/annotations/annotations";
import { JSON_LD, originOf, toWebAnnotation, wantsJsonLd } from "@/lib/annotations/jsonld";
import { MAX_BODY_LENGTH, patchKind } from "@/lib/annotations/schemas";
import { AppError } from "@/lib/errors";
import { memberOrNotFound } from "@/lib/groups/route-access";
import { parseWith, readJsonObject, route } from "@/lib/http";

type Ctx = { params: Promise<{ groupId: string; annotationId: string }> };

// GET /api/groups/:groupId/annotations/:annotationId — one note
export const GET = route(async (request, { params }: Ctx) => {
  const user = await memberOrNotFound();
  const { groupId, annotationId } = await params;
  const { textSlug, ...annotation } = await getAnnotation(user.id, groupId, annotationId);
  if (wantsJsonLd(request))
    return Response.json(toWebAnnotation(annotation, { origin: originOf(request), groupId, textSlug }), {
      headers: { "Content-Type": JSON_LD, "Cache-Control": "private, no-store", Vary: "Accept" },
    });
  return Response.json({ annotation }, { headers: { "Cache-Control": "private, no-store", Vary: "Accept" } });
});

// PATCH /api/groups/:groupId/annotations/:annotationId — edit (author, with revision), hide (facilitators),
// undo a delete (author) or place an orphan again (author or facilitators)
export const PATCH = route(async (request, { params }: Ctx) => {
  const user = await memberOrNotFound();
  const { groupId, annotationId } = await params;
  const data = await readJsonObject(request);
  if (typeof data.body === "string" && data.body.length > MAX_BODY_LENGTH)
    throw new AppError("TOO_LARGE", `That note is too long: keep it under ${MAX_BODY_LENGTH.toLocaleString("en")} characters.`);
  const patch = patchKind(data);
  let annotation;
  switch (patch.type) {
    case "edit":
      annotation = await editAnnotation(user.id, groupId, annotationId, parseWith(patch.schema, data));
      break;
    case "hide":
      annotation = await setHidden(user.id, groupId, annotationId, parseWith(patch.schema, data).hidden);
      break;
    case "restore":
      parseWith(patch.schema, data);
      annotation = await restoreAnnotation(user.id, groupId, annotationId);
      break;
    case "place":
      annotation = await placeAnnotation(user.id, groupId, annotationId, parseWith(patch.schema, data).anchor);
      break;
  }
  return Response.json({ annotation });
});

// DELETE /api/groups/:groupId/annotations/:annotationId — delete your note (undo with PATCH {"deleted": false})
export const DELETE = route(async (_request, { params }: Ctx) => {
  const user = await memberOrNotFound();
  const { groupId, annotationId } = await params;
  await deleteAnnotation(user.id, groupId, annotationId);
  return new Response(null, { status: 204 });
});
