import { originOf } from "@/lib/annotations/jsonld";
import { AppError } from "@/lib/errors";
import { describeExport } from "@/lib/export/export";
import { exportResponse } from "@/lib/export/response";
import { groupExportSchema } from "@/lib/export/schemas";
import { memberOrNotFound } from "@/lib/groups/route-access";
import { route } from "@/lib/http";
import { queryOf } from "@/lib/search/search";

type Ctx = { params: Promise<{ groupId: string }> };

// GET /api/groups/:groupId/export?format=jsonld|markdown|csv[&text=slug][&mine=1][&page=n] — the
// notes this member may read, as a download: a text's, their own, or (facilitators) the whole
// group's; with page=n (JSON-LD), the n-th AnnotationPage of the collection.
export const GET = route(async (request, { params }: Ctx) => {
  const user = await memberOrNotFound();
  const { groupId } = await params;
  let query: Record<string, string> | null = null;
  try {
    query = queryOf(request);
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
  }
  const parsed = query ? groupExportSchema.safeParse(query) : null;
  if (!parsed?.success) {
    // Someone outside the group learns nothing, whatever they asked: the group is not found.
    await describeExport({ kind: "group", userId: user.id, groupId, mine: true });
    throw new AppError("BAD_REQUEST", parsed?.error.issues[0]?.message ?? "Give each of format, text, mine and page once.");
  }
  const input = parsed.data;
  const origin = originOf(request);
  const url = new URL(`/api/groups/${groupId}/export`, origin);
  url.searchParams.set("format", input.format);
  if (input.text) url.searchParams.set("text", input.text);
  if (input.mine) url.searchParams.set("mine", "1");
  return exportResponse({ kind: "group", userId: user.id, groupId, text: input.text, mine: input.mine ?? false }, input.format, origin, url.href, input.page);
});
