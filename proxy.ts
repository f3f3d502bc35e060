// Runs before every page is rendered: gives the page a fresh nonce and the
// Content-Security-Policy that names it. Next reads the nonce from the request's policy
// header and puts it on every script it writes, so only those run. Pages rendered once
// and kept (the reading pages) cannot carry a per-request nonce: scripts/serve.ts gives
// those a policy with their inline scripts' hashes instead. See lib/security-headers.ts.
import { NextResponse, type NextRequest } from "next/server";
import { contentSecurityPolicy, newNonce, securityHeaders, servedOverHttps } from "@/lib/security-headers";

export function proxy(request: NextRequest) {
  const https = servedOverHttps();
  const policy = contentSecurityPolicy({ nonce: newNonce(), dev: process.env.NODE_ENV === "development", https });
  // Whatever a client sent under this name is replaced: the nonce is ours to choose.
  const headers = new Headers(request.headers);
  headers.set("content-security-policy", policy);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set("content-security-policy", policy);
  for (const [name, value] of Object.entries(securityHeaders({ https }))) response.headers.set(name, value);
  return response;
}

export const config = {
  matcher: [
    {
      // Pages only: not the API, Next's files, or files with an extension.
      source: "/((?!api/|_next/|.*\\.\\w{2,5}$).*)",
      // A prefetch is not a page being shown: no nonce needed.
      missing: [
        { type: "header", key: "next-router-prefetch" },
        { type: "header", key: "purpose", value: "prefetch" },
      ],
    },
  ],
};
