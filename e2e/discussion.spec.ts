// Discussion in real Chromium against the real app: three members in three browsers.
// A asks a question in the margin; B replies and mentions C with the keyboard-driven
// autocomplete; C's unread count goes up, the inbox shows the mention, and opening it
// lands on the thread with B's reply in view; A marks B's reply as the answer and, as
// the group's facilitator, pins the thread; `npm run digest` mails C exactly that once.
// Then the general discussion, reactions, folding deep branches, and bad input.
import { execFile } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import type { Page } from "@playwright/test";
import { parseText } from "@/lib/content/blocks";
import { resolveDataDir } from "../scripts/lib/embedded-postgres";
import { ROOT, SCREENSHOT_DIR, expectNoAxeViolations, waitForHydration } from "./helpers";
import { addMember, createGroup, expect, expectStatus, json, newPerson, test, withDatabase, type SignedIn } from "./fixtures";

const run = promisify(execFile);
const SLUG = "the-need-for-a-revolutionary-party";
const PARAGRAPHS = parseText(fs.readFileSync(path.join(ROOT, "content", "texts", `${SLUG}.md`), "utf8"), SLUG).blocks.filter(
  (b) => b.kind === "paragraph" && b.plainText.length > 150,
);
const readerUrl = (groupId: string) => `/groups/${groupId}/texts/${SLUG}`;

async function openReader(page: Page, groupId: string, query = "") {
  await page.goto(readerUrl(groupId) + query);
  await waitForHydration(page);
  await expect(page.locator("[data-annotation-layer]")).toHaveAttribute("data-state", "placed");
}

/** The unread count in the header, as a number (0 when there is no badge). */
async function unreadBadge(page: Page): Promise<number> {
  const link = page.locator("[data-inbox-link]");
  await expect(link).toBeVisible();
  const badge = link.locator("[data-unread]");
  return (await badge.count()) ? Number(await badge.getAttribute("data-unread")) : 0;
}

/** Runs the digest command against the browser tests' database, as a scheduler would. */
async function digest(frequency: "daily" | "weekly") {
  const dataDir = resolveDataDir(path.join(ROOT, ".data", "e2e-postgres"));
  const port = Number(fs.readFileSync(path.join(dataDir, "postmaster.pid"), "utf8").split("\n")[3]);
  const { stdout } = await run("npx", ["tsx", "--conditions=react-server", "scripts/digest.ts", frequency], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: `postgresql://studycircle:studycircle@127.0.0.1:${port}/studycircle`, NODE_ENV: "production" },
  });
  return stdout;
}

const mailsTo = (email: string) =>
  withDatabase(async (db) => (await db.query<{ subject: string; text: string; html: string }>('SELECT subject, text, html FROM "OutboxMessage" WHERE "to" = $1 ORDER BY "createdAt"', [email])).rows);

