// The back-off's arithmetic: free failures, then 30 s doubling up to 15 minutes.
import { describe, expect, it } from "vitest";
import { RULES, waitFor } from "./backoff-rules";

const now = new Date("2026-01-01T12:00:00Z");
const ago = (seconds: number) => new Date(now.getTime() - seconds * 1000);

describe("waitFor", () => {
  it("no wait within the free failures", () => {
    for (let failures = 0; failures < RULES.account.free; failures += 1) expect(waitFor(RULES.account, failures, now, now)).toBe(0);
  });

  it("30 s after the fifth failure, then doubling, never past 15 minutes", () => {
    expect(waitFor(RULES.account, 5, now, now)).toBe(30);
    expect(waitFor(RULES.account, 6, now, now)).toBe(60);
    expect(waitFor(RULES.account, 7, now, now)).toBe(120);
    expect(waitFor(RULES.account, 10, now, now)).toBe(900);
    expect(waitFor(RULES.account, 50, now, now)).toBe(900);
  });

  it("counts the time since the last failure", () => {
    expect(waitFor(RULES.account, 5, ago(20), now)).toBe(10);
    expect(waitFor(RULES.account, 5, ago(30), now)).toBe(0);
  });

  it("forgets failures after a long quiet", () => {
    expect(waitFor(RULES.account, 50, ago(RULES.account.forgetAfterSeconds), now)).toBe(0);
    expect(waitFor(RULES.address, 50, ago(RULES.address.forgetAfterSeconds), now)).toBe(0);
  });
});
