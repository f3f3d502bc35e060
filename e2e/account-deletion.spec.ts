// Deleting an account in real Chromium: the account page's "Your data" and danger zone,
// the confirmation step that says what stays and what goes, group by group; a wrong
// password changing nothing; then the deletion, which signs the person out (in every
// browser they had open) and leaves their shared note with the group under "A former
// member". Screenshots of both pages, desktop and phone, light and dark.
import fs from "node:fs";
import path from "node:path";
import { parseText } from "@/lib/content/blocks";
import { ROOT, SCREENSHOT_DIR, expectNoAxeViolations, waitForHydration } from "./helpers";
import { addMember, createGroup, expect, expectStatus, json, newPerson, PASSWORD, signIn, test, trySignIn, uniqueName, type SignedIn } from "./fixtures";

const SLUG = "the-need-for-a-revolutionary-party";
const paragraph = parseText(fs.readFileSync(path.join(ROOT, "content", "texts", `${SLUG}.md`), "utf8"), SLUG).blocks.find(
  (b) => b.kind === "paragraph" && b.plainText.length > 200,
)!;

async function note(actor: SignedIn, groupId: string, body: string) {
  const list = await actor.api.get(`/api/groups/${groupId}/annotations?text=${SLUG}`);
  await expectStatus(list, 200, "list notes");
  const { versionId } = (await json<{ text: { versionId: string } }>(list)).text;
  const response = await actor.api.post(`/api/groups/${groupId}/annotations`, {
    id: crypto.randomUUID(),
    text: SLUG,
    kind: "comment",
    body,
    anchor: { versionId, startBlockId: paragraph.id, startOffset: 0, endBlockId: paragraph.id, endOffset: 30, exact: paragraph.plainText.slice(0, 30) },
  });
  await expectStatus(response, 201, "note");
  return (await json<{ annotation: { id: string } }>(response)).annotation;
}

/** Ana facilitates; Ben, who will leave, wrote a note Chloe answered. */
async function circle(signedUp: (p?: ReturnType<typeof newPerson>) => Promise<SignedIn>) {
  const ana = await signedUp(newPerson("ana", "Ana Facilitator"));
  const ben = await signedUp(newPerson("ben", "Ben Leaving"));
  const chloe = await signedUp(newPerson("chloe", "Chloe Staying"));
  const group = await createGroup(ana, uniqueName("Farewell Circle"));
  await addMember(ana, group.id, ben);
  await addMember(ana, group.id, chloe);
  const shared = await note(ben, group.id, "Discipline here means trust, not obedience.");
  const reply = await chloe.api.post(`/api/groups/${group.id}/annotations/${shared.id}/replies`, { id: crypto.randomUUID(), body: "Agreed, @Ben Leaving." });
  await expectStatus(reply, 201, "reply");
  return { ana, ben, chloe, group, shared };
}

