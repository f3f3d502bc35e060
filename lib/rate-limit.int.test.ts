// Fixed-window rate limits kept in Postgres, against a real database.
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { refused } from "@/lib/groups/test-fixtures";
import { clientAddress, consume, type Limit } from "./rate-limit";

const limit = (max: number, windowSeconds = 60): Limit => ({ key: `test:${randomUUID()}`, max, windowSeconds });
const countOf = async (key: string) => (await db.rateLimit.findUnique({ where: { key } }))?.count ?? 0;

describe("consume", () => {
  it("counts per key and allows up to the maximum, then refuses with RATE_LIMITED and a wait", async () => {
    const l = limit(3, 15 * 60);
    for (let i = 1; i <= 3; i += 1) {
      await consume([l], "Slow down.");
      expect(await countOf(l.key)).toBe(i);
    }
    const error = await refused(consume([l], "Slow down."), "RATE_LIMITED");
    expect(error.status).toBe(429);
    expect(error.message).toBe("Slow down. Try again in 15 minutes.");
    expect(error.details?.retryAfterSeconds).toBeGreaterThan(0);
    expect(error.details?.retryAfterSeconds).toBeLessThanOrEqual(15 * 60);
    // Still refused on the next try.
    await refused(consume([l], "Slow down."), "RATE_LIMITED");
  });

  it("says “1 minute”, not “1 minutes”, for a short window", async () => {
    const l = limit(1, 60);
    await consume([l], "Wait.");
    const error = await refused(consume([l], "Wait."), "RATE_LIMITED");
    expect(error.message).toBe("Wait. Try again in 1 minute.");
    expect(error.details?.retryAfterSeconds).toBeGreaterThan(0);
    expect(error.details?.retryAfterSeconds).toBeLessThanOrEqual(60);
  });

  it("keeps separate keys independent", async () => {
    const a = limit(1);
    const b = limit(1);
    await consume([a], "A");
    await refused(consume([a], "A"), "RATE_LIMITED");
    await expect(consume([b], "B")).resolves.toBeUndefined();
    expect(await countOf(b.key)).toBe(1);
  });

  it("refuses when any one of several limits is over, counting against all of them", async () => {
    const loose = limit(100);
    const tight = limit(1, 120);
    await consume([loose, tight], "Too many.");
    const error = await refused(consume([loose, tight], "Too many."), "RATE_LIMITED");
    expect(error.message).toBe("Too many. Try again in 2 minutes.");
    expect(await countOf(loose.key)).toBe(2);
    expect(await countOf(tight.key)).toBe(2);
  });

  it("starts a new window once the old one has passed", async () => {
    const l = limit(2, 60);
    await consume([l], "x");
    await consume([l], "x");
    await refused(consume([l], "x"), "RATE_LIMITED");
    await db.rateLimit.update({ where: { key: l.key }, data: { windowStart: new Date(Date.now() - 61_000) } });
    await expect(consume([l], "x")).resolves.toBeUndefined();
    const row = await db.rateLimit.findUniqueOrThrow({ where: { key: l.key } });
    expect(row.count).toBe(1);
    expect(Date.now() - row.windowStart.getTime()).toBeLessThan(10_000);
    await consume([l], "x");
    await refused(consume([l], "x"), "RATE_LIMITED");
  });

  it("does not reset while the window is still open", async () => {
    const l = limit(1, 60);
    await consume([l], "x");
    await db.rateLimit.update({ where: { key: l.key }, data: { windowStart: new Date(Date.now() - 50_000) } });
    const error = await refused(consume([l], "x"), "RATE_LIMITED");
    expect(error.details?.retryAfterSeconds).toBeGreaterThan(0);
    expect(error.details?.retryAfterSeconds).toBeLessThanOrEqual(11);
  });

  it("counts 50 concurrent attempts exactly", async () => {
    const l = limit(1000);
    await Promise.all(Array.from({ length: 50 }, () => consume([l], "x")));
    expect(await countOf(l.key)).toBe(50);
  });

  it("lets exactly the maximum through when attempts arrive at once", async () => {
    const l = limit(10);
    const results = await Promise.allSettled(Array.from({ length: 50 }, () => consume([l], "x")));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(10);
    for (const r of results) if (r.status === "rejected") expect((r.reason as AppError).code).toBe("RATE_LIMITED");
    expect(await countOf(l.key)).toBe(50);
  });

  it("treats a key as data, not SQL", async () => {
    const l: Limit = { key: `x'); DELETE FROM "RateLimit"; --${randomUUID()}`, max: 5, windowSeconds: 60 };
    const other = limit(5);
    await consume([other], "x");
    await consume([l], "x");
    expect(await countOf(l.key)).toBe(1);
    expect(await countOf(other.key)).toBe(1);
  });
});

