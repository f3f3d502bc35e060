import { describe, expect, it } from "vitest";
import { AppError, databaseFault, isDatabaseUnavailable } from "./errors";

// The shapes below are those Prisma 7 with @prisma/adapter-pg and pg 8 really produce
// (seen with a stopped Postgres and one shut down mid-query); e2e/faults.spec.ts meets
// them for real.
describe("databaseFault", () => {
  it("finds an unreachable database in Prisma's errors, whatever the shape", () => {
    const refused = { code: "P1001", meta: { driverAdapterError: { name: "DriverAdapterError", cause: { kind: "DatabaseNotReachable", host: "127.0.0.1", port: 5432 } } } };
    const rawRefused = { code: "P2010", meta: { driverAdapterError: { name: "DriverAdapterError", cause: { kind: "DatabaseNotReachable" } } } };
    const shutDown = { code: "P2010", meta: { driverAdapterError: { cause: { kind: "postgres", code: "57P01", message: "terminating connection due to administrator command" } } } };
    const closed = { code: "P1017", message: "Server has closed the connection." };
    for (const error of [refused, rawRefused, shutDown, closed]) expect(databaseFault(error)).toBe("unreachable");
  });

  it("finds pg's and Node's own connection errors, also as a cause", () => {
    expect(databaseFault(Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" }))).toBe("unreachable");
    expect(databaseFault(new Error("Connection terminated unexpectedly"))).toBe("unreachable");
    expect(databaseFault(new Error("Client has encountered a connection error and is not queryable"))).toBe("unreachable");
    expect(databaseFault(new Error("wrapped", { cause: { code: "08006" } }))).toBe("unreachable");
  });

  it("tells a busy database (try again) from an unreachable one", () => {
    expect(databaseFault({ code: "P2024", message: "Timed out fetching a new connection from the connection pool." })).toBe("busy");
    expect(databaseFault({ code: "P2028", message: "Transaction API error: Unable to start a transaction in the given time." })).toBe("busy");
    expect(databaseFault({ code: "P2010", meta: { driverAdapterError: { cause: { kind: "TooManyConnections" } } } })).toBe("busy");
    expect(databaseFault({ code: "40P01" })).toBe("busy");
  });

  it("leaves every other error alone: those are the request's fault or a bug, not an outage", () => {
    const unique = { code: "P2002", meta: { driverAdapterError: { cause: { kind: "UniqueConstraintViolation" } } } };
    const syntax = { code: "P2010", meta: { driverAdapterError: { cause: { kind: "postgres", code: "42601" } } } };
    for (const error of [unique, syntax, new Error("boom"), new AppError("NOT_FOUND", "That group was not found."), null, "text", 42])
      expect(isDatabaseUnavailable(error)).toBe(false);
  });

  it("does not loop on an error that is its own cause", () => {
    const loop: { message: string; cause?: unknown } = { message: "again" };
    loop.cause = loop;
    expect(databaseFault(loop)).toBeNull();
  });
});
