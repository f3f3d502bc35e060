// Changes as they happen, in real Chromium against the real app: two members on the
// same text; what one writes appears in the other's margin without a reload, each sees
// that the other is reading and where, and the reader's text does not move under them.
import fs from "node:fs";
import path from "node:path";
import { SCREENSHOT_DIR, waitForHydration } from "./helpers";
import { addMember, createGroup, expect, expectStatus, json, newPerson, test } from "./fixtures";
import { PARAGRAPHS, SLUG, openReader, write } from "./live";

test("a note written by one member slides into the other's margin without a reload, and the text stays put", async ({ signedUp }) => {
  const a = await signedUp(newPerson("ana", "Ana Live"));
  const b = await signedUp(newPerson("ben", "Ben Live"));
  const group = await createGroup(a);
  await addMember(a, group.id, b);
  const versionId = (await json<{ text: { versionId: string } }>(await a.api.get(`/api/groups/${group.id}/annotations?text=${SLUG}`))).text.versionId;

  await openReader(b.page, group.id);
  // B is reading the third paragraph; where it sits on screen must not change.
  await b.page.locator(`[id="${PARAGRAPHS[2]!.id}"]`).scrollIntoViewIfNeeded();
  const before = await b.page.locator(`[id="${PARAGRAPHS[2]!.id}"]`).boundingBox();
  const navigations: string[] = [];
  b.page.on("framenavigated", (frame) => navigations.push(frame.url()));

  const first = await write(a, group.id, versionId, 1, "Written while Ben reads.");
  await expect(b.page.locator(`[data-margin] [data-note="${first}"]`)).toContainText("Written while Ben reads.");
  const second = await write(a, group.id, versionId, 2, "And one beside his paragraph.");
  await expect(b.page.locator(`[data-margin] [data-note="${second}"]`)).toBeVisible();
  expect(await b.page.locator(`[id="${PARAGRAPHS[2]!.id}"]`).boundingBox()).toEqual(before);
  expect(navigations, "no reload").toEqual([]);

  // A opens the same text: B sees who is reading now, and A's initials beside where A reads.
  await openReader(a.page, group.id);
  await expect(b.page.locator("[data-reading-now]")).toContainText("Reading now: Ana Live", { timeout: 20_000 });
  await expect(b.page.locator(`[data-presence="${a.user.id}"]`)).toBeAttached();
  expect(await b.page.locator(`[id="${PARAGRAPHS[2]!.id}"]`).boundingBox()).toEqual(before);

  // A deletes the first: it leaves B's margin too.
  await expectStatus(await a.api.delete(`/api/groups/${group.id}/annotations/${first}`), 204, "delete");
  await expect(b.page.locator(`[data-margin] [data-note="${first}"]`)).toHaveCount(0);
  await expect(b.page.locator(`[data-margin] [data-note="${second}"]`)).toBeVisible();
});

test("a reply written offline waits as pending and is sent once when the connection returns", async ({ signedUp }) => {
  const a = await signedUp(newPerson("ana", "Ana Online"));
  const b = await signedUp(newPerson("ben", "Ben Offline"));
  const group = await createGroup(a);
  await addMember(a, group.id, b);
  const versionId = (await json<{ text: { versionId: string } }>(await a.api.get(`/api/groups/${group.id}/annotations?text=${SLUG}`))).text.versionId;
  const note = await write(a, group.id, versionId, 1, "What do you make of this?");

  await openReader(b.page, group.id);
  await b.page.locator(`[data-margin] [data-open-thread="${note}"]`).click();
  const drawer = b.page.getByRole("dialog");
  const box = drawer.getByRole("textbox", { name: "Reply to the thread" });
  await expect(box).toBeVisible();

  await b.context.setOffline(true);
  await box.fill("Written on the train, without a signal.");
  await box.press("Control+Enter");
  const pending = drawer.locator("[data-reply] [data-pending]");
  await expect(pending).toHaveText(/Waiting to send/);
  await expect(box).toHaveValue("");

  await b.context.setOffline(false);
  await expect(pending).toHaveCount(0, { timeout: 15_000 });
  await expect(drawer.locator("[data-reply]").filter({ hasText: "Written on the train" })).toHaveCount(1);
  await expect(b.page.locator(`[data-margin] [data-open-thread="${note}"]`)).toHaveText(/1 reply/);

  // A sees it exactly once, live in the margin's count and in the thread.
  await openReader(a.page, group.id);
  await expect(a.page.locator(`[data-margin] [data-open-thread="${note}"]`)).toHaveText(/1 reply/);
  const thread = await json<{ replies: { body: string }[] }>(await a.api.get(`/api/groups/${group.id}/threads/${note}`));
  expect(thread.replies.filter((r) => r.body === "Written on the train, without a signal.")).toHaveLength(1);
});

