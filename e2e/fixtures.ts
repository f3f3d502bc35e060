// Fixtures for the accounts, groups and permissions tests: people who sign up through the
// real form and confirm their address by the mailed link (from /dev/outbox), sign in through next-auth's own credentials endpoint (no form each time),
// and groups built through the real API. Every browser context and request context gets
// its own X-Forwarded-For (the server trusts it under TRUST_PROXY=1), so the per-address
// rate limits count per context and never trip across tests.
import { randomBytes, randomInt } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import {
  expect,
  test as base,
  type APIRequestContext,
  type APIResponse,
  type Browser,
  type BrowserContext,
  type Page,
} from "@playwright/test";
import { resolveDataDir } from "../scripts/lib/embedded-postgres";
import { ROOT, waitForHydration } from "./helpers";

export const PASSWORD = "read together slowly";
export const DESKTOP = { width: 1440, height: 900 };

export type Person = { name: string; email: string; password: string };
export type User = Person & { id: string };

/** A random client address (10/8), one per context. */
export const randomAddress = () => `10.${randomInt(256)}.${randomInt(256)}.${randomInt(1, 255)}`;

const suffix = () => `${Date.now()}-${randomBytes(4).toString("hex")}`;
export const uniqueEmail = (prefix = "user") => `${prefix}-${suffix()}@example.org`;
export const uniqueName = (prefix = "Group") => `${prefix} ${suffix()}`;

export function newPerson(prefix = "reader", name?: string): Person {
  return { name: name ?? `${prefix[0]!.toUpperCase()}${prefix.slice(1)} Tester`, email: uniqueEmail(prefix), password: PASSWORD };
}

// ── HTTP ────────────────────────────────────────────────────────────────────────

type SendOptions = {
  /** A JSON value (sent as application/json), or a raw string/Buffer sent as it is. */
  data?: unknown;
  /** The Origin header: this site by default; null sends none. */
  origin?: string | null;
  headers?: Record<string, string>;
};

/**
 * The API as a browser on this site would call it: mutating requests carry this site's
 * Origin (lib/http.ts refuses them otherwise). Redirects are never followed, so a
 * status is what the server really answered.
 */
export class Api {
  constructor(
    readonly request: APIRequestContext,
    readonly origin: string,
  ) {}

  get(url: string, headers: Record<string, string> = {}) {
    return this.request.get(url, { maxRedirects: 0, headers });
  }

  send(method: "POST" | "PATCH" | "PUT" | "DELETE", url: string, options: SendOptions = {}) {
    const origin = options.origin === undefined ? this.origin : options.origin;
    const headers: Record<string, string> = { ...(origin === null ? {} : { Origin: origin }), ...options.headers };
    let data: string | Buffer | undefined;
    // A string goes as a Buffer: Playwright would JSON-encode a string that is not valid JSON.
    if (typeof options.data === "string") data = Buffer.from(options.data);
    else if (Buffer.isBuffer(options.data)) data = options.data;
    else if (options.data !== undefined) {
      data = JSON.stringify(options.data);
      headers["Content-Type"] ??= "application/json";
    }
    return this.request.fetch(url, { method, headers, data, maxRedirects: 0 });
  }

  post = (url: string, data?: unknown, options: Omit<SendOptions, "data"> = {}) => this.send("POST", url, { ...options, data });
  patch = (url: string, data?: unknown, options: Omit<SendOptions, "data"> = {}) => this.send("PATCH", url, { ...options, data });
  put = (url: string, data?: unknown, options: Omit<SendOptions, "data"> = {}) => this.send("PUT", url, { ...options, data });
  delete = (url: string, options: Omit<SendOptions, "data"> = {}) => this.send("DELETE", url, options);
}

/** Parses a JSON body, failing with the body in the message when it is not JSON. */
export async function json<T = Record<string, unknown>>(response: APIResponse): Promise<T> {
  const text = await response.text();
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new Error(`expected JSON from ${response.url()} (${response.status()}), got: ${text.slice(0, 300)}`);
  }
}

/** Expects a status, showing the body when it is something else. */
export async function expectStatus(response: APIResponse, status: number, label = "") {
  const body = response.status() === status ? "" : (await response.text()).slice(0, 500);
  expect(response.status(), `${label} ${response.url()} → ${body}`.trim()).toBe(status);
}

