import { originOf } from "@/lib/annotations/jsonld";
import { requireUser } from "@/lib/auth/session";
import { AppError } from "@/lib/errors";
import { exportResponse } from "@/lib/export/response";
import { myExportSchema } from "@/lib/export/schemas";
import { route } from "@/lib/http";

// GET /api/me/export?format=jsonld|markdown[&page=n] — every note and reply the signed-in person
// wrote, in every group they are in, with the passage each is on.
export const GET = route(async (request) => {
  const user = await requireUser();
  const params = new URL(request.url).searchParams;
  const parsed = myExportSchema.safeParse(Object.fromEntries(params));
  if (!parsed.success || [...params.keys()].length !== new Set(params.keys()).size)
    throw new AppError("BAD_REQUEST", parsed.error?.issues[0]?.message ?? "Give each of format and page once.");
  const origin = originOf(request);
  const url = new URL("/api/me/export", origin);
  url.searchParams.set("format", parsed.data.format);
  return exportResponse({ kind: "me", userId: user.id }, parsed.data.format, origin, url.href, parsed.data.page);
});