test("a note written offline waits as pending in the margin and is saved once when the connection returns", async ({ signedUp }) => {
  const a = await signedUp(newPerson("ana", "Ana Watching"));
  const b = await signedUp(newPerson("ben", "Ben Travelling"));
  const group = await createGroup(a);
  await addMember(a, group.id, b);
  await openReader(a.page, group.id);
  await openReader(b.page, group.id);

  // B loses the signal and comments on a paragraph with the keyboard path.
  await b.context.setOffline(true);
  const block = b.page.locator(`[id="${PARAGRAPHS[3]!.id}"]`);
  await block.scrollIntoViewIfNeeded();
  await block.locator("[data-para-note]").click();
  const composer = b.page.locator("[data-composer] textarea");
  await expect(composer).toBeFocused();
  await composer.fill("Noted in a tunnel.");
  await composer.press("Control+Enter");
  const card = b.page.locator("[data-margin] [data-note]").filter({ hasText: "Noted in a tunnel." });
  await expect(card.locator("[data-pending]")).toHaveText(/Waiting to send/);
  await expect(b.page.getByText("You’re offline. The note is kept on this device")).toBeVisible();
  // Nothing to reply to or delete on the server yet.
  await expect(card.getByRole("button", { name: "Delete" })).toHaveCount(0);

  await b.context.setOffline(false);
  await expect(card.locator("[data-pending]")).toHaveCount(0, { timeout: 15_000 });
  await expect(card.getByRole("button", { name: "Delete" })).toBeVisible();

  // A sees it arrive live, once; the server holds it once.
  await expect(a.page.locator("[data-margin] [data-note]").filter({ hasText: "Noted in a tunnel." })).toHaveCount(1);
  const saved = await json<{ annotations: { body: string; position: { startBlockId: string } | null }[] }>(
    await a.api.get(`/api/groups/${group.id}/annotations?text=${SLUG}`),
  );
  const copies = saved.annotations.filter((n) => n.body === "Noted in a tunnel.");
  expect(copies).toHaveLength(1);
  expect(copies[0]!.position?.startBlockId).toBe(PARAGRAPHS[3]!.id);
});

test("the inbox badge counts replies as they arrive, on any page, with one stream per tab", async ({ signedUp }) => {
  const a = await signedUp(newPerson("ana", "Ana Replying"));
  const b = await signedUp(newPerson("ben", "Ben Asking"));
  const group = await createGroup(a);
  await addMember(a, group.id, b);
  const versionId = (await json<{ text: { versionId: string } }>(await b.api.get(`/api/groups/${group.id}/annotations?text=${SLUG}`))).text.versionId;
  const question = await write(b, group.id, versionId, 1, "Is this still true?");
  const reply = async (body: string) =>
    expectStatus(await a.api.post(`/api/groups/${group.id}/annotations/${question}/replies`, { id: crypto.randomUUID(), body }), 201, "reply");
  const badge = b.page.locator("[data-inbox-link] [data-unread]");

  // On the group's home page, which has no group stream: the inbox's own stream.
  const inboxStreams: string[] = [];
  const groupStreams: string[] = [];
  b.page.on("request", (request) => {
    if (request.url().includes("/api/notifications/events")) inboxStreams.push(request.url());
    if (request.url().includes(`/api/groups/${group.id}/events`)) groupStreams.push(request.url());
  });
  await b.page.goto(`/groups/${group.id}`);
  await waitForHydration(b.page);
  await expect.poll(() => inboxStreams.length).toBe(1);
  await expect(badge).toHaveCount(0);
  await reply("Mostly, yes.");
  await expect(badge).toHaveText(/^1/);

  // On the reader, the group's stream carries the count: no second stream.
  await openReader(b.page, group.id);
  await expect.poll(() => groupStreams.length).toBe(1);
  const inboxBefore = inboxStreams.length;
  await reply("Though the party has changed.");
  await expect(badge).toHaveText(/^2/);
  expect(inboxStreams.length, "no inbox stream beside the group's").toBe(inboxBefore);

  // On the inbox itself, a new reply joins the list at the top as it arrives.
  await b.page.goto("/inbox");
  await waitForHydration(b.page);
  await expect(b.page.locator("main").getByText("2 unread", { exact: true })).toBeVisible();
  await reply("Read the third chapter again.");
  await expect(b.page.locator("main").getByText("3 unread", { exact: true })).toBeVisible();
  await expect(b.page.locator("[data-inbox] [data-notification]").first()).toContainText("Read the third chapter again.");
  await expect(badge).toHaveText(/^3/);
});