test.describe("a question, a reply with a mention, the inbox, the answer and the digest", () => {
  test("three members talk it through", async ({ signedUp }) => {
    test.setTimeout(120_000);
    const a = await signedUp(newPerson("ama", "Ama Asante"));
    const b = await signedUp(newPerson("bo", "Bo Lindqvist"));
    const c = await signedUp(newPerson("cyd", "Cyd Moreau"));
    const group = await createGroup(a);
    await addMember(a, group.id, b);
    await addMember(a, group.id, c);

    // C is on their groups page; nothing is waiting yet.
    await c.page.goto("/groups");
    expect(await unreadBadge(c.page)).toBe(0);

    // A asks a question on a paragraph.
    await openReader(a.page, group.id);
    const block = PARAGRAPHS[1]!;
    await a.page.locator(`[id="${block.id}"] [data-para-note]`).click();
    const composer = a.page.locator("[data-composer]");
    await composer.getByRole("radio", { name: "Question" }).click();
    await composer.getByRole("textbox", { name: /^Your (comment|question)$/ }).fill("Is a party the only way to keep a movement going?");
    await composer.getByRole("button", { name: "Ask question" }).click();
    const card = a.page.locator("[data-margin] [data-note]").first();
    await expect(card).toContainText("Is a party the only way");
    await expect(card.locator("[data-open-thread]")).toHaveText(/Reply/);

    // The group's page counts the note and its open question.
    await b.page.goto(`/groups/${group.id}`);
    await expect(b.page.getByRole("region", { name: "The library" }).getByRole("link", { name: /The Need for a Revolutionary Party/ })).toContainText(
      "1 note · 1 open question",
    );

    // B opens the thread from the margin and replies, naming C through the autocomplete.
    await openReader(b.page, group.id);
    await b.page.locator("[data-margin] [data-open-thread]").first().click();
    const drawer = b.page.getByRole("dialog");
    await expect(drawer.getByRole("heading", { level: 2 })).toContainText("Question");
    const reply = drawer.getByRole("textbox", { name: "Reply to the thread" });
    await reply.click();
    await reply.pressSequentially("Not the only way. @Cy");
    const suggestions = drawer.getByRole("listbox", { name: "Members to mention" });
    await expect(suggestions.getByRole("option")).toHaveText(["CMCyd Moreau"]);
    await reply.press("Enter");
    await expect(reply).toHaveValue("Not the only way. @Cyd Moreau ");
    await reply.pressSequentially("what did your union do?");
    await reply.press("Control+Enter");
    const bReply = drawer.locator("[data-reply]").first();
    await expect(bReply).toContainText("what did your union do?");
    await expect(bReply.locator("[data-mention]")).toHaveText("@Cyd Moreau");
    const replyId = (await bReply.getAttribute("data-reply"))!;

    // C moves on to another page: the badge shows the new item.
    await c.page.goto(`/groups/${group.id}`);
    await expect.poll(() => unreadBadge(c.page)).toBe(1);
    await c.page.locator("[data-inbox-link]").click();
    await expect(c.page).toHaveURL(/\/inbox$/);
    const items = c.page.locator("[data-notification]");
    await expect(items).toHaveCount(1);
    await expect(items.first()).toContainText("Bo Lindqvist mentioned you");
    await expect(items.first()).toContainText("what did your union do?");
    await expectNoAxeViolations(c.page, "inbox");
    await c.page.screenshot({ path: path.join(SCREENSHOT_DIR, "discussion-inbox.png") });

    // Opening it lands on the thread, B's reply in view and focused; the count goes down.
    await items.first().getByRole("link").click();
    await expect(c.page).toHaveURL(new RegExp(`thread=.*&reply=${replyId}`));
    const target = c.page.locator(`[data-reply="${replyId}"]`);
    await expect(target).toBeInViewport();
    await expect(target).toBeFocused();
    await expect.poll(() => unreadBadge(c.page)).toBe(0);
    await c.page.screenshot({ path: path.join(SCREENSHOT_DIR, "discussion-thread.png") });

    // A marks B's reply as the answer, and as facilitator pins the thread.
    await openReader(a.page, group.id);
    await expect(a.page.locator("[data-margin] [data-open-thread]").first()).toHaveText(/1 reply/);
    await a.page.locator("[data-margin] [data-open-thread]").first().click();
    const aDrawer = a.page.getByRole("dialog");
    await aDrawer.locator(`[data-reply="${replyId}"]`).getByRole("button", { name: "Mark as answer" }).click();
    await expect(aDrawer.locator(`[data-reply="${replyId}"]`)).toHaveAttribute("data-answer", "");
    await expect(aDrawer).toContainText("Answered");
    await aDrawer.getByRole("button", { name: "Pin" }).click();
    await expect(aDrawer.getByRole("button", { name: "Pinned" })).toHaveAttribute("aria-pressed", "true");
    await aDrawer.getByRole("button", { name: "Close" }).first().click();
    await expect(card).toContainText("Answered");
    await expect(card).toContainText("Pinned");
    // The filters: pinned shows it, open questions no longer do.
    await a.page.getByLabel("Which threads to show").selectOption("pinned");
    await expect(a.page.locator("[data-margin] [data-note]")).toHaveCount(1);
    await a.page.getByLabel("Which threads to show").selectOption("open");
    await expect(a.page.locator("[data-margin] [data-note]")).toHaveCount(0);

    // B hears that the question... is A's, so nobody is told about A's own marks; B's inbox has A's nothing.
    // The daily digest: C gets exactly the mention, once.
    const before = (await mailsTo(c.user.email)).length;
    await digest("daily");
    const mails = await mailsTo(c.user.email);
    expect(mails).toHaveLength(before + 1);
    const mail = mails.at(-1)!;
    expect(mail.text).toContain(group.name);
    expect(mail.text).toContain("The Need for a Revolutionary Party");
    expect(mail.text.match(/^\* /gm), "one item").toHaveLength(1);
    expect(mail.text).toContain("Bo Lindqvist mentioned you");
    expect(mail.text).toContain(`${readerUrl(group.id)}?thread=`);
    expect(mail.text).toContain(`&reply=${replyId}`);
    await digest("daily");
    expect(await mailsTo(c.user.email), "not twice").toHaveLength(before + 1);
  });
});

