// The server's edges in real Chromium against the real server (scripts/serve.ts): every
// main page works under the Content-Security-Policy with no violation reported; the
// security headers are on pages, cached pages and the API; the sign-in callback never
// leads away; large bodies are refused before they are read; the page cache keeps one
// entry however the query string is varied. See docs/security.md.
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import type { Page } from "@playwright/test";
import { parseText } from "@/lib/content/blocks";
import { ROOT, waitForHydration } from "./helpers";
import { addMember, createGroup, expect, expectStatus, json, newPerson, test } from "./fixtures";

const SLUG = "the-need-for-a-revolutionary-party";
const PARAGRAPHS = parseText(fs.readFileSync(path.join(ROOT, "content", "texts", `${SLUG}.md`), "utf8"), SLUG).blocks.filter(
  (b) => b.kind === "paragraph" && b.plainText.length > 150,
);

/** Every CSP violation the page reports, by event and in the console, from its first script on. */
async function watchViolations(page: Page): Promise<string[]> {
  const violations: string[] = [];
  await page.exposeFunction("__reportViolation", (line: string) => void violations.push(line));
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) => {
      (window as unknown as { __reportViolation: (line: string) => void }).__reportViolation(
        `${e.violatedDirective} blocked ${e.blockedURI || "inline"} (${e.sourceFile}:${e.lineNumber}) ${e.sample}`,
      );
    });
  });
  page.on("console", (message) => {
    if (/Content.Security.Policy|Refused to (execute|load|apply|evaluate|connect|frame)/i.test(message.text())) violations.push(message.text());
  });
  return violations;
}

function expectPageHeaders(headers: Record<string, string>, label: string) {
  const policy = headers["content-security-policy"] ?? "";
  expect(policy, label).toMatch(/script-src 'self' /);
  expect(/script-src[^;]*'unsafe-inline'/.test(policy), `${label}: ${policy}`).toBe(false);
  expect(/script-src[^;]*'unsafe-eval'/.test(policy), `${label}: ${policy}`).toBe(false);
  expect(policy, label).toContain("frame-ancestors 'none'");
  expect(policy, label).toContain("object-src 'none'");
  expect(headers["x-frame-options"], label).toBe("DENY");
  expect(headers["x-content-type-options"], label).toBe("nosniff");
  expect(headers["referrer-policy"], label).toBe("strict-origin-when-cross-origin");
  expect(headers["permissions-policy"], label).toContain("camera=()");
  // Served over plain http here: no HSTS (it would lock the host to https).
  expect(headers["strict-transport-security"], label).toBeUndefined();
}

test("the main pages work under the Content-Security-Policy, with no violation reported", async ({ signedUp, page }) => {
  test.setTimeout(120_000);
  const violations = await watchViolations(page);

  // A visitor: home, a reading page (twice: rendered, then from the page cache), sign-in.
  for (const url of ["/", `/texts/${SLUG}`, `/texts/${SLUG}`, "/sign-in"]) {
    const response = await page.goto(url);
    expect(response?.status(), url).toBe(200);
    expectPageHeaders(response!.headers(), url);
    await waitForHydration(page);
  }
  // Scripts really ran: the theme script and React both did their work.
  await page.goto(`/texts/${SLUG}`);
  await waitForHydration(page);
  await page.evaluate(() => localStorage.setItem("sc-theme", "dark"));
  await page.reload();
  await expect(page.locator("html")).toHaveAttribute("data-theme", "dark");

  // A member: the group, the reader with notes, a thread.
  const a = await signedUp(newPerson("csp", "Cass Policy"));
  const b = await signedUp(newPerson("csq", "Quin Policy"));
  const group = await createGroup(a);
  await addMember(a, group.id, b);
  const list = await json<{ text: { versionId: string } }>(await a.api.get(`/api/groups/${group.id}/annotations?text=${SLUG}`));
  const block = PARAGRAPHS[0]!;
  const created = await a.api.post(`/api/groups/${group.id}/annotations`, {
    id: crypto.randomUUID(),
    text: SLUG,
    kind: "question",
    body: "Does this still hold? <script>alert(1)</script>",
    anchor: { versionId: list.text.versionId, startBlockId: block.id, startOffset: 0, endBlockId: block.id, endOffset: 40, exact: block.plainText.slice(0, 40) },
  });
  await expectStatus(created, 201);
  const noteId = (await json<{ annotation: { id: string } }>(created)).annotation.id;
  await expectStatus(await a.api.post(`/api/groups/${group.id}/annotations/${noteId}/replies`, { id: crypto.randomUUID(), body: "It does." }), 201);

  const member = b.page;
  const memberViolations = await watchViolations(member);
  const groupPage = await member.goto(`/groups/${group.id}`);
  expectPageHeaders(groupPage!.headers(), "group");
  await waitForHydration(member);
  const reader = await member.goto(`/groups/${group.id}/texts/${SLUG}`);
  expectPageHeaders(reader!.headers(), "reader");
  await waitForHydration(member);
  await expect(member.locator("[data-annotation-layer]")).toHaveAttribute("data-state", "placed");
  const thread = await member.goto(`/groups/${group.id}/texts/${SLUG}?thread=${noteId}`);
  expectPageHeaders(thread!.headers(), "thread");
  await waitForHydration(member);
  await expect(member.getByRole("dialog").locator("[data-reply]")).toContainText("It does.");
  // The page is live: a reply typed here is sent (scripts, fetch and the stream all allowed).
  await member.getByRole("dialog").getByRole("textbox", { name: /Reply/ }).first().fill("Agreed.");
  await member.getByRole("dialog").getByRole("button", { name: "Reply", exact: true }).last().click();
  await expect(member.getByRole("dialog").locator("[data-reply]").filter({ hasText: "Agreed." })).toBeVisible();

  expect(violations).toEqual([]);
  expect(memberViolations).toEqual([]);
});

