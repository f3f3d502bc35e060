// Gives each page the Content-Security-Policy its scripts need. proxy.ts gives every page
// a fresh nonce, which Next writes on its scripts when it renders the page for this
// request. A page Next rendered earlier and kept (a reading page, the static 404) carries
// no nonce, or an old one, so its policy names its inline scripts' hashes instead; pages
// the page cache keeps always get hashes, since a nonce sent to everyone is no secret.
// The page's HTML is held until whole (these pages do not stream: no Suspense boundary
// in the app), then sent with the policy that fits.
import type { OutgoingHttpHeader, OutgoingHttpHeaders, ServerResponse } from "node:http";
import { contentSecurityPolicy, inlineScriptHashes, nonceOf } from "@/lib/security-headers";

/** The policy an HTML page needs: its own nonce's if it carries it, else its scripts' hashes. */
export function policyForPage(html: string, current: string | undefined, options: { https: boolean; cached: boolean }): string {
  const nonce = nonceOf(current);
  if (current && nonce && !options.cached && html.includes(`nonce="${nonce}"`)) return current;
  return contentSecurityPolicy({ scriptHashes: inlineScriptHashes(html), https: options.https });
}

/**
 * Holds an HTML answer until it is complete and sets its policy before it leaves; any
 * other answer (a redirect, RSC, JSON) passes straight through.
 */
export function holdPageHtml(res: ServerResponse, options: { https: boolean; cached: boolean }) {
  const writeHead = res.writeHead.bind(res) as (...args: unknown[]) => ServerResponse;
  const write = res.write.bind(res) as (...args: unknown[]) => boolean;
  const end = res.end.bind(res) as (...args: unknown[]) => ServerResponse;
  const flushHeaders = res.flushHeaders.bind(res);
  let mode: "undecided" | "hold" | "pass" = "undecided";
  const chunks: Buffer[] = [];
  const decide = () => {
    if (mode === "undecided") mode = /^text\/html/i.test(String(res.getHeader("content-type") ?? "")) ? "hold" : "pass";
    return mode;
  };
  const keep = (chunk: unknown, encoding: unknown) => {
    if (chunk === undefined || chunk === null || typeof chunk === "function") return;
    chunks.push(Buffer.isBuffer(chunk) ? chunk : typeof chunk === "string" ? Buffer.from(chunk, (typeof encoding === "string" ? encoding : "utf8") as BufferEncoding) : Buffer.from(chunk as Uint8Array));
  };

  // A 304 confirms the copy the browser holds, which came with the policy its scripts need.
  // The browser takes the 304's headers over that copy's, so it must not bring this
  // request's nonce policy: the kept page's scripts do not carry that nonce.
  const notModified = (status: number) => {
    if (status !== 304) return false;
    res.removeHeader("content-security-policy");
    mode = "pass";
    return true;
  };

  res.writeHead = ((status: number, ...rest: unknown[]) => {
    if (notModified(status)) {
      const headers = (typeof rest[0] === "string" ? rest[1] : rest[0]) as OutgoingHttpHeaders | OutgoingHttpHeader[] | undefined;
      if (headers && !Array.isArray(headers)) for (const name of Object.keys(headers)) if (name.toLowerCase() === "content-security-policy") delete headers[name];
      return writeHead(status, ...rest);
    }
    if (mode === "pass") return writeHead(status, ...rest);
    // Recorded, not written: the status and headers go out with the whole page.
    res.statusCode = status;
    const headers = (typeof rest[0] === "string" ? rest[1] : rest[0]) as OutgoingHttpHeaders | OutgoingHttpHeader[] | undefined;
    if (typeof rest[0] === "string") res.statusMessage = rest[0];
    if (Array.isArray(headers)) for (let i = 0; i + 1 < headers.length; i += 2) res.setHeader(String(headers[i]), headers[i + 1] as string);
    else if (headers) for (const [name, value] of Object.entries(headers)) if (value !== undefined) res.setHeader(name, value);
    if (decide() === "pass") return writeHead(res.statusCode);
    return res;
  }) as typeof res.writeHead;
  res.flushHeaders = () => {
    if (decide() === "pass") flushHeaders();
  };
  res.write = ((chunk: unknown, ...rest: unknown[]) => {
    if (decide() === "pass") return write(chunk, ...rest);
    keep(chunk, rest[0]);
    const callback = rest.find((arg) => typeof arg === "function") as (() => void) | undefined;
    callback?.();
    return true;
  }) as typeof res.write;
  res.end = ((chunk?: unknown, ...rest: unknown[]) => {
    if (!res.headersSent && notModified(res.statusCode)) return end(chunk, ...rest);
    if (decide() === "pass") return end(chunk, ...rest);
    keep(chunk, rest[0]);
    mode = "pass";
    const html = Buffer.concat(chunks);
    if (html.length) res.setHeader("content-security-policy", policyForPage(html.toString("utf8"), res.getHeader("content-security-policy") as string | undefined, options));
    const callback = [chunk, ...rest].find((arg) => typeof arg === "function") as (() => void) | undefined;
    return html.length ? end(html, callback) : end(callback);
  }) as typeof res.end;
}
