// The headers every answer carries, and the Content-Security-Policy of pages: what a
// browser may run, load and embed on our behalf. Used by proxy.ts (a nonce per page,
// for pages rendered per request), by scripts/serve.ts (hashes of the inline scripts
// for pages rendered once and kept: a nonce cannot be cached) and by next.config.ts.
// See docs/security.md.
import { createHash } from "node:crypto";

/**
 * Runs before the first paint to apply the reader's saved theme and text size, so a dark
 * page never flashes white (app/layout.tsx). Allowed by its hash on every page.
 */
export const THEME_SCRIPT = `try{var d=document.documentElement,t=localStorage.getItem("sc-theme"),s=localStorage.getItem("sc-text-size");if(t)d.dataset.theme=t;if(s)d.dataset.textSize=s}catch(e){}`;

const sha256 = (text: string) => `'sha256-${createHash("sha256").update(text, "utf8").digest("base64")}'`;
const THEME_HASH = sha256(THEME_SCRIPT);

export type PolicyOptions = {
  /** Scripts carrying this nonce may run (pages rendered for this request). */
  nonce?: string;
  /** Inline scripts with these contents may run (pages rendered once and kept). */
  scriptHashes?: readonly string[];
  /** `next dev` evaluates code for its overlay and talks to its own socket. */
  dev?: boolean;
  /** Served over https: plain-http subresources are upgraded. */
  https?: boolean;
};

/**
 * No inline script runs unless Next or this app wrote it (nonce or hash): an injected
 * `<script>` or `onclick=` does nothing. Styles may be inline (React's style attributes);
 * scripts never. No site may frame a page (clickjacking), and forms post only here.
 */
export function contentSecurityPolicy({ nonce, scriptHashes = [], dev = false, https = false }: PolicyOptions): string {
  const script = ["'self'", ...(nonce ? [`'nonce-${nonce}'`] : []), THEME_HASH, ...scriptHashes, ...(dev ? ["'unsafe-eval'"] : [])];
  return [
    "default-src 'self'",
    `script-src ${[...new Set(script)].join(" ")}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src 'self'${dev ? " ws: wss:" : ""}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    ...(https ? ["upgrade-insecure-requests"] : []),
  ].join("; ");
}

/** The nonce a policy names, if any. */
export function nonceOf(policy: string | undefined): string | undefined {
  return policy ? /'nonce-([A-Za-z0-9+/_=-]+)'/.exec(policy)?.[1] : undefined;
}

/** A fresh nonce: 128 random bits. */
export function newNonce(): string {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64");
}

/** The hash sources of a page's inline scripts (those without src), for its policy. */
export function inlineScriptHashes(html: string): string[] {
  const hashes = new Set<string>();
  for (const match of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script\s*>/gi)) {
    const [, attributes = "", body = ""] = match;
    if (/\bsrc\s*=/i.test(attributes) || body === "") continue;
    hashes.add(sha256(body));
  }
  return [...hashes];
}

/** Headers for every answer, pages, API and files alike. */
export function securityHeaders({ https = false }: { https?: boolean } = {}): Record<string, string> {
  return {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
    // Only over https: a browser that has seen it refuses plain http to this host for a year.
    ...(https ? { "Strict-Transport-Security": "max-age=31536000; includeSubDomains" } : {}),
  };
}

/** Whether the deployment is served over https: its public address (NEXTAUTH_URL) says so. */
export const servedOverHttps = (siteUrl = process.env.NEXTAUTH_URL) => Boolean(siteUrl?.startsWith("https://"));