test("pages rendered per request carry a fresh nonce; cached reading pages carry their scripts' hashes", async ({ request }) => {
  const nonceOf = (policy: string) => /'nonce-([^']+)'/.exec(policy)?.[1];
  const first = (await request.get("/sign-in")).headers()["content-security-policy"]!;
  const second = (await request.get("/sign-in")).headers()["content-security-policy"]!;
  expect(nonceOf(first)).toBeTruthy();
  expect(nonceOf(first)).not.toBe(nonceOf(second));
  // A client cannot choose the nonce.
  const chosen = await request.get("/sign-in", { headers: { "content-security-policy": "script-src 'nonce-chosen'" } });
  expect(chosen.headers()["content-security-policy"]).not.toContain("nonce-chosen");
  expect(await chosen.text()).not.toContain('nonce="chosen"');

  await request.get(`/texts/${SLUG}`);
  const cached = await request.get(`/texts/${SLUG}`);
  expect(cached.headers()["x-study-circle-cache"]).toBe("HIT");
  const policy = cached.headers()["content-security-policy"]!;
  expect(policy).toMatch(/'sha256-[A-Za-z0-9+/=]+'/);
  expect(policy).not.toContain("nonce-");
  // A browser checking its copy gets a 304 that leaves the copy's policy as it was, from
  // whichever process answers (one that has not kept the page asks Next, which answers 304 too).
  const etag = cached.headers()["etag"];
  expect(etag).toBeTruthy();
  for (let i = 0; i < 6; i++) {
    const again = await request.get(`/texts/${SLUG}`, { headers: { "if-none-match": etag! } });
    expect(again.status()).toBe(304);
    expect(again.headers()["content-security-policy"]).toBeUndefined();
  }
});

test("the API and static files carry the security headers too", async ({ request }) => {
  const health = await request.get("/api/health");
  expect(health.headers()["x-content-type-options"]).toBe("nosniff");
  expect(health.headers()["x-frame-options"]).toBe("DENY");
  const html = await (await request.get(`/texts/${SLUG}`)).text();
  const script = /<script src="(\/_next\/static\/[^"]+\.js)"/.exec(html)?.[1];
  expect(script).toBeTruthy();
  const file = await request.get(script!);
  expect(file.headers()["x-content-type-options"]).toBe("nosniff");
});

test.describe("after signing in", () => {
  for (const trick of ["/\t/evil.example", "/\n/evil.example", "/%0A/evil.example", "/\\evil.example", "/.//evil.example", "//evil.example"]) {
    test(`callbackUrl ${JSON.stringify(trick)} stays on this site`, async ({ signedUp }) => {
      const a = await signedUp();
      const response = await a.api.get(`/sign-in?callbackUrl=${encodeURIComponent(trick)}`);
      expect([303, 307, 308]).toContain(response.status());
      const location = response.headers()["location"]!;
      expect(new URL(location, "http://localhost").host).toBe("localhost");
      expect(location.startsWith("//")).toBe(false);
    });
  }

  test("a raw newline in the address still gets a redirect to a safe page, not a 500", async ({ signedUp, baseURL }) => {
    const a = await signedUp();
    const cookie = (await a.context.cookies()).map((c) => `${c.name}=${c.value}`).join("; ");
    const { status, location } = await rawGet(baseURL!, "/sign-in?callbackUrl=/%0A/x", { cookie });
    expect([303, 307, 308]).toContain(status);
    expect(location).toBe("/groups");
  });
});

/** A request sent as written, for addresses and bodies a browser would not send. */
function rawGet(origin: string, pathAndQuery: string, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; location: string | undefined }>((resolve, reject) => {
    const url = new URL(origin);
    const req = http.request({ host: url.hostname, port: url.port, path: pathAndQuery, headers }, (res) => {
      res.resume();
      resolve({ status: res.statusCode!, location: res.headers.location });
    });
    req.on("error", reject);
    req.end();
  });
}

test("a large body is refused before it is read: 413 to a page and to the API", async ({ baseURL }) => {
  const url = new URL(baseURL!);
  const post = (pathname: string, declared: number, extra: Record<string, string> = {}) =>
    new Promise<number>((resolve, reject) => {
      const req = http.request(
        { host: url.hostname, port: url.port, path: pathname, method: "POST", headers: { "content-length": String(declared), "content-type": "text/plain", origin: baseURL!, ...extra } },
        (res) => {
          res.resume();
          resolve(res.statusCode!);
        },
      );
      req.on("error", reject);
      // Only a little of what was announced: the server must answer without waiting for the rest.
      req.write(Buffer.alloc(64 * 1024, 0x61));
    });
  expect(await post("/groups", 25 * 1024 * 1024, { "next-action": "0".repeat(40) })).toBe(413);
  expect(await post("/api/groups", 500 * 1024 * 1024)).toBe(413);
});

test("made-up query strings on a reading page are served from one cache entry", async ({ request }) => {
  await request.get(`/texts/${SLUG}`);
  for (let n = 0; n < 5; n++) {
    const response = await request.get(`/texts/${SLUG}?x=${n}-${Date.now()}`);
    expect(response.status()).toBe(200);
    expect(response.headers()["x-study-circle-cache"]).toBe("HIT");
  }
});

test("the outbox and the demo accounts are there on this machine (the server listens on localhost)", async ({ request }) => {
  expect((await request.get("/dev/outbox")).status()).toBe(200);
});