/** What must never reach a client: stack frames, raw error names, the ORM, connection errors. */
const LEAKS: [string, RegExp][] = [
  ["a stack frame", /(^|\n)\s*at [\w$.<>[\] ]+(\(|:\d)|\bat (async )?[\w$.]+ \(.*:\d+:\d+\)/],
  ["'Error:'", /\bError:/],
  ["prisma", /prisma/i],
  ["ECONN…", /ECONN/],
  ["a file path", /\/(work|home|app|usr)\/[\w./-]+\.(ts|js|tsx|mjs)/],
];

export function expectNoLeak(body: string, label: string) {
  for (const [what, pattern] of LEAKS) expect(pattern.test(body), `${label}: body contains ${what}: ${body.slice(0, 400)}`).toBe(false);
}

// ── People ──────────────────────────────────────────────────────────────────────

export type Actor = {
  context: BrowserContext;
  page: Page;
  api: Api;
  /** This context's own client address. */
  address: string;
};

export type SignedIn = Actor & { user: User };

export async function openActor(browser: Browser, baseURL: string, viewport = DESKTOP): Promise<Actor> {
  const address = randomAddress();
  const context = await browser.newContext({ baseURL, viewport, extraHTTPHeaders: { "X-Forwarded-For": address } });
  const page = await context.newPage();
  return { context, page, api: new Api(context.request, baseURL), address };
}

/** Fills the sign-up form and submits it; what happens next is the caller's to check. */
export async function fillSignUp(page: Page, person: Partial<Person>) {
  await waitForHydration(page);
  const form = page.getByRole("main");
  await form.getByLabel("Your name", { exact: true }).fill(person.name ?? "");
  await form.getByLabel("Email", { exact: true }).fill(person.email ?? "");
  await form.getByLabel("Password", { exact: true }).fill(person.password ?? "");
  await form.getByRole("button", { name: "Create account" }).click();
}

/**
 * Signs up as a person does: the form, the confirmation mail (read from /dev/outbox), its
 * link and button. Then signs in (without the form: accounts.spec.ts tests that one) and
 * goes where the sign-in page would have sent them.
 */
export async function signUp(page: Page, person: Person, callbackUrl?: string) {
  await page.goto(callbackUrl ? `/sign-up?callbackUrl=${encodeURIComponent(callbackUrl)}` : "/sign-up");
  await signUpHere(page, person);
  if (callbackUrl) await expect(page).toHaveURL(new RegExp(`${escapeRegExp(callbackUrl)}$`));
}

/** On a sign-up page already open (from an invitation, say): signs up, confirms by mail, signs in and goes on. */
export async function signUpHere(page: Page, person: Person) {
  // A sign-up is now a mail round trip and two more pages: the test gets that much more time.
  base.info().setTimeout(base.info().timeout + 15_000);
  await fillSignUp(page, person);
  await expectCheckYourMail(page, person.email);
  await confirmByMail(page, person.email);
  const next = new URL(page.url()).searchParams.get("callbackUrl") ?? "/groups";
  await signIn(page.context(), person.email, person.password);
  await page.goto(next);
}

/** The sign-up form's answer, the same whether or not the address has an account. */
export async function expectCheckYourMail(page: Page, email: string) {
  const status = page.getByRole("main").getByRole("status");
  await expect(status.getByRole("heading", { name: "Check your mail" })).toBeVisible({ timeout: 20_000 });
  await expect(status).toContainText(email.trim().toLowerCase());
}

const decodeHtml = (html: string) =>
  html
    .replace(/<!-- -->/g, "")
    .replace(/<[^>]+>/g, "")
    .replace(/&quot;/g, '"')
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");

/**
 * The newest mail to this address with this subject, from /dev/outbox. Read as plain HTML
 * rather than in a tab: on a busy machine every page a sign-up renders counts.
 */
export async function mailTo(context: BrowserContext, email: string, subject: string): Promise<{ text: string; link: string | null }> {
  const response = await context.request.get("/dev/outbox");
  await expectStatus(response, 200, "outbox");
  const to = `To ${email.trim().toLowerCase()} ·`;
  for (const chunk of (await response.text()).split("<article").slice(1)) {
    const article = chunk.slice(0, chunk.indexOf("</article>"));
    const heading = /<h2[^>]*>([\s\S]*?)<\/h2>/.exec(article)?.[1];
    const text = decodeHtml(article.slice(article.indexOf(">") + 1));
    if (!heading || decodeHtml(heading) !== subject || !text.includes(to)) continue;
    const href = /<a [^>]*href="([^"]+)"/.exec(article)?.[1];
    return { text, link: href ? decodeHtml(href) : null };
  }
  throw new Error(`no mail “${subject}” to ${email} in /dev/outbox`);
}

