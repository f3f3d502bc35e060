import { z } from "zod";
import { AppError } from "@/lib/errors";
import { convertPasted, convertUpload, UploadError } from "@/lib/content/convert";
import { getGroup } from "@/lib/groups/groups";
import { memberOrNotFound } from "@/lib/groups/route-access";
import { parseWith, route } from "@/lib/http";
import { addGroupText, assertMayAdd, listGroupTextsForEditing, sourceFromConverted, textSourceSchema } from "@/lib/library/group-texts";
import { listLibrary } from "@/lib/library/queries";
import { readLargeJson, readUploadForm } from "@/lib/library/upload";

type Ctx = { params: Promise<{ groupId: string }> };

const headers = { "Cache-Control": "private, no-store" };

const pastedSchema = z
  .object({
    title: z.string().trim().max(300, "Keep the title under 300 characters.").optional(),
    format: z.enum(["markdown", "text", "html"], { error: "format is markdown, text or html." }),
    source: z.string({ error: "Paste the text as source." }),
    draft: z.boolean({ error: "draft must be true or false." }).default(false),
  })
  .strict();

// GET /api/groups/:groupId/texts — the texts this group reads: the shared library and its own;
// and, for those who may change them, the group's texts with their drafts and retired ones (`editable`)
export const GET = route(async (_request, { params }: Ctx) => {
  const user = await memberOrNotFound();
  const group = await getGroup(user.id, (await params).groupId);
  const [texts, editable] = await Promise.all([listLibrary({ groupId: group.id, userId: user.id }), listGroupTextsForEditing(user.id, group.id)]);
  return Response.json({ texts, editable }, { headers });
});

// POST /api/groups/:groupId/texts — add a text (facilitators; members where the group allows):
// multipart/form-data with `file` (and optional `title`, `draft`), or JSON { title, format, source, draft }.
// 201 with the text's paragraphs once published, or as a draft for the preview.
export const POST = route(async (request, { params }: Ctx) => {
  const user = await memberOrNotFound();
  const { groupId } = await params;
  const type = request.headers.get("content-type") ?? "";
  // Nothing is read or converted for someone who may not add texts here.
  await assertMayAdd(user.id, groupId);
  try {
    let converted, fileName: string, title: string | undefined, draft: boolean;
    if (type.startsWith("multipart/form-data")) {
      const form = await readUploadForm(request);
      const file = form.get("file");
      if (!(file instanceof File)) throw new AppError("BAD_REQUEST", "Choose a file to upload.", { fieldErrors: { file: ["Choose a file to upload."] } });
      fileName = file.name.slice(0, 255) || "upload.txt";
      title = typeof form.get("title") === "string" ? String(form.get("title")).trim().slice(0, 300) || undefined : undefined;
      draft = form.get("draft") === "true" || form.get("draft") === "1";
      converted = await convertUpload({ bytes: new Uint8Array(await file.arrayBuffer()), fileName });
    } else if (type.startsWith("application/json")) {
      const input = parseWith(pastedSchema, await readLargeJson(request));
      fileName = "pasted.txt";
      title = input.title;
      draft = input.draft;
      converted = await convertPasted(input.source, input.format);
    } else {
      throw new AppError("UNSUPPORTED", "Send the text as multipart/form-data (a file) or as JSON (pasted source).");
    }
    const source = parseWith(textSourceSchema, sourceFromConverted(converted, fileName, title));
    const text = await addGroupText(user.id, groupId, source, { draft, notes: converted.notes });
    return Response.json(
      { slug: text.slug, versionId: text.versionId, title: text.title, draft: text.draft, notes: converted.notes, blocks: text.blocks.map(({ id, kind, text }) => ({ id, kind, text })) },
      { status: 201, headers },
    );
  } catch (error) {
    if (error instanceof UploadError) throw new AppError(error.status === 413 ? "TOO_LARGE" : error.status === 415 ? "UNSUPPORTED" : "UNPROCESSABLE", error.message, { fieldErrors: { file: [error.message] } });
    throw error;
  }
});