test("after an error answer the reader opens its stream again, with a pause, and gets what was written meanwhile", async ({ signedUp }) => {
  const a = await signedUp(newPerson("ana", "Ana Writing"));
  const b = await signedUp(newPerson("ben", "Ben Waiting"));
  const group = await createGroup(a);
  await addMember(a, group.id, b);
  const versionId = (await json<{ text: { versionId: string } }>(await a.api.get(`/api/groups/${group.id}/annotations?text=${SLUG}`))).text.versionId;

  // The server answers B's stream with errors, as during a deploy, until it is let through.
  let failing = true;
  const attempts: number[] = [];
  await b.page.route(`**/api/groups/${group.id}/events?**`, async (route) => {
    // (The page's own check before each new attempt, ?until=now, goes through.)
    if (route.request().url().includes("until=now")) return route.continue();
    attempts.push(Date.now());
    return failing ? route.fulfill({ status: 503, body: "Deploying." }) : route.continue();
  });
  await openReader(b.page, group.id);
  await expect.poll(() => attempts.length, { timeout: 15_000 }).toBeGreaterThanOrEqual(3);
  // The page waited between attempts rather than hammering the server.
  const gaps = attempts.slice(1).map((t, i) => t - attempts[i]!);
  expect(Math.min(...gaps)).toBeGreaterThan(1500);

  const written = await write(a, group.id, versionId, 2, "Written while the stream was down.");
  failing = false;
  await expect(b.page.locator(`[data-margin] [data-note="${written}"]`)).toBeVisible({ timeout: 30_000 });
  const after = await write(a, group.id, versionId, 3, "And once it was back.");
  await expect(b.page.locator(`[data-margin] [data-note="${after}"]`)).toBeVisible();
  await expect(b.page.locator(`[data-margin] [data-note="${written}"]`)).toHaveCount(1);
});

test("an open thread takes others' replies and edits as they are written", async ({ signedUp }) => {
  const a = await signedUp(newPerson("ana", "Ana Asking"));
  const b = await signedUp(newPerson("ben", "Ben Answering"));
  const group = await createGroup(a);
  await addMember(a, group.id, b);
  const versionId = (await json<{ text: { versionId: string } }>(await a.api.get(`/api/groups/${group.id}/annotations?text=${SLUG}`))).text.versionId;
  const note = await write(a, group.id, versionId, 1, "Who is this written for?");

  await openReader(a.page, group.id);
  await a.page.locator(`[data-margin] [data-open-thread="${note}"]`).click();
  const drawer = a.page.getByRole("dialog");
  await expect(drawer).toContainText("Who is this written for?");

  const reply = crypto.randomUUID();
  await expectStatus(await b.api.post(`/api/groups/${group.id}/annotations/${note}/replies`, { id: reply, body: "For the workers' circles." }), 201, "reply");
  await expect(drawer.locator(`[data-reply="${reply}"]`)).toContainText("For the workers' circles.");
  await expect(a.page.locator(`[data-margin] [data-open-thread="${note}"]`)).toHaveText(/1 reply/);

  await expectStatus(await b.api.patch(`/api/groups/${group.id}/annotations/${reply}`, { revision: 1, body: "For the workers' study circles." }), 200, "edit");
  await expect(drawer.locator(`[data-reply="${reply}"]`)).toContainText("For the workers' study circles.");
  await expect(drawer.locator("[data-reply]")).toHaveCount(1);
});