export const CONFIRM_SUBJECT = "Confirm your address for Study Circle";

/** The confirmation link mailed to this address. */
export async function confirmationLink(context: BrowserContext, email: string): Promise<string> {
  const { link } = await mailTo(context, email, CONFIRM_SUBJECT);
  expect(link, `a confirmation link for ${email}`).toMatch(/\/confirm\/[A-Za-z0-9_-]{43}$/);
  return link!;
}

/** Follows the mailed confirmation link and presses its button; ends on the sign-in page. */
export async function confirmByMail(page: Page, email: string) {
  const link = await confirmationLink(page.context(), email);
  await page.goto(link);
  await waitForHydration(page);
  await page.getByRole("button", { name: "Confirm my address" }).click();
  await expect(page).toHaveURL(/\/sign-in\?confirmed=1/, { timeout: 20_000 });
}

/** Signs in through the form on the sign-in page already open, and waits to have moved on. */
export async function signInHere(page: Page, email: string, password: string) {
  await waitForHydration(page);
  const form = page.getByRole("main").locator("form").first();
  await form.getByLabel("Email", { exact: true }).fill(email);
  await form.getByLabel("Password", { exact: true }).fill(password);
  await form.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page).not.toHaveURL(/\/sign-in/, { timeout: 20_000 });
}

export type SignInResult = { ok: true } | { ok: false; error: string };

/**
 * Signs in without the form, as next-auth 4 documents it: a CSRF token from
 * /api/auth/csrf, then the credentials posted form-encoded with json=true. With a
 * browser context's request context, the session cookie lands in that browser context.
 */
export async function trySignIn(target: BrowserContext | APIRequestContext, email: string, password: string): Promise<SignInResult> {
  const request = "request" in target ? target.request : target;
  const { csrfToken } = await json<{ csrfToken: string }>(await request.get("/api/auth/csrf"));
  const response = await request.post("/api/auth/callback/credentials", {
    form: { csrfToken, email, password, json: "true", callbackUrl: "/groups" },
    maxRedirects: 0,
  });
  const { url } = await json<{ url: string }>(response);
  const error = new URL(url, "http://x").searchParams.get("error");
  return error ? { ok: false, error } : { ok: true };
}

export async function signIn(target: BrowserContext | APIRequestContext, email: string, password: string): Promise<User> {
  const result = await trySignIn(target, email, password);
  expect(result, `sign-in as ${email}`).toEqual({ ok: true });
  const user = await sessionUser(target);
  expect(user?.email, `session after signing in as ${email}`).toBe(email.toLowerCase());
  return { ...user!, password };
}

/** The signed-in person as next-auth reports them, or null. */
export async function sessionUser(target: BrowserContext | APIRequestContext): Promise<Omit<User, "password"> | null> {
  const request = "request" in target ? target.request : target;
  const session = await json<{ user?: { id: string; name: string; email: string } }>(await request.get("/api/auth/session"));
  return session.user ?? null;
}

/** A new browser context whose person has signed up through the form (and so is signed in). */
export async function signedUpActor(browser: Browser, baseURL: string, person: Person = newPerson()): Promise<SignedIn> {
  const actor = await openActor(browser, baseURL);
  await signUp(actor.page, person);
  const user = await sessionUser(actor.context);
  expect(user, `signed in after signing up as ${person.email}`).not.toBeNull();
  return { ...actor, user: { ...user!, password: person.password } };
}

// ── Groups ──────────────────────────────────────────────────────────────────────

