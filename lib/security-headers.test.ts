import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { contentSecurityPolicy, inlineScriptHashes, newNonce, nonceOf, securityHeaders, servedOverHttps, THEME_SCRIPT } from "./security-headers";

const hash = (text: string) => `'sha256-${createHash("sha256").update(text).digest("base64")}'`;
const scriptSources = (policy: string) => /script-src ([^;]*)/.exec(policy)![1]!.split(" ");

describe("the Content-Security-Policy", () => {
  it("lets no inline script or eval run unless named, in production", () => {
    const policy = contentSecurityPolicy({ nonce: "abc" });
    expect(scriptSources(policy)).toEqual(["'self'", "'nonce-abc'", hash(THEME_SCRIPT)]);
    expect(policy).toContain("frame-ancestors 'none'");
    expect(policy).toContain("object-src 'none'");
    expect(policy).toContain("base-uri 'self'");
    expect(policy).not.toContain("upgrade-insecure-requests");
  });

  it("allows eval and the dev socket only under next dev, and upgrades requests over https", () => {
    expect(scriptSources(contentSecurityPolicy({ dev: true }))).toContain("'unsafe-eval'");
    expect(contentSecurityPolicy({ https: true })).toContain("upgrade-insecure-requests");
  });

  it("names the page's inline scripts by hash, not those loaded from a file", () => {
    const html = `<script>${THEME_SCRIPT}</script><script src="/a.js"></script><script nonce="x">self.__next_f.push([0])</script><script></script>`;
    expect(inlineScriptHashes(html)).toEqual([hash(THEME_SCRIPT), hash("self.__next_f.push([0])")]);
  });

  it("reads the nonce a policy names; nonces are fresh", () => {
    expect(nonceOf(contentSecurityPolicy({ nonce: "a+b/c==" }))).toBe("a+b/c==");
    expect(nonceOf(contentSecurityPolicy({}))).toBeUndefined();
    expect(newNonce()).not.toBe(newNonce());
    expect(Buffer.from(newNonce(), "base64")).toHaveLength(16);
  });
});

describe("the headers on every answer", () => {
  it("sends HSTS only over https", () => {
    expect(securityHeaders()).toMatchObject({ "X-Content-Type-Options": "nosniff", "X-Frame-Options": "DENY", "Referrer-Policy": "strict-origin-when-cross-origin" });
    expect(securityHeaders()["Strict-Transport-Security"]).toBeUndefined();
    expect(securityHeaders({ https: true })["Strict-Transport-Security"]).toMatch(/max-age=\d+/);
    expect(servedOverHttps("https://circle.example.org")).toBe(true);
    expect(servedOverHttps("http://localhost:3000")).toBe(false);
    expect(servedOverHttps("")).toBe(false);
  });
});