describe("clientAddress", () => {
  // scripts/serve.ts puts the connection's address in x-study-circle-client, replacing
  // whatever the client sent under that name, and says so (STUDY_CIRCLE_CLIENT_HEADER=serve).
  const SERVE = { serve: true, trustProxy: false };
  const BARE = { serve: false, trustProxy: false };
  const PROXY = { serve: false, trustProxy: true };

  it("under serve.ts, reads the address it recorded, trimmed", () => {
    expect(clientAddress(new Headers({ "x-study-circle-client": "203.0.113.7" }), SERVE)).toBe("203.0.113.7");
    expect(clientAddress(new Headers({ "x-study-circle-client": " 2001:db8::1 " }), SERVE)).toBe("2001:db8::1");
    expect(clientAddress(new Headers({ "X-Study-Circle-Client": "203.0.113.9" }), SERVE)).toBe("203.0.113.9");
  });

  it("under serve.ts, ignores x-forwarded-for and x-real-ip (serve.ts already read what counts)", () => {
    expect(clientAddress(new Headers({ "x-forwarded-for": "203.0.113.7", "x-real-ip": "198.51.100.1" }), SERVE)).toBe("unknown");
    expect(
      clientAddress(new Headers({ "x-forwarded-for": "1.2.3.4", "x-real-ip": "5.6.7.8", "x-study-circle-client": "10.0.0.5" }), SERVE),
    ).toBe("10.0.0.5");
    expect(clientAddress({ "x-forwarded-for": "203.0.113.7, 10.0.0.1", "x-real-ip": "198.51.100.2" }, SERVE)).toBe("unknown");
  });

  it("without serve.ts, the header is just something a client typed: it counts for nothing", () => {
    expect(clientAddress(new Headers({ "x-study-circle-client": "203.0.113.7" }), BARE)).toBe("unknown");
    expect(clientAddress({ "x-study-circle-client": "203.0.113.7", "x-forwarded-for": "198.51.100.1" }, BARE)).toBe("unknown");
  });

  it("without serve.ts but with TRUST_PROXY=1, X-Forwarded-For's last entry (the proxy's own) counts, never the header", () => {
    expect(clientAddress(new Headers({ "x-forwarded-for": "6.6.6.6, 203.0.113.7" }), PROXY)).toBe("203.0.113.7");
    expect(clientAddress({ "x-forwarded-for": " 203.0.113.8 " }, PROXY)).toBe("203.0.113.8");
    expect(clientAddress({ "x-study-circle-client": "6.6.6.6" }, PROXY)).toBe("unknown");
  });

  it("the test process is neither serve.ts nor behind a proxy, so by default nothing a client sends counts", () => {
    expect(clientAddress(new Headers({ "x-study-circle-client": "203.0.113.7", "x-forwarded-for": "203.0.113.8" }))).toBe("unknown");
  });

  it("is “unknown” without the header, or with an empty one", () => {
    expect(clientAddress(new Headers(), SERVE)).toBe("unknown");
    expect(clientAddress(new Headers({ "x-study-circle-client": "   " }), SERVE)).toBe("unknown");
    expect(clientAddress({}, SERVE)).toBe("unknown");
    expect(clientAddress({ "x-study-circle-client": undefined }, SERVE)).toBe("unknown");
    expect(clientAddress({ "x-study-circle-client": "" }, SERVE)).toBe("unknown");
    expect(clientAddress({ "x-forwarded-for": "" }, PROXY)).toBe("unknown");
  });

  it("reads Node-style header records, taking the first of repeated values", () => {
    expect(clientAddress({ "x-study-circle-client": "203.0.113.7" }, SERVE)).toBe("203.0.113.7");
    expect(clientAddress({ "x-study-circle-client": [" 203.0.113.8 ", "10.0.0.1"] }, SERVE)).toBe("203.0.113.8");
  });
});
