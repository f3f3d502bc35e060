import { createHash } from "node:crypto";
import http from "node:http";
import { describe, expect, it } from "vitest";
import { contentSecurityPolicy, THEME_SCRIPT } from "@/lib/security-headers";
import { holdPageHtml, policyForPage } from "./page-policy";

const hash = (text: string) => `'sha256-${createHash("sha256").update(text).digest("base64")}'`;
const page = (nonce?: string) =>
  `<!doctype html><html><head><script>${THEME_SCRIPT}</script><script src="/_next/static/chunks/a.js" async${nonce ? ` nonce="${nonce}"` : ""}></script></head>` +
  `<body><p>A text</p><script${nonce ? ` nonce="${nonce}"` : ""}>self.__next_f.push([1,"a"])</script></body></html>`;

describe("the policy a page is sent with", () => {
  it("keeps the nonce policy of a page rendered for this request", () => {
    const policy = contentSecurityPolicy({ nonce: "abc123" });
    expect(policyForPage(page("abc123"), policy, { https: false, cached: false })).toBe(policy);
  });

  it("names the inline scripts' hashes for a page rendered earlier, without the nonce it cannot carry", () => {
    const policy = policyForPage(page(), contentSecurityPolicy({ nonce: "fresh" }), { https: false, cached: false });
    expect(policy).toContain(hash('self.__next_f.push([1,"a"])'));
    expect(policy).toContain(hash(THEME_SCRIPT));
    expect(policy).not.toContain("nonce-");
    expect(/script-src[^;]*unsafe-inline/.test(policy)).toBe(false);
  });

  it("gives a page the cache keeps hashes, even if it was rendered with this request's nonce", () => {
    const policy = policyForPage(page("old"), contentSecurityPolicy({ nonce: "old" }), { https: false, cached: true });
    expect(policy).not.toContain("nonce-");
    expect(policy).toContain(hash('self.__next_f.push([1,"a"])'));
  });
});

describe("holding a page until it is whole", () => {
  async function serve(handler: http.RequestListener) {
    const server = http.createServer(handler);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as { port: number };
    return {
      origin: `http://127.0.0.1:${port}`,
      close: async () => {
        server.closeAllConnections();
        await new Promise((resolve) => server.close(resolve));
      },
    };
  }

  it("sends a streamed HTML page whole, with the policy its scripts need", async () => {
    const server = await serve((_req, res) => {
      holdPageHtml(res, { https: false, cached: false });
      res.setHeader("content-security-policy", contentSecurityPolicy({ nonce: "n1" }));
      res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
      res.flushHeaders();
      const html = page();
      res.write(html.slice(0, 50));
      setTimeout(() => res.end(html.slice(50)), 10);
    });
    try {
      const reply = await fetch(server.origin);
      expect(await reply.text()).toBe(page());
      expect(reply.status).toBe(200);
      const policy = reply.headers.get("content-security-policy")!;
      expect(policy).toContain(hash('self.__next_f.push([1,"a"])'));
      expect(policy).not.toContain("nonce-n1");
    } finally {
      await server.close();
    }
  });

  it("lets anything but HTML through untouched", async () => {
    const server = await serve((_req, res) => {
      holdPageHtml(res, { https: false, cached: false });
      res.writeHead(307, { location: "/sign-in" });
      res.end();
    });
    try {
      const reply = await fetch(server.origin, { redirect: "manual" });
      expect(reply.status).toBe(307);
      expect(reply.headers.get("location")).toBe("/sign-in");
      expect(reply.headers.get("content-security-policy")).toBeNull();
    } finally {
      await server.close();
    }
  });

  it("sends a 304 without this request's nonce policy, which would replace the kept page's own", async () => {
    for (const how of ["writeHead", "statusCode"] as const) {
      const server = await serve((_req, res) => {
        holdPageHtml(res, { https: false, cached: false });
        res.setHeader("content-security-policy", contentSecurityPolicy({ nonce: "n2" }));
        res.setHeader("content-type", "text/html; charset=utf-8");
        res.setHeader("etag", '"v1"');
        if (how === "writeHead") res.writeHead(304, { "content-security-policy": contentSecurityPolicy({ nonce: "n3" }) });
        else res.statusCode = 304;
        res.end();
      });
      try {
        const reply = await fetch(server.origin, { headers: { "if-none-match": '"v1"' } });
        expect(reply.status, how).toBe(304);
        expect(reply.headers.get("etag"), how).toBe('"v1"');
        expect(reply.headers.get("content-security-policy"), how).toBeNull();
      } finally {
        await server.close();
      }
    }
  });
});