test.describe("threads", () => {
  async function world(signedUp: (p?: ReturnType<typeof newPerson>) => Promise<SignedIn>) {
    const a = await signedUp(newPerson("fac", "Fern Facil"));
    const b = await signedUp(newPerson("mem", "Milo Member"));
    const group = await createGroup(a);
    await addMember(a, group.id, b);
    const list = await json<{ text: { versionId: string } }>(await a.api.get(`/api/groups/${group.id}/annotations?text=${SLUG}`));
    const block = PARAGRAPHS[0]!;
    const note = await a.api.post(`/api/groups/${group.id}/annotations`, {
      id: crypto.randomUUID(),
      text: SLUG,
      kind: "comment",
      body: "A long conversation starts here.",
      anchor: { versionId: list.text.versionId, startBlockId: block.id, startOffset: 0, endBlockId: block.id, endOffset: 40, exact: block.plainText.slice(0, 40) },
    });
    await expectStatus(note, 201);
    const noteId = (await json<{ annotation: { id: string } }>(note)).annotation.id;
    return { a, b, group, noteId };
  }

  test("deep branches fold, reactions toggle with who reacted, and a deleted reply keeps its replies", async ({ signedUp }) => {
    const { a, b, group, noteId } = await world(signedUp);
    const replyTo = async (who: SignedIn, parent: string, body: string) => {
      const response = await who.api.post(`/api/groups/${group.id}/annotations/${parent}/replies`, { id: crypto.randomUUID(), body });
      await expectStatus(response, 201, "reply");
      return (await json<{ reply: { id: string } }>(response)).reply.id;
    };
    let parent = noteId;
    const chain: string[] = [];
    for (let depth = 1; depth <= 6; depth++) {
      parent = await replyTo(depth % 2 ? b : a, parent, `Level ${depth}`);
      chain.push(parent);
    }
    await openReader(a.page, group.id, `?thread=${noteId}`);
    const drawer = a.page.getByRole("dialog");
    await expect(drawer.locator("[data-reply]")).toHaveCount(3);
    await drawer.getByRole("button", { name: "Show 3 replies" }).click();
    await expect(drawer.locator("[data-reply]")).toHaveCount(6);
    await expect(drawer.locator(`[data-reply="${chain[5]}"]`)).toContainText("↳ Milo Member");

    // Reactions: on, counted with a name, off again.
    const first = drawer.locator(`[data-reply="${chain[0]}"]`);
    await first.getByRole("button", { name: "React" }).click();
    await first.getByRole("button", { name: "Same question" }).click();
    await expect(first.locator('[data-reaction="same"]')).toHaveAttribute("aria-label", "Same question, 1: you");
    await first.locator('[data-reaction="same"]').click();
    await expect(first.locator('[data-reaction="same"]')).toHaveCount(0);

    // B deletes level 1: it stays as "deleted" with its replies under it; Undo brings it back.
    await openReader(b.page, group.id, `?thread=${noteId}`);
    const bDrawer = b.page.getByRole("dialog");
    await bDrawer.locator(`[data-reply="${chain[0]}"]`).getByRole("button", { name: "Delete" }).click();
    await expect(bDrawer.locator(`[data-reply="${chain[0]}"]`)).toHaveText(/This reply was deleted/);
    await expect(bDrawer.locator(`[data-reply="${chain[1]}"]`)).toContainText("Level 2");
    await b.page.getByRole("button", { name: "Undo" }).click();
    await expect(bDrawer.locator(`[data-reply="${chain[0]}"]`)).toContainText("Level 1");
    await expectNoAxeViolations(b.page, "thread panel");
  });

  test("the general discussion: start a titled thread and reply to it", async ({ signedUp }) => {
    const { a, b, group } = await world(signedUp);
    await openReader(b.page, group.id);
    await b.page.getByRole("button", { name: /^Discussion/ }).click();
    const drawer = b.page.getByRole("dialog");
    await expect(drawer).toContainText("No discussions yet.");
    await drawer.getByRole("button", { name: "Start a discussion" }).click();
    await drawer.getByLabel("Title").fill("What would the author say about today?");
    await drawer.getByLabel("First message").fill("Fifty years on, does the argument hold?");
    await drawer.getByRole("button", { name: "Start discussion" }).click();
    await expect(drawer.getByRole("heading", { level: 2 })).toContainText("What would the author say about today?");
    await expect(b.page).toHaveURL(/thread=/);

    await openReader(a.page, group.id, "?discussion");
    const list = a.page.getByRole("dialog");
    await expect(list.locator("[data-discussion]")).toHaveCount(1);
    await list.locator("[data-discussion]").click();
    await list.getByRole("textbox", { name: "Reply to the thread" }).fill("It holds, with changes.");
    await list.getByRole("button", { name: "Reply", exact: true }).last().click();
    await expect(list.locator("[data-reply]")).toContainText("It holds, with changes.");
    await list.getByRole("button", { name: "← All discussions" }).click();
    await expect(list.locator("[data-discussion]")).toContainText("1 reply");
  });

  test("bad input: replies to what may not be replied to, bad reactions and states — clear errors, nothing stored", async ({ signedUp }) => {
    const { a, b, group, noteId } = await world(signedUp);
    const g = `/api/groups/${group.id}`;
    const list = await json<{ text: { versionId: string } }>(await a.api.get(`${g}/annotations?text=${SLUG}`));
    const block = PARAGRAPHS[2]!;
    const anchor = { versionId: list.text.versionId, startBlockId: block.id, startOffset: 0, endBlockId: block.id, endOffset: 20, exact: block.plainText.slice(0, 20) };
    const privateNote = (await json<{ annotation: { id: string } }>(await a.api.post(`${g}/annotations`, { id: crypto.randomUUID(), text: SLUG, kind: "comment", body: "Mine.", visibility: "private", anchor }))).annotation.id;
    const highlight = (await json<{ annotation: { id: string } }>(await a.api.post(`${g}/annotations`, { id: crypto.randomUUID(), text: SLUG, kind: "highlight", anchor }))).annotation.id;
    const hidden = (await json<{ annotation: { id: string } }>(await b.api.post(`${g}/annotations`, { id: crypto.randomUUID(), text: SLUG, kind: "comment", body: "To hide.", anchor }))).annotation.id;
    await expectStatus(await a.api.patch(`${g}/annotations/${hidden}`, { hidden: true }), 200);
    const gone = (await json<{ annotation: { id: string } }>(await b.api.post(`${g}/annotations`, { id: crypto.randomUUID(), text: SLUG, kind: "comment", body: "To delete.", anchor }))).annotation.id;
    await expectStatus(await b.api.delete(`${g}/annotations/${gone}`), 204);

    const thread = async () => json(await a.api.get(`${g}/threads/${noteId}`));
    const before = await thread();
    const cases: [string, () => Promise<import("@playwright/test").APIResponse>, number, RegExp][] = [
      ["reply to another's private note", () => b.api.post(`${g}/annotations/${privateNote}/replies`, { id: crypto.randomUUID(), body: "Hi" }), 404, /not found/],
      ["reply to a deleted note", () => a.api.post(`${g}/annotations/${gone}/replies`, { id: crypto.randomUUID(), body: "Hi" }), 404, /not found/],
      ["reply to a hidden note (as its author)", () => b.api.post(`${g}/annotations/${hidden}/replies`, { id: crypto.randomUUID(), body: "Hi" }), 409, /hidden/],
      ["reply to a highlight", () => a.api.post(`${g}/annotations/${highlight}/replies`, { id: crypto.randomUUID(), body: "Hi" }), 409, /highlight/],
      ["an empty reply", () => a.api.post(`${g}/annotations/${noteId}/replies`, { id: crypto.randomUUID(), body: "   " }), 400, /Some fields/],
      ["a reply without an id", () => a.api.post(`${g}/annotations/${noteId}/replies`, { body: "Hi" }), 400, /Some fields/],
      ["a reply over the limit", () => a.api.post(`${g}/annotations/${noteId}/replies`, { id: crypto.randomUUID(), body: "x".repeat(10_001) }), 413, /too long/],
      ["an unknown reaction", () => a.api.send("PUT", `${g}/annotations/${noteId}/reactions/dance`), 400, /reaction is one of/],
      ["an answer on a comment", () => a.api.patch(`${g}/threads/${noteId}`, { answerId: noteId }), 404, /not found/],
      ["no change named", () => a.api.patch(`${g}/threads/${noteId}`, { colour: "red" }), 400, /Send one change/],
      ["pinned not a boolean", () => a.api.patch(`${g}/threads/${noteId}`, { pinned: "yes" }), 400, /Some fields/],
      ["a discussion without a title", () => a.api.post(`${g}/discussions`, { id: crypto.randomUUID(), text: SLUG, title: " ", body: "Hi" }), 400, /Some fields/],
      ["a discussion of an unknown text", () => a.api.post(`${g}/discussions`, { id: crypto.randomUUID(), text: "no-such-text", title: "T", body: "Hi" }), 404, /not found/],
      ["notifications: neither ids nor all", () => a.api.patch("/api/notifications", { read: true }), 400, /Send one of/],
    ];
    for (const [label, send, status, message] of cases) {
      const response = await send();
      await expectStatus(response, status, label);
      const body = await json<{ error: string; fieldErrors?: Record<string, string[]> }>(response);
      expect(body.error, label).toMatch(message);
    }
    const empty = await json<{ fieldErrors: Record<string, string[]> }>(await a.api.post(`${g}/annotations/${noteId}/replies`, { id: crypto.randomUUID(), body: "" }));
    expect(empty.fieldErrors.body).toEqual(["Write your reply."]);
    expect(await thread(), "nothing stored").toEqual(before);
    // Reaction spam is idempotent.
    for (let i = 0; i < 5; i++) await expectStatus(await b.api.send("PUT", `${g}/annotations/${noteId}/reactions/agree`), 200);
    const after = await json<{ thread: { reactions: { kind: string; people: { id: string }[] }[] } }>(await a.api.get(`${g}/threads/${noteId}`));
    expect(after.thread.reactions).toEqual([{ kind: "agree", people: [{ id: b.user.id, name: b.user.name }] }]);
  });

  test("threads export as W3C annotations: replies have motivation replying and target their parent", async ({ signedUp }) => {
    const { a, b, group, noteId } = await world(signedUp);
    const g = `/api/groups/${group.id}`;
    const r1 = (await json<{ reply: { id: string } }>(await b.api.post(`${g}/annotations/${noteId}/replies`, { id: crypto.randomUUID(), body: "One" }))).reply.id;
    const r2 = (await json<{ reply: { id: string } }>(await a.api.post(`${g}/annotations/${r1}/replies`, { id: crypto.randomUUID(), body: "Two" }))).reply.id;
    const response = await a.api.get(`${g}/threads/${noteId}`, { Accept: "application/ld+json" });
    await expectStatus(response, 200);
    expect(response.headers()["content-type"]).toContain("application/ld+json");
    const collection = await json<{ type: string; total: number; first: { items: { id: string; motivation: string; target: unknown; body?: { value: string } }[] } }>(response);
    expect(collection.type).toBe("AnnotationCollection");
    expect(collection.total).toBe(3);
    const iri = (id: string) => expect.stringMatching(new RegExp(`/api/groups/${group.id}/annotations/${id}$`));
    expect(collection.first.items.map((i) => [i.motivation, i.body?.value])).toEqual([
      ["commenting", "A long conversation starts here."],
      ["replying", "One"],
      ["replying", "Two"],
    ]);
    expect(collection.first.items[1]!.target).toEqual(iri(noteId));
    expect(collection.first.items[2]!.target).toEqual(iri(r1));
    expect(collection.first.items[2]!.id).toEqual(iri(r2));

    // The text's export holds the whole conversation too: the note and both replies.
    const page = await json<{ items: { id: string; motivation: string }[] }>(
      await a.api.get(`${g}/annotations?text=${SLUG}`, { Accept: "application/ld+json" }),
    );
    expect(page.items.map((i) => i.motivation)).toEqual(["commenting", "replying", "replying"]);
  });
});