test("a reply written while an open thread is still being read arrives in it all the same", async ({ signedUp }) => {
  const a = await signedUp(newPerson("ana", "Ana Waiting"));
  const b = await signedUp(newPerson("ben", "Ben Replying"));
  const group = await createGroup(a);
  await addMember(a, group.id, b);
  const versionId = (await json<{ text: { versionId: string } }>(await a.api.get(`/api/groups/${group.id}/annotations?text=${SLUG}`))).text.versionId;
  const note = await write(a, group.id, versionId, 1, "Is anyone reading this far?");
  await openReader(a.page, group.id);

  // The thread is read before B replies, and its answer reaches A's page only after B's reply was heard live.
  let release = () => {};
  const released = new Promise<void>((resolve) => (release = resolve));
  let read = false;
  await a.page.route(`**/api/groups/${group.id}/threads/${note}`, async (route) => {
    const response = await route.fetch();
    read = true;
    await released;
    await route.fulfill({ response });
  });
  await a.page.locator(`[data-margin] [data-open-thread="${note}"]`).click();
  const drawer = a.page.getByRole("dialog");
  await expect.poll(() => read).toBe(true);
  const reply = crypto.randomUUID();
  await expectStatus(await b.api.post(`/api/groups/${group.id}/annotations/${note}/replies`, { id: reply, body: "Here, while it loads." }), 201, "reply");
  // Heard on A's page (the margin counts it) while the thread is still loading.
  await expect(a.page.locator(`[data-margin] [data-open-thread="${note}"]`)).toHaveText(/1 reply/);
  await expect(drawer.locator("[aria-busy=true]")).toBeVisible();
  release();
  await expect(drawer.locator(`[data-reply="${reply}"]`)).toContainText("Here, while it loads.");
  await expect(drawer.getByRole("heading", { name: "1 reply", exact: true })).toBeVisible();
  await expect(drawer.locator("[data-reply]")).toHaveCount(1);
});

test("a reply hidden by a facilitator leaves the reply count in the others' margins, and counts again when shown", async ({ signedUp }) => {
  const a = await signedUp(newPerson("ana", "Ana Facilitating"));
  const b = await signedUp(newPerson("ben", "Ben Noting"));
  const c = await signedUp(newPerson("cho", "Chloe Replying"));
  const group = await createGroup(a);
  await addMember(a, group.id, b);
  await addMember(a, group.id, c);
  const versionId = (await json<{ text: { versionId: string } }>(await b.api.get(`/api/groups/${group.id}/annotations?text=${SLUG}`))).text.versionId;
  const note = await write(b, group.id, versionId, 1, "What do the others think?");
  const reply = crypto.randomUUID();
  await expectStatus(await c.api.post(`/api/groups/${group.id}/annotations/${note}/replies`, { id: reply, body: "Something to hide." }), 201, "reply");
  await openReader(b.page, group.id);
  const count = b.page.locator(`[data-margin] [data-open-thread="${note}"]`);
  await expect(count).toHaveText("1 reply");

  await expectStatus(await a.api.patch(`/api/groups/${group.id}/annotations/${reply}`, { hidden: true }), 200, "hide");
  await expect(count).toHaveText("Reply");
  await expectStatus(await a.api.patch(`/api/groups/${group.id}/annotations/${reply}`, { hidden: false }), 200, "show again");
  await expect(count).toHaveText("1 reply");
  // As a fresh read of the notes has it.
  await b.page.reload();
  await expect(b.page.locator("[data-annotation-layer]")).toHaveAttribute("data-state", "placed");
  await expect(count).toHaveText("1 reply");
});

