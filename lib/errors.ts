// One error type for the domain, with codes the HTTP layer maps to statuses.
// Messages are written for people; anything that is not an AppError is reported
// as a generic failure and its message never leaves the server.
export type ErrorCode = "BAD_REQUEST" | "UNAUTHENTICATED" | "NOT_FOUND" | "CONFLICT" | "GONE" | "TOO_LARGE" | "RATE_LIMITED";

const STATUS: Record<ErrorCode, number> = {
  BAD_REQUEST: 400,
  UNAUTHENTICATED: 401,
  NOT_FOUND: 404,
  CONFLICT: 409,
  GONE: 410,
  TOO_LARGE: 413,
  RATE_LIMITED: 429,
};

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: {
      fieldErrors?: Record<string, string[]>;
      retryAfterSeconds?: number;
      /** The newer copy a conflicting edit lost to, shown to the person who made it. */
      current?: unknown;
    },
  ) {
    super(message);
    this.name = "AppError";
  }

  get status(): number {
    return STATUS[this.code];
  }
}

/** A group, invitation or person that does not exist, or that this user may not know exists. */
export const notFound = (what = "That page") => new AppError("NOT_FOUND", `${what} was not found.`);
