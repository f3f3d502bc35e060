import "server-only";
// Reading an upload off a request without trusting it (lib/http.ts readBodyBytes): refused
// by its declared length, and read only up to the limit when the length is not declared (or lies).
import { AppError } from "@/lib/errors";
import { readBodyBytes } from "@/lib/http";
import { UPLOAD_LIMITS, megabytes } from "@/lib/content/convert/limits";

/** Multipart overhead (boundaries, the other fields) on top of the file itself. */
const ENVELOPE = 64 * 1024;

const TOO_LARGE = `That file is too large: the limit is ${megabytes(UPLOAD_LIMITS.bytes)} (and ${UPLOAD_LIMITS.characters.toLocaleString("en")} characters of text).`;

export async function readLimitedBody(request: Request, limit = UPLOAD_LIMITS.bytes + ENVELOPE): Promise<Uint8Array<ArrayBuffer>> {
  return readBodyBytes(request, limit, TOO_LARGE);
}

/** A multipart body, read within the limit, as form data. */
export async function readUploadForm(request: Request): Promise<FormData> {
  const type = request.headers.get("content-type") ?? "";
  const body = await readLimitedBody(request);
  try {
    return await new Response(body as Uint8Array<ArrayBuffer>, { headers: { "content-type": type } }).formData();
  } catch {
    throw new AppError("BAD_REQUEST", "The upload could not be read: send the file as multipart/form-data in a field named file.");
  }
}

/** A JSON body that may be as large as a whole text (pasted or edited source), read within the limit. */
export async function readLargeJson(request: Request): Promise<unknown> {
  const body = await readLimitedBody(request);
  try {
    return JSON.parse(new TextDecoder().decode(body));
  } catch {
    throw new AppError("BAD_REQUEST", "The request body is not valid JSON.");
  }
}