test("on a phone, the initials of who else is reading sit beside their paragraph too", async ({ signedUp, browser, baseURL }) => {
  const a = await signedUp(newPerson("ana", "Ana Desk"));
  const b = await signedUp(newPerson("ben", "Ben Phone"));
  const group = await createGroup(a);
  await addMember(a, group.id, b);
  const phone = await browser.newContext({ baseURL, viewport: { width: 390, height: 844 }, storageState: await b.context.storageState() });
  const page = await phone.newPage();
  try {
    await openReader(page, group.id);
    await openReader(a.page, group.id);
    await expect(page.locator("[data-reading-now]")).toContainText("Reading now: Ana Desk", { timeout: 20_000 });
    // A reads from the top: their initials sit beside the paragraph in view, inside the screen.
    const mark = page.locator(`[data-presence="${a.user.id}"]`);
    await expect(mark).toBeVisible();
    await expect(mark).toHaveText("AD");
    const box = (await mark.boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(390);
    // In the page's edge, left of the text, never over it.
    const text = (await page.locator(`[id="${PARAGRAPHS[0]!.id}"]`).boundingBox())!;
    expect(box.x + box.width).toBeLessThanOrEqual(text.x);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, "presence-phone.png") });
  } finally {
    await phone.close();
  }
});

test("the week's banner follows the facilitator's changes on members' open pages, without a reload", async ({ signedUp }) => {
  const a = await signedUp(newPerson("ana", "Ana Planning"));
  const b = await signedUp(newPerson("ben", "Ben Reading"));
  const group = await createGroup(a);
  await addMember(a, group.id, b);
  // This week, due in six days (in the group's zone, UTC).
  const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
  const week = { text: SLUG, weekOf: day(0), due: `${day(6)}T18:00`, prompts: [{ body: "What is the party for?", blockId: null }] };
  const created = await a.api.post(`/api/groups/${group.id}/readings`, week);
  await expectStatus(created, 201, "plan the week");
  const { reading } = await json<{ reading: { id: string; prompts: { id: string; body: string }[] } }>(created);

  await openReader(b.page, group.id);
  const banner = b.page.getByTestId("week-banner");
  await expect(banner).toContainText("What is the party for?");
  await expect(banner).toContainText("Read the whole text");
  // Gone if the page were loaded again (the address may be written again in place: that is no reload).
  await b.page.evaluate(() => Object.assign(window, { stillThisPage: true }));

  // A changes this week's prompt and range: B's banner follows.
  const range = { startBlockId: PARAGRAPHS[0]!.id, endBlockId: PARAGRAPHS[2]!.id };
  const changed = { ...week, ...range, prompts: [{ id: reading.prompts[0]!.id, body: "Who is the party for?", blockId: null }] };
  await expectStatus(await a.api.put(`/api/groups/${group.id}/readings/${reading.id}`, changed), 200, "change the week");
  await expect(banner).toContainText("Who is the party for?");
  await expect(banner).not.toContainText("What is the party for?");
  await expect(banner.getByRole("link", { name: "Go to the start" })).toBeVisible();
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await banner.screenshot({ path: path.join(SCREENSHOT_DIR, "week-banner-live.png") });

  // A takes the week off the schedule: the banner goes.
  await expectStatus(await a.api.delete(`/api/groups/${group.id}/readings/${reading.id}`), 204, "remove the week");
  await expect(banner).toHaveCount(0);
  expect(await b.page.evaluate(() => "stillThisPage" in window), "no reload").toBe(true);
});

