// Search and tags in real Chromium: the group's search page answering as a member types,
// grouped by text, with marks and tag chips, never showing another member's private note;
// the reader's box that "/" focuses, searching the text and opening a passage; tags
// written in the tag field and the body, and the reader's tag filter on the margin.
import fs from "node:fs";
import path from "node:path";
import { parseText } from "@/lib/content/blocks";
import { ROOT, SCREENSHOT_DIR, expectNoAxeViolations, waitForHydration } from "./helpers";
import { addMember, createGroup, expect, expectStatus, json, newPerson, test, type SignedIn } from "./fixtures";

const SLUG = "the-need-for-a-revolutionary-party";
const paragraphs = parseText(fs.readFileSync(path.join(ROOT, "content", "texts", `${SLUG}.md`), "utf8"), SLUG).blocks.filter(
  (b) => b.kind === "paragraph" && b.plainText.length > 200,
);

async function versionIdOf(actor: SignedIn, groupId: string) {
  const response = await actor.api.get(`/api/groups/${groupId}/annotations?text=${SLUG}`);
  await expectStatus(response, 200, "list notes");
  return (await json<{ text: { versionId: string } }>(response)).text.versionId;
}

async function note(actor: SignedIn, groupId: string, versionId: string, i: number, extra: Record<string, unknown>) {
  const block = paragraphs[i]!;
  const response = await actor.api.post(`/api/groups/${groupId}/annotations`, {
    id: crypto.randomUUID(),
    text: SLUG,
    kind: "comment",
    anchor: { versionId, startBlockId: block.id, startOffset: 0, endBlockId: block.id, endOffset: 30, exact: block.plainText.slice(0, 30) },
    ...extra,
  });
  await expectStatus(response, 201, "note");
  return (await json<{ annotation: { id: string; tags: string[] } }>(response)).annotation;
}

/** A group with Ana (facilitator), Ben and Chloe, and notes that search and tags tell apart. */
async function circle(signedUp: (p?: ReturnType<typeof newPerson>) => Promise<SignedIn>) {
  const ana = await signedUp(newPerson("ana", "Ana Facilitator"));
  const ben = await signedUp(newPerson("ben", "Ben Member"));
  const chloe = await signedUp(newPerson("chloe", "Chloe Member"));
  const group = await createGroup(ana, "Search Circle");
  await addMember(ana, group.id, ben);
  await addMember(ana, group.id, chloe);
  const versionId = await versionIdOf(ben, group.id);
  const shared = await note(ben, group.id, versionId, 0, { body: "The party as the *memory* of the working class. #memory", tags: ["week-1"] });
  const question = await note(chloe, group.id, versionId, 1, { kind: "question", body: "Is a party's memory the same as its programme? #memory #programme" });
  const secret = await note(chloe, group.id, versionId, 2, { visibility: "private", body: "My private memory aid: reread this twice. #secretive" });
  await note(ana, group.id, versionId, 3, { body: "Trotsky on leadership and the masses. #leadership" });
  return { ana, ben, chloe, group, shared, question, secret, versionId };
}