export type Group = { id: string; name: string };
export type Invite = { id: string; url: string; token: string; expiresAt: string };

export async function createGroup(facilitator: Actor, name = uniqueName("Group"), description = ""): Promise<Group> {
  const response = await facilitator.api.post("/api/groups", { name, description });
  await expectStatus(response, 201, "create group");
  return (await json<{ group: Group }>(response)).group;
}

export async function createInvite(
  facilitator: Actor,
  groupId: string,
  body: Record<string, unknown> = { expiresInDays: 7 },
): Promise<Invite> {
  const response = await facilitator.api.post(`/api/groups/${groupId}/invites`, body);
  await expectStatus(response, 201, "create invite");
  const { invite } = await json<{ invite: Omit<Invite, "token"> }>(response);
  return { ...invite, token: tokenOf(invite.url) };
}

export const tokenOf = (url: string) => new URL(url).pathname.split("/").at(-1)!;

export async function acceptInvite(actor: Actor, token: string): Promise<string> {
  const response = await actor.api.post(`/api/invites/${token}`);
  await expectStatus(response, 200, "accept invite");
  return (await json<{ groupId: string }>(response)).groupId;
}

/** Brings someone into the group in a role: a fresh link, accepted, then promoted if need be. */
export async function addMember(facilitator: Actor, groupId: string, who: SignedIn, role: "member" | "facilitator" = "member") {
  const invite = await createInvite(facilitator, groupId);
  expect(await acceptInvite(who, invite.token)).toBe(groupId);
  if (role === "facilitator") {
    const response = await facilitator.api.patch(`/api/groups/${groupId}/members/${who.user.id}`, { role });
    await expectStatus(response, 200, "promote");
  }
}

export type Member = { id: string; name: string; email: string; role: "facilitator" | "member" };

export async function membersOf(actor: Actor, groupId: string): Promise<Member[]> {
  const response = await actor.api.get(`/api/groups/${groupId}/members`);
  await expectStatus(response, 200, "list members");
  return (await json<{ members: (Member & { joinedAt: string })[] }>(response)).members.map(({ id, name, email, role }) => ({
    id,
    name,
    email,
    role,
  }));
}

export async function myGroups(actor: Actor) {
  const response = await actor.api.get("/api/groups");
  await expectStatus(response, 200, "list groups");
  return (await json<{ groups: { id: string; name: string; role: string; memberCount: number }[] }>(response)).groups;
}

// ── The test database (for what no API can do, such as an invitation from the past) ──

/** The embedded Postgres the e2e server runs on (playwright.config.ts: --data-dir .data/e2e-postgres). */
export async function withDatabase<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const dataDir = resolveDataDir(path.join(ROOT, ".data", "e2e-postgres"));
  const port = Number(fs.readFileSync(path.join(dataDir, "postmaster.pid"), "utf8").split("\n")[3]);
  const client = new pg.Client({ connectionString: `postgresql://studycircle:studycircle@127.0.0.1:${port}/studycircle` });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export function escapeRegExp(value: string) {
  return value.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

// ── The test object ───────────────────────────────────────────────────────────────

type Fixtures = {
  /** A new browser context with its own address (closed after the test). */
  newActor: () => Promise<Actor>;
  /** A new browser context whose person signed up through the form. */
  signedUp: (person?: Person) => Promise<SignedIn>;
};

export const test = base.extend<Fixtures>({
  // The default context and request fixtures get an address of their own for each test.
  extraHTTPHeaders: async ({}, use) => {
    await use({ "X-Forwarded-For": randomAddress() });
  },
  viewport: DESKTOP,

  newActor: async ({ browser, baseURL }, use) => {
    const opened: Actor[] = [];
    await use(async () => {
      const actor = await openActor(browser, baseURL!);
      opened.push(actor);
      return actor;
    });
    for (const actor of opened) await actor.context.close();
  },

  signedUp: async ({ browser, baseURL }, use) => {
    const opened: Actor[] = [];
    await use(async (person = newPerson()) => {
      const actor = await signedUpActor(browser, baseURL!, person);
      opened.push(actor);
      return actor;
    });
    for (const actor of opened) await actor.context.close();
  },
});

export { expect };
