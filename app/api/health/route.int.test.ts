import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { freshDatabase, type TestDatabase } from "@/scripts/lib/test-database";

let test: TestDatabase;
beforeAll(async () => {
  test = await freshDatabase();
});
afterAll(async () => {
  await test.drop();
});

/** The route handler as the app would load it, against the given database. */
async function healthWith(databaseUrl: string) {
  vi.resetModules();
  vi.stubEnv("DATABASE_URL", databaseUrl);
  delete (globalThis as { db?: unknown }).db; // lib/db.ts reuses a client across reloads
  const { GET } = await import("./route");
  return GET();
}

describe("GET /api/health", () => {
  it("answers 200 when the database is reachable", async () => {
    const response = await healthWith(test.url);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: "ok", database: "reachable" });
  });

  it("answers 503, without error details, when it is not", async () => {
    const response = await healthWith("postgresql://nobody:secret@127.0.0.1:1/nothing");
    expect(response.status).toBe(503);
    const body = await response.text();
    expect(JSON.parse(body)).toEqual({ status: "unavailable", database: "unreachable" });
    expect(body).not.toMatch(/ECONNREFUSED|secret|127\.0\.0\.1/);
  });
});