test("a thread opened from a link on a desk leaves the page where it was: the header at the top, nothing above it", async ({ signedUp }) => {
  const a = await signedUp(newPerson("lin", "Lina Linked"));
  const group = await createGroup(a);
  const list = await json<{ text: { versionId: string } }>(await a.api.get(`/api/groups/${group.id}/annotations?text=${SLUG}`));
  const noteOn = async (paragraph: number) => {
    const block = PARAGRAPHS[paragraph]!;
    const created = await a.api.post(`/api/groups/${group.id}/annotations`, {
      id: crypto.randomUUID(),
      text: SLUG,
      kind: "comment",
      body: `A note on paragraph ${paragraph + 1}.`,
      anchor: { versionId: list.text.versionId, startBlockId: block.id, startOffset: 0, endBlockId: block.id, endOffset: 30, exact: block.plainText.slice(0, 30) },
    });
    await expectStatus(created, 201);
    return (await json<{ annotation: { id: string } }>(created)).annotation.id;
  };
  const first = await noteOn(0);
  const later = await noteOn(PARAGRAPHS.length - 1);
  /** Where the page's top and its header are on screen, and how far the page is scrolled. */
  const layout = () =>
    a.page.evaluate(() => {
      const header = document.querySelector("body > header, body header")!.getBoundingClientRect();
      return { pageTop: document.documentElement.getBoundingClientRect().top + window.scrollY, headerTop: header.top, headerHeight: header.height, scrollY: window.scrollY };
    });

  await openReader(a.page, group.id);
  const plain = await layout();
  expect(plain).toMatchObject({ pageTop: 0, headerTop: 0, scrollY: 0 });
  const header = await a.page.locator("header").first().boundingBox();

  // A thread near the top: nothing to scroll to, so the page and its header do not move at all.
  await openReader(a.page, group.id, `?thread=${first}`);
  await expect(a.page.getByRole("dialog")).toContainText("A note on paragraph 1.");
  await a.page.waitForTimeout(500);
  expect(await layout()).toEqual(plain);
  expect(await a.page.locator("header").first().boundingBox()).toEqual(header);
  await a.page.screenshot({ path: path.join(SCREENSHOT_DIR, "thread-from-link-desk.png") });

  // One further down: the page scrolls to its passage, and its top stays the page's top (no band above it).
  await openReader(a.page, group.id, `?thread=${later}`);
  await expect(a.page.getByRole("dialog")).toContainText(`A note on paragraph ${PARAGRAPHS.length}.`);
  await a.page.waitForTimeout(500);
  const scrolled = await layout();
  expect(scrolled.pageTop).toBe(0);
  expect(scrolled.scrollY).toBeGreaterThan(0);
  expect(scrolled.headerTop).toBeLessThanOrEqual(0);
  const passage = await a.page.locator(`[id="${PARAGRAPHS.at(-1)!.id}"]`).boundingBox();
  expect(passage!.y).toBeGreaterThanOrEqual(0);
  expect(passage!.y).toBeLessThan(900);
});

