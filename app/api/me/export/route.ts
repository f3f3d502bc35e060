import { originOf } from "@/lib/annotations/jsonld";
import { requireUser } from "@/lib/auth/session";
import { exportResponse } from "@/lib/export/response";
import { myExportSchema } from "@/lib/export/schemas";
import { parseWith, route } from "@/lib/http";
import { queryOf } from "@/lib/search/search";

// GET /api/me/export?format=jsonld|markdown — every note and reply the signed-in person
// wrote, in every group they are in, with the passage each is on.
export const GET = route(async (request) => {
  const user = await requireUser();
  const input = parseWith(myExportSchema, queryOf(request));
  const url = new URL("/api/me/export", originOf(request));
  url.searchParams.set("format", input.format);
  return exportResponse({ kind: "me", userId: user.id }, input.format, originOf(request), url.href);
});
