// One error type for the domain, with codes the HTTP layer maps to statuses.
// Messages are written for people; anything that is not an AppError is reported
// as a generic failure and its message never leaves the server.
export type ErrorCode =
  | "BAD_REQUEST"
  | "UNAUTHENTICATED"
  | "NOT_FOUND"
  | "CONFLICT"
  | "GONE"
  | "TOO_LARGE"
  | "UNSUPPORTED"
  | "UNPROCESSABLE"
  | "RATE_LIMITED"
  | "UNAVAILABLE";

const STATUS: Record<ErrorCode, number> = {
  BAD_REQUEST: 400,
  UNAUTHENTICATED: 401,
  NOT_FOUND: 404,
  CONFLICT: 409,
  GONE: 410,
  TOO_LARGE: 413,
  UNSUPPORTED: 415,
  UNPROCESSABLE: 422,
  RATE_LIMITED: 429,
  UNAVAILABLE: 503,
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

/** What people are told while the database cannot be reached (or is too busy to answer). */
export const UNAVAILABLE_MESSAGE = "We can’t reach the library right now. Nothing you wrote is lost — please try again in a moment.";
/** How long a client should wait before trying again after a 503. */
export const RETRY_AFTER_SECONDS = 5;

export const unavailable = () => new AppError("UNAVAILABLE", UNAVAILABLE_MESSAGE, { retryAfterSeconds: RETRY_AFTER_SECONDS });

// Errors that say the database could not answer — it is down, restarting, unreachable,
// out of connections, or too busy to start a transaction in time — rather than that the
// request was wrong. They must never be reported as "not found" or "signed out": they
// become 503 with Retry-After, and the client tries again. They arrive in several shapes:
// Prisma's errors (with the driver adapter's cause in `meta`), pg's own errors (the LISTEN
// connection, scripts) and Node's socket errors.
//
// "unreachable": no connection could be made or kept. "busy": the database (or this
// process) answered too slowly or asked for a retry; it is there, only loaded.
export type DatabaseFault = "unreachable" | "busy";

const PRISMA_CODES: Record<string, DatabaseFault> = {
  P1001: "unreachable", // can't reach the database server
  P1002: "unreachable", // the server timed out
  P1008: "busy", // operations timed out
  P1017: "unreachable", // the server closed the connection
  P2024: "busy", // timed out waiting for a connection from the pool
  P2028: "busy", // a transaction could not start, or was closed, in time
  P2034: "busy", // a write conflict or deadlock: the transaction may simply be tried again
};
const ADAPTER_KINDS: Record<string, DatabaseFault> = {
  DatabaseNotReachable: "unreachable",
  ConnectionClosed: "unreachable",
  SocketTimeout: "unreachable",
  TooManyConnections: "busy",
  TransactionWriteConflict: "busy",
};
// SQLSTATE classes 08 (connection exception) and 57P01–57P03 (shut down by an
// administrator, crash, cannot connect now); 53 (insufficient resources) and
// 40001/40P01 (serialization failure, deadlock: try again).
const PG_UNREACHABLE = /^(08\w{3}|57P0[1-3])$/;
const PG_BUSY = /^(53\w{3}|40001|40P01)$/;
const SOCKET_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH"]);
const UNREACHABLE_MESSAGES = /Connection terminated|not queryable|Can't reach database|Server has closed the connection/i;
// "timeout exceeded when trying to connect": every pooled connection was busy for too long.
const BUSY_MESSAGES = /Unable to start a transaction in the given time|Transaction already closed|timeout exceeded when trying to connect/i;

/** Whether (and how) an error says the database could not answer; null for any other error. */
export function databaseFault(error: unknown, depth = 0): DatabaseFault | null {
  if (!error || typeof error !== "object" || depth > 6) return null;
  if (error instanceof AppError) return error.code === "UNAVAILABLE" ? "unreachable" : null;
  const e = error as { code?: unknown; kind?: unknown; message?: unknown; cause?: unknown; meta?: { driverAdapterError?: unknown } };
  if (typeof e.code === "string") {
    if (PRISMA_CODES[e.code]) return PRISMA_CODES[e.code]!;
    if (PG_UNREACHABLE.test(e.code) || SOCKET_CODES.has(e.code)) return "unreachable";
    if (PG_BUSY.test(e.code)) return "busy";
  }
  if (typeof e.kind === "string" && ADAPTER_KINDS[e.kind]) return ADAPTER_KINDS[e.kind]!;
  if (typeof e.message === "string") {
    if (UNREACHABLE_MESSAGES.test(e.message)) return "unreachable";
    if (BUSY_MESSAGES.test(e.message)) return "busy";
  }
  return databaseFault(e.meta?.driverAdapterError, depth + 1) ?? databaseFault(e.cause, depth + 1);
}

export function isDatabaseUnavailable(error: unknown): boolean {
  return databaseFault(error) !== null;
}
