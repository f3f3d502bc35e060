import { describe, expect, it } from "vitest";
import { encode } from "next-auth/jwt";
import { decodeRemembered, rememberedTokenCount } from "./token-cache";

const secret = "a-test-secret-that-is-long-enough-0123456789";

describe("decodeRemembered", () => {
  it("opens a token like next-auth's decode, and the second time from memory", async () => {
    const token = await encode({ token: { sid: "s1", sub: "u1" }, secret, maxAge: 60 });
    const before = rememberedTokenCount();
    const first = await decodeRemembered({ token, secret });
    expect(first).toMatchObject({ sid: "s1", sub: "u1" });
    expect(rememberedTokenCount()).toBe(before + 1);
    expect(await decodeRemembered({ token, secret })).toEqual(first);
    expect(rememberedTokenCount()).toBe(before + 1);
  });

  it("does not open a token under another secret, even one it has seen", async () => {
    const token = await encode({ token: { sid: "s2" }, secret, maxAge: 60 });
    await decodeRemembered({ token, secret });
    await expect(decodeRemembered({ token, secret: `${secret}-rotated` })).rejects.toThrow();
  });

  it("refuses an expired token and does not remember it", async () => {
    const expired = await encode({ token: { sid: "s3" }, secret, maxAge: -60 });
    const before = rememberedTokenCount();
    await expect(decodeRemembered({ token: expired, secret })).rejects.toThrow();
    expect(rememberedTokenCount()).toBe(before);
  });

  it("returns null for no token", async () => {
    expect(await decodeRemembered({ token: undefined, secret })).toBeNull();
  });
});
