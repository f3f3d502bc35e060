import "server-only";
import { z } from "zod";
import { AppError, databaseFault, unavailable } from "@/lib/errors";
import { reportDatabaseDown } from "@/lib/db-health";

/** JSON bodies larger than this are refused before parsing. */
const MAX_BODY_BYTES = 64 * 1024;

export function errorResponse(error: unknown): Response {
  // The database could not answer: say so (503, try again), never "not found" or a 500.
  const fault = error instanceof AppError ? null : databaseFault(error);
  if (fault) {
    if (fault === "unreachable") reportDatabaseDown();
    logFault(fault, error);
    error = unavailable();
  }
  if (error instanceof AppError) {
    const headers: HeadersInit = error.details?.retryAfterSeconds ? { "Retry-After": String(error.details.retryAfterSeconds) } : {};
    return Response.json(
      {
        error: error.message,
        ...(error.details?.fieldErrors ? { fieldErrors: error.details.fieldErrors } : {}),
        ...(error.details?.current !== undefined ? { current: error.details.current } : {}),
      },
      { status: error.status, headers },
    );
  }
  // Never the message: it may name tables, hosts or worse.
  console.error("[api] unexpected error", error);
  return Response.json({ error: "Something went wrong on our side. Please try again." }, { status: 500 });
}

// An outage fails every request at once: say why in the log, but once a second, not once a request.
let lastFaultLog = 0;
let faultsSince = 0;
function logFault(fault: string, error: unknown) {
  faultsSince += 1;
  const now = Date.now();
  if (now - lastFaultLog < 1000) return;
  const e = error as { code?: string; message?: string };
  console.error(`[api] answering 503 (database ${fault}; ${faultsSince} since the last line): ${e.code ?? ""} ${String(e.message ?? error).trim().split("\n").at(-1)}`);
  lastFaultLog = now;
  faultsSince = 0;
}

/**
 * Wraps a route handler: AppErrors become their status with a readable message, and
 * requests that change data must come from this site (Origin check: route handlers
 * get no CSRF protection of their own, unlike server actions).
 */
export function route<Ctx>(handler: (request: Request, context: Ctx) => Promise<Response>) {
  return async (request: Request, context: Ctx): Promise<Response> => {
    try {
      if (!["GET", "HEAD", "OPTIONS"].includes(request.method)) assertSameOrigin(request);
      return await handler(request, context);
    } catch (error) {
      return errorResponse(error);
    }
  };
}

export function assertSameOrigin(request: Request) {
  const origin = request.headers.get("origin");
  const host = request.headers.get("x-forwarded-host") ?? request.headers.get("host");
  let sameOrigin = false;
  try {
    sameOrigin = origin !== null && host !== null && new URL(origin).host === host;
  } catch {
    sameOrigin = false;
  }
  if (!sameOrigin) throw new AppError("BAD_REQUEST", "This request must come from the Study Circle site itself.");
}

export function fieldErrors(error: z.ZodError): Record<string, string[]> {
  return z.flattenError(error).fieldErrors as Record<string, string[]>;
}

/** Reads and validates a JSON body: 413 when too large, 400 with field errors when invalid. */
export async function readJson<T extends z.ZodType>(request: Request, schema: T): Promise<z.infer<T>> {
  return parseWith(schema, await readJsonObject(request));
}

/** The body as a plain JSON object, not yet validated. */
export async function readJsonObject(request: Request): Promise<Record<string, unknown>> {
  const text = await readBodyText(request, MAX_BODY_BYTES);
  let data: unknown;
  try {
    data = text ? JSON.parse(text) : {};
  } catch {
    throw new AppError("BAD_REQUEST", "The request body is not valid JSON.");
  }
  if (typeof data !== "object" || data === null || Array.isArray(data))
    throw new AppError("BAD_REQUEST", "The request body must be a JSON object.");
  return data as Record<string, unknown>;
}

/**
 * The body as text, refused (413) past `limit` bytes before it costs anything: at once
 * when Content-Length says so, else as soon as the bytes streamed in pass the limit (the
 * rest is never read). A client may send no Content-Length, or a false one.
 */
export async function readBodyText(request: Request, limit: number): Promise<string> {
  return Buffer.from(await readBodyBytes(request, limit)).toString("utf8");
}

/** The body's bytes, within `limit` as readBodyText; `tooLarge` says what the limit is to the person. */
export async function readBodyBytes(request: Request, limit: number, tooLargeMessage = "That request is too large."): Promise<Uint8Array<ArrayBuffer>> {
  const tooLarge = () => new AppError("TOO_LARGE", tooLargeMessage);
  const declared = Number(request.headers.get("content-length"));
  if (Number.isFinite(declared) && declared > limit) {
    void request.body?.cancel().catch(() => undefined);
    throw tooLarge();
  }
  if (!request.body) return new Uint8Array(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      void reader.cancel().catch(() => undefined);
      throw tooLarge();
    }
    chunks.push(value);
  }
  const body = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return body;
}

export function parseWith<T extends z.ZodType>(schema: T, data: unknown): z.infer<T> {
  const parsed = schema.safeParse(data);
  if (!parsed.success) {
    // A problem with the body as a whole (no field to put it under) becomes the message.
    const whole = z.flattenError(parsed.error).formErrors[0];
    throw new AppError("BAD_REQUEST", whole ?? "Some fields need attention.", { fieldErrors: fieldErrors(parsed.error) });
  }
  return parsed.data;
}

/**
 * Like parseWith, with each field error under its full path ("prompts.2.body"), for
 * forms that repeat a group of fields and must show the error beside the right one.
 */
export function parseWithPaths<T extends z.ZodType>(schema: T, data: unknown): z.infer<T> {
  const parsed = schema.safeParse(data);
  if (!parsed.success) {
    const errors: Record<string, string[]> = {};
    let whole: string | undefined;
    for (const issue of parsed.error.issues) {
      if (!issue.path.length) whole ??= issue.message;
      else (errors[issue.path.join(".")] ??= []).push(issue.message);
    }
    throw new AppError("BAD_REQUEST", whole ?? "Some fields need attention.", { fieldErrors: errors });
  }
  return parsed.data;
}