test("a note written while the reader is reading its notes again is not lost under them", async ({ signedUp }) => {
  const a = await signedUp(newPerson("ana", "Ana Hiding"));
  const b = await signedUp(newPerson("ben", "Ben Reading"));
  const group = await createGroup(a);
  await addMember(a, group.id, b);
  const versionId = (await json<{ text: { versionId: string } }>(await a.api.get(`/api/groups/${group.id}/annotations?text=${SLUG}`))).text.versionId;
  const shown = await write(a, group.id, versionId, 1, "Hidden, then shown again.");
  await openReader(b.page, group.id);
  await expect(b.page.locator(`[data-margin] [data-note="${shown}"]`)).toBeVisible();
  await expectStatus(await a.api.patch(`/api/groups/${group.id}/annotations/${shown}`, { hidden: true }), 200, "hide");
  await expect(b.page.locator(`[data-margin] [data-note="${shown}"]`)).toHaveCount(0);

  // Shown again, the note makes B's page read its notes again (for the note's reply count).
  // That answer is slow to arrive; meanwhile A writes another note.
  let release = () => {};
  const released = new Promise<void>((resolve) => (release = resolve));
  let read = false;
  await b.page.route(`**/api/groups/${group.id}/annotations?text=*`, async (route) => {
    const response = await route.fetch();
    read = true; // the server has read the notes; the page waits for its answer
    await released;
    await route.fulfill({ response });
  });
  await expectStatus(await a.api.patch(`/api/groups/${group.id}/annotations/${shown}`, { hidden: false }), 200, "show again");
  await expect.poll(() => read).toBe(true);
  const meanwhile = await write(a, group.id, versionId, 2, "Written while Ben's page was reading.");
  await expect(b.page.locator(`[data-margin] [data-note="${meanwhile}"]`)).toBeVisible();
  release();
  // Both are there once the slow answer has landed.
  await expect(b.page.locator(`[data-margin] [data-note="${shown}"]`)).toBeVisible();
  await b.page.waitForTimeout(500);
  await expect(b.page.locator(`[data-margin] [data-note="${meanwhile}"]`)).toBeVisible();
  await expect(b.page.locator(`[data-margin] [data-note="${meanwhile}"]`)).toHaveCount(1);
});

test("an edit made offline waits; one that meets a newer change is refused and its words are offered to copy", async ({ signedUp }) => {
  const a = await signedUp(newPerson("ana", "Ana Editing"));
  await a.context.grantPermissions(["clipboard-read", "clipboard-write"]);
  const group = await createGroup(a);
  const versionId = (await json<{ text: { versionId: string } }>(await a.api.get(`/api/groups/${group.id}/annotations?text=${SLUG}`))).text.versionId;
  const kept = await write(a, group.id, versionId, 1, "A note to edit on the train.");
  const contested = await write(a, group.id, versionId, 3, "A note edited in two places.");
  await openReader(a.page, group.id);

  await a.context.setOffline(true);
  const edit = async (id: string, body: string) => {
    const card = a.page.locator(`[data-margin] [data-note="${id}"]`);
    await card.getByRole("button", { name: "Edit" }).click();
    await card.getByRole("textbox", { name: /^Your (comment|question)$/ }).fill(body);
    await card.getByRole("button", { name: "Save changes" }).click();
    await expect(card.locator("[data-pending]")).toHaveText(/Waiting to send/);
    await expect(card).toContainText(body);
  };
  await edit(kept, "Edited without a signal.");
  await expect(a.page.getByText("You’re offline. The edit is kept on this device")).toBeVisible();
  await edit(contested, "My wording, from the train.");
  // Meanwhile the same note is changed from another device (this request does not go through the offline browser).
  await expectStatus(await a.api.patch(`/api/groups/${group.id}/annotations/${contested}`, { revision: 1, body: "The wording from my laptop." }), 200);

  await a.context.setOffline(false);
  // The first edit goes through; the second was made on an older copy and is refused, with its words kept to copy.
  await expect(a.page.locator(`[data-margin] [data-note="${kept}"] [data-pending]`)).toHaveCount(0, { timeout: 20_000 });
  const refusal = a.page.getByRole("status").filter({ hasText: "Your edit (“My wording, from the train.”) could not be saved" });
  await expect(refusal).toContainText("changed since you opened it");
  await expect(a.page.locator(`[data-margin] [data-note="${contested}"]`)).toContainText("The wording from my laptop.");
  await refusal.getByRole("button", { name: "Copy text" }).click();
  expect(await a.page.evaluate(() => navigator.clipboard.readText())).toBe("My wording, from the train.");

  const saved = await json<{ annotations: { id: string; body: string }[] }>(await a.api.get(`/api/groups/${group.id}/annotations?text=${SLUG}`));
  expect(Object.fromEntries(saved.annotations.map((n) => [n.id, n.body]))).toEqual({
    [kept]: "Edited without a signal.",
    [contested]: "The wording from my laptop.",
  });
});