test("on a phone the thread is a sheet that fits the screen, keeps focus inside, and passes axe", async ({ signedUp, browser, baseURL }) => {
  const a = await signedUp(newPerson("pho", "Pia Phone"));
  const group = await createGroup(a);
  const list = await json<{ text: { versionId: string } }>(await a.api.get(`/api/groups/${group.id}/annotations?text=${SLUG}`));
  const block = PARAGRAPHS[0]!;
  const created = await a.api.post(`/api/groups/${group.id}/annotations`, {
    id: crypto.randomUUID(),
    text: SLUG,
    kind: "question",
    body: "Read on a phone?",
    anchor: { versionId: list.text.versionId, startBlockId: block.id, startOffset: 0, endBlockId: block.id, endOffset: 30, exact: block.plainText.slice(0, 30) },
  });
  const noteId = (await json<{ annotation: { id: string } }>(created)).annotation.id;
  await expectStatus(await a.api.post(`/api/groups/${group.id}/annotations/${noteId}/replies`, { id: crypto.randomUUID(), body: "Yes, on the bus." }), 201);
  const phone = await browser.newContext({ baseURL, viewport: { width: 390, height: 844 }, storageState: await a.context.storageState() });
  const page = await phone.newPage();
  try {
    await openReader(page, group.id, `?thread=${noteId}`);
    const dialog = page.getByRole("dialog");
    await expect(dialog.locator("[data-reply]")).toContainText("Yes, on the bus.");
    const box = await dialog.boundingBox();
    expect(box!.x).toBeGreaterThanOrEqual(0);
    expect(box!.x + box!.width).toBeLessThanOrEqual(390);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    // Tab from the last control comes back to the first: focus stays in the sheet.
    for (let i = 0; i < 25; i++) await page.keyboard.press("Tab");
    expect(await page.evaluate(() => !!document.activeElement?.closest("[role=dialog]"))).toBe(true);
    await expectNoAxeViolations(page, "thread sheet on a phone");
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, "discussion-phone.png") });
  } finally {
    await phone.close();
  }
});

test("email settings: choosing how often mail comes is kept, and said back", async ({ signedUp }) => {
  const person = await signedUp(newPerson("mailer", "Mai Ler"));
  const { page } = person;
  await page.goto("/account#email");
  const section = page.getByRole("region", { name: "Email notifications" });
  await expect(section.getByRole("radio", { name: /Daily digest/ })).toBeChecked();
  await section.getByRole("radio", { name: /Weekly digest/ }).check();
  await section.getByRole("button", { name: "Save email setting" }).click();
  await expect(section).toContainText("one email a week");
  await page.reload();
  await expect(page.getByRole("region", { name: "Email notifications" }).getByRole("radio", { name: /Weekly digest/ })).toBeChecked();
  await expectNoAxeViolations(page, "account with email settings");
});