test.describe("deleting an account", () => {
  test("a member deletes their account: signed out everywhere, cannot sign in, and the group keeps their note as “A former member”", async ({
    signedUp,
    browser,
    baseURL,
  }) => {
    test.setTimeout(120_000);
    const { ben, chloe, group, shared } = await circle(signedUp);
    const { page } = ben;
    // Ben is also signed in on a second browser, which will be left open.
    const phone = await browser.newContext({ baseURL });
    await signIn(phone, ben.user.email, PASSWORD);
    expect((await phone.request.get("/api/notifications", { maxRedirects: 0 })).status()).toBe(200);

    await page.goto("/account");
    const data = page.getByRole("region", { name: "Your data" });
    await expect(data.getByRole("link", { name: /Markdown/ })).toHaveAttribute("href", "/api/me/export?format=markdown");
    await expect(data.getByRole("link", { name: /JSON-LD/ })).toHaveAttribute("href", "/api/me/export?format=jsonld");
    await page.getByRole("link", { name: "Delete my account…" }).click();
    await expect(page).toHaveURL(/\/account\/delete$/);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Delete your account");
    await expect(page.getByText(/cannot be brought back/)).toBeVisible();
    await expect(page.getByRole("region", { name: "What stays" })).toContainText("Your 1 shared note, where they are");
    await expect(page.getByRole("region", { name: "What stays" })).toContainText("“A former member”");
    await expect(page.getByRole("region", { name: "What is removed" })).toContainText(ben.user.email);
    const groups = page.getByRole("region", { name: "Your groups" });
    await expect(groups.getByRole("listitem")).toHaveCount(1);
    await expect(groups.getByRole("listitem")).toContainText(group.name);
    await expect(groups.getByRole("listitem")).toContainText("You leave the group. Your shared notes and replies stay in it.");

    // A wrong password: a field error, and nothing happens.
    await waitForHydration(page);
    await page.getByLabel("Your password").fill("not my password at all");
    await page.getByRole("button", { name: "Delete my account permanently" }).click();
    await expect(page.getByText("That is not your password.")).toBeVisible();
    await expect(page.getByLabel("Your password")).toHaveAttribute("aria-invalid", "true");
    expect((await ben.api.get("/api/notifications")).status()).toBe(200);

    await page.getByLabel("Your password").fill(PASSWORD);
    await page.getByRole("button", { name: "Delete my account permanently" }).click();
    await expect(page).toHaveURL(/\/account-deleted$/, { timeout: 20_000 });
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Your account has been deleted");
    // Signed out, here and in the browser left open elsewhere.
    await expect(page.getByRole("link", { name: "Sign in" })).toBeVisible();
    expect((await ben.api.get("/api/notifications")).status()).toBe(401);
    expect((await phone.request.get("/api/notifications", { maxRedirects: 0 })).status()).toBe(401);
    const stale = await phone.newPage();
    await stale.goto("/account");
    await expect(stale).toHaveURL(/\/sign-in/);
    await phone.close();
    // The old password opens nothing.
    expect(await trySignIn(ben.context.request, ben.user.email, PASSWORD)).toMatchObject({ ok: false });

    // Chloe still reads Ben's note, and her reply under it, from "A former member".
    const reader = chloe.page;
    await reader.goto(`/groups/${group.id}/texts/${SLUG}`);
    await waitForHydration(reader);
    const card = reader.locator(`[data-note="${shared.id}"]`).first();
    await expect(card).toBeVisible();
    await expect(card).toContainText("A former member");
    await expect(card).not.toContainText("Ben Leaving");
    const thread = await json<{ thread: { author: { name: string }; body: string }; replies: { body: string }[] }>(
      await chloe.api.get(`/api/groups/${group.id}/threads/${shared.id}`),
    );
    expect(thread.thread).toMatchObject({ author: { name: "A former member" }, body: "Discipline here means trust, not obedience." });
    expect(thread.replies.map((r) => r.body)).toEqual(["Agreed, @A former member."]);
    const members = await json<{ members: { name: string }[] }>(await chloe.api.get(`/api/groups/${group.id}/members`));
    expect(members.members.map((m) => m.name).sort()).toEqual(["Ana Facilitator", "Chloe Staying"]);
  });

  test("the only facilitator is asked to hand over first, and the form is not offered", async ({ signedUp }) => {
    const { ana, group } = await circle(signedUp);
    await ana.page.goto("/account/delete");
    const row = ana.page.getByRole("region", { name: "Your groups" }).getByRole("listitem");
    await expect(row).toContainText(group.name);
    await expect(row).toContainText("You are its only facilitator. Make another member a facilitator first.");
    await expect(ana.page.getByRole("region", { name: "Confirm" })).toContainText("once this group has another facilitator");
    await expect(ana.page.getByRole("button", { name: "Delete my account permanently" })).toHaveCount(0);
  });

  test("screenshots: the account page and the confirmation step, desktop and phone, light and dark", async ({ signedUp }) => {
    const { ben } = await circle(signedUp);
    const { page } = ben;
    fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
    for (const scheme of ["light", "dark"] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      for (const [device, viewport] of [
        ["desktop", { width: 1440, height: 900 }],
        ["phone", { width: 390, height: 844 }],
      ] as const) {
        await page.setViewportSize(viewport);
        await page.goto("/account");
        await page.screenshot({ path: path.join(SCREENSHOT_DIR, `account-${device}-${scheme}.png`), fullPage: true });
        await page.goto("/account/delete");
        await waitForHydration(page);
        await page.getByRole("button", { name: "Delete my account permanently" }).click();
        await expect(page.getByText("Enter your password.")).toBeVisible();
        await page.screenshot({ path: path.join(SCREENSHOT_DIR, `account-delete-${device}-${scheme}.png`), fullPage: true });
      }
    }
    await expectNoAxeViolations(page, "account deletion, dark");
    await page.emulateMedia({ colorScheme: "light" });
    await page.goto("/account");
    await expectNoAxeViolations(page, "account page, light");
  });
});
