import { AppError } from "@/lib/errors";
import { memberOrNotFound } from "@/lib/groups/route-access";
import { readBodyBytes, route } from "@/lib/http";
import { assertMayImport, importNotes, readImportJson } from "@/lib/import/import";
import { IMPORT_ENVELOPE_BYTES as ENVELOPE, IMPORT_TOO_LARGE as TOO_LARGE, MAX_IMPORT_BYTES } from "@/lib/import/limits";

type Ctx = { params: Promise<{ groupId: string }> };

// POST /api/groups/:groupId/import[?text=slug] — facilitators import notes from a file:
// multipart/form-data with `file` (and optionally `text`), or the file's JSON as the body.
// 200 with { placed, orphaned, replies, refused: [{ reason, note? }], text, source }; nothing
// is stored unless the whole import is.
export const POST = route(async (request, { params }: Ctx) => {
  const user = await memberOrNotFound();
  const { groupId } = await params;
  // Nothing is read for someone who may not import here.
  await assertMayImport(user.id, groupId);
  const type = request.headers.get("content-type") ?? "";
  let textSlug = new URL(request.url).searchParams.get("text") || null;
  let bytes: Uint8Array;
  if (type.startsWith("multipart/form-data")) {
    const body = await readBodyBytes(request, MAX_IMPORT_BYTES + ENVELOPE, TOO_LARGE);
    let form: FormData;
    try {
      form = await new Response(body as Uint8Array<ArrayBuffer>, { headers: { "content-type": type } }).formData();
    } catch {
      throw new AppError("BAD_REQUEST", "The upload could not be read: send the file as multipart/form-data in a field named file.");
    }
    const file = form.get("file");
    if (!(file instanceof File)) throw new AppError("BAD_REQUEST", "Choose a file to import.", { fieldErrors: { file: ["Choose a file to import."] } });
    if (file.size > MAX_IMPORT_BYTES) throw new AppError("TOO_LARGE", TOO_LARGE, { fieldErrors: { file: [TOO_LARGE] } });
    const field = form.get("text");
    if (!textSlug && typeof field === "string" && field) textSlug = field;
    bytes = new Uint8Array(await file.arrayBuffer());
  } else if (/^application\/(ld\+)?json/.test(type)) {
    bytes = await readBodyBytes(request, MAX_IMPORT_BYTES, TOO_LARGE);
  } else {
    throw new AppError("UNSUPPORTED", "Send the file as multipart/form-data (a field named file) or as the JSON body itself.");
  }
  const report = await importNotes(user.id, groupId, readImportJson(bytes), textSlug);
  return Response.json(report, { headers: { "Cache-Control": "private, no-store" } });
});