test.describe("search", () => {
  test("the group's search page answers as a member types, by text, with marks and tags, and never shows another's private note", async ({ signedUp }) => {
    const { ben, group, shared, question, secret } = await circle(signedUp);
    expect(shared.tags).toEqual(["memory", "week-1"]);
    const { page } = ben;
    await page.goto(`/groups/${group.id}`);
    // The group's page: a search box and the tags this member may see.
    const tagList = page.getByRole("list", { name: "Tags" });
    await expect(tagList.getByRole("link")).toHaveText(["#memory 2", "#leadership 1", "#programme 1", "#week-1 1"]);
    await page.getByRole("searchbox", { name: "Search the group’s texts and notes" }).fill("memory");
    await page.getByRole("button", { name: "Search", exact: true }).click();
    await expect(page).toHaveURL(new RegExp(`/groups/${group.id}/search\\?q=memory$`));
    await expect(page.locator("[data-search-view]")).toHaveAttribute("data-ready", "");

    const results = page.locator("[data-result]");
    await expect(results.filter({ hasText: "Your comment" })).toHaveCount(1);
    await expect(results.filter({ hasText: "Chloe Member’s question" })).toHaveCount(1);
    await expect(page.locator(`[data-result] >> text=reread`)).toHaveCount(0);
    expect(await page.content()).not.toContain(secret.id);
    await expect(page.locator("[data-search-view] section h2").first()).toBeVisible();
    await expect(page.locator("mark.search-mark").first()).toHaveText(/^memory$/i);

    // Typing searches again (debounced); the address follows.
    const box = page.getByRole("searchbox", { name: "Search the group’s texts and notes" });
    await box.fill('"working class"');
    await expect(page.getByTestId("search-status")).toContainText("for “\"working class\"”");
    await expect(page).toHaveURL(/q=%22working\+class%22/);
    await expect(results.first()).toBeVisible();
    // A phrase that is nowhere says what was searched and how to loosen it.
    await box.fill("zebra crossing nowhere");
    await expect(page.getByText("Nothing found for “zebra crossing nowhere”.")).toBeVisible();

    // A tag chip filters; "Questions" narrows to the question; a link opens its thread.
    await box.fill("");
    await page.getByTestId("tag-list").getByRole("button", { name: /#memory/ }).click();
    await expect(results).toHaveCount(2);
    await page.getByRole("button", { name: "Questions", exact: true }).click();
    await expect(results).toHaveCount(1);
    await expectNoAxeViolations(page, "search page with filters");
    await results.first().click();
    await expect(page).toHaveURL(new RegExp(`/groups/${group.id}/texts/${SLUG}\\?thread=${question.id}$`));
    await expect(page.locator(`[data-thread="${question.id}"]`)).toBeVisible();
  });

  test("'/' focuses the reader's box; it searches this text and opens a passage; the margin filters by tag", async ({ signedUp }) => {
    const { ben, group } = await circle(signedUp);
    const { page } = ben;
    await page.goto(`/groups/${group.id}/texts/${SLUG}`);
    await waitForHydration(page);
    await expect(page.locator("[data-annotation-layer]")).toHaveAttribute("data-state", "placed");
    await expect(page.locator("[data-annotation-layer]")).toHaveAttribute("data-annotations-count", "3");

    // The tag filter: only notes with #memory stay in the margin.
    await page.getByLabel("Notes with the tag").selectOption("memory");
    await expect(page.locator("[data-annotation-layer]")).toHaveAttribute("data-annotations-count", "2");
    await page.getByLabel("Notes with the tag").selectOption("leadership");
    await expect(page.locator("[data-annotation-layer]")).toHaveAttribute("data-annotations-count", "1");
    await page.getByLabel("Notes with the tag").selectOption("");

    await page.locator("body").press("/");
    const box = page.getByRole("combobox", { name: "Search this text and its notes" });
    await expect(box).toBeFocused();
    await box.pressSequentially("bolshevik", { delay: 20 });
    const options = page.getByRole("listbox", { name: "Found in this text" }).getByRole("option");
    await expect(options.first()).toBeVisible();
    await expect(page.getByRole("listbox", { name: "Found in this text" }).locator("mark").first()).toHaveText(/bolshevik/i);
    const href = await options.first().locator("a").getAttribute("href");
    expect(href).toMatch(new RegExp(`^/groups/${group.id}/texts/${SLUG}\\?at=([a-z0-9-]+)#\\1$`));
    await box.press("Enter");
    await expect(page).toHaveURL(new RegExp(`\\?at=[a-z0-9-]+#`));
    const blockId = new URL(page.url()).hash.slice(1);
    await expect(page.locator(`[id="${blockId}"]`)).toBeInViewport();
  });

  test("tags from the composer's tag field and the body show on the note card", async ({ signedUp }) => {
    const { ben, group, versionId } = await circle(signedUp);
    const created = await note(ben, group.id, versionId, 4, { body: "On #discipline and #Discipline again", tags: ["Week-2", "#reading"] });
    expect(created.tags).toEqual(["discipline", "reading", "week-2"]);
    const bad = await ben.api.post(`/api/groups/${group.id}/annotations`, {
      id: crypto.randomUUID(),
      text: SLUG,
      kind: "comment",
      body: "x",
      tags: ["1917"],
      anchor: { versionId, startBlockId: paragraphs[0]!.id, startOffset: 0, endBlockId: paragraphs[0]!.id, endOffset: 5, exact: paragraphs[0]!.plainText.slice(0, 5) },
    });
    expect(bad.status()).toBe(400);
    const { page } = ben;
    await page.goto(`/groups/${group.id}/texts/${SLUG}`);
    await waitForHydration(page);
    await expect(page.locator("[data-annotation-layer]")).toHaveAttribute("data-state", "placed");
    await expect(page.getByLabel("Tags").filter({ hasText: "#discipline" }).first()).toContainText("#week-2");
  });

  test("screenshots: the search page and the reader's box, desktop and phone, light and dark", async ({ signedUp }) => {
    const { ben, group } = await circle(signedUp);
    const { page } = ben;
    fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
    for (const scheme of ["light", "dark"] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      for (const [device, viewport] of [
        ["desktop", { width: 1440, height: 900 }],
        ["phone", { width: 390, height: 844 }],
      ] as const) {
        await page.setViewportSize(viewport);
        await page.goto(`/groups/${group.id}/search?q=party%20memory`);
        await expect(page.locator("[data-result]").first()).toBeVisible();
        await page.screenshot({ path: path.join(SCREENSHOT_DIR, `search-${device}-${scheme}.png`), fullPage: device === "desktop" });
        await page.goto(`/groups/${group.id}/texts/${SLUG}`);
        await waitForHydration(page);
        await page.locator("body").press("/");
        await page.getByRole("combobox", { name: "Search this text and its notes" }).pressSequentially("party", { delay: 10 });
        await expect(page.getByRole("listbox", { name: "Found in this text" }).getByRole("option").first()).toBeVisible();
        await page.screenshot({ path: path.join(SCREENSHOT_DIR, `reader-search-${device}-${scheme}.png`) });
      }
    }
    await page.emulateMedia({ colorScheme: "dark" });
    await page.goto(`/groups/${group.id}/search?q=memory`);
    await expect(page.locator("[data-result]").first()).toBeVisible();
    await expectNoAxeViolations(page, "search page, dark");
  });
});
