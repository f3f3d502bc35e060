// What changed in a text, in real Chromium against the real app: after the facilitator
// edits the group's text, a member sees it said over the reader, opens the changes, reads
// each changed paragraph word by word (in the light and the dark theme), and follows one
// to its place in the text. Outsiders get the 404 page. With more versions, any two can be
// compared; two weeks after an edit the reader stops mentioning it.
import fs from "node:fs";
import path from "node:path";
import type { Page } from "@playwright/test";
import { SCREENSHOT_DIR, chooseTheme, expectNoAxeViolations, waitForHydration } from "./helpers";
import { addMember, createGroup, expect, expectStatus, json, newPerson, test, withDatabase, type Actor } from "./fixtures";

const TITLE = "Notes on Reading Together";
const P1 = "Every week the group reads a chapter together and writes in its margins, and the notes become the meeting.";
const P2 = "A note belongs to its passage, wherever the passage goes when the facilitator corrects the text.";
const P3 = "The second part is short and closes the essay with a question for the group to take away.";
const ADDED = "A paragraph added in the second version: who brings the tea, and why it matters.";
const EDITED_P2 = P2.replace("wherever", "whichever way");
const V1 = `## Part One\n\n${P1}\n\n${P2}\n\n## Part Two\n\n${P3}\n`;
const V2 = `## Part One\n\n${P1}\n\n${EDITED_P2}\n\n${ADDED}\n\n## Part Two\n`;

function shoot(name: string) {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  return path.join(SCREENSHOT_DIR, name);
}

/** A new text of the group, published as version 1 from the same Markdown the edits are (kept as a draft first, then published). */
async function addText(fac: Actor, groupId: string, markdown: string) {
  const response = await fac.api.post(`/api/groups/${groupId}/texts`, { title: TITLE, format: "markdown", source: markdown, draft: true });
  await expectStatus(response, 201, "add the text");
  const { slug } = await json<{ slug: string }>(response);
  await publish(fac, groupId, slug, markdown, 1);
  return slug;
}

async function publish(fac: Actor, groupId: string, slug: string, markdown: string, version: number) {
  const response = await fac.api.put(`/api/groups/${groupId}/texts/${slug}`, { title: TITLE, markdown });
  await expectStatus(response, 200, `publish version ${version}`);
  expect((await json<{ versionNumber: number }>(response)).versionNumber).toBe(version);
}

/** The status the app answers a page with, as a browser asks for it. */
async function pageStatus(page: Page, url: string) {
  return (await page.goto(url))?.status();
}

test.describe("what changed in a text", () => {
  test("a member sees that the text was edited, reads each change word by word, and follows it into the text", async ({ signedUp }) => {
    test.setTimeout(120_000);
    const fac = await signedUp(newPerson("fac", "Frida Facilitator"));
    const mem = await signedUp(newPerson("mem", "Mika Member"));
    const outsider = await signedUp(newPerson("out", "Otto Outsider"));
    const group = await createGroup(fac, "Thursday readers");
    await addMember(fac, group.id, mem);
    const other = await createGroup(outsider, "Another circle");
    const slug = await addText(fac, group.id, V1);
    const reader = `/groups/${group.id}/texts/${slug}`;
    const { page } = mem;

    // As first published: the library marks nothing, the reader says nothing, and the changes page says nothing has changed yet.
    await page.goto(`/groups/${group.id}`);
    await expect(page.getByRole("link", { name: new RegExp(TITLE) })).toBeVisible();
    await expect(page.getByTestId("text-updated")).toHaveCount(0);
    await page.goto(reader);
    await expect(page.getByRole("heading", { level: 1, name: TITLE })).toBeVisible();
    await expect(page.getByTestId("text-changed")).toHaveCount(0);
    expect(await pageStatus(page, `${reader}/changes`)).toBe(200);
    await expect(page.getByRole("heading", { name: "Nothing has changed yet" })).toBeVisible();

    // The facilitator edits: one paragraph reworded, one added, one removed.
    await publish(fac, group.id, slug, V2, 2);

    // The group's library marks the text as updated, and the reader says so, with the way to the changes.
    await page.goto(`/groups/${group.id}`);
    await expect(page.getByRole("link", { name: new RegExp(TITLE) }).getByTestId("text-updated")).toHaveText(/^Updated \d{1,2} \w{3}$/);
    await page.goto(reader);
    await waitForHydration(page);
    const notice = page.getByTestId("text-changed");
    await expect(notice).toContainText(/This text was edited on \d{1,2} \w+ \d{4} \(version 2\)/);
    await notice.getByRole("link", { name: "See what changed" }).click();
    await page.waitForURL(`**${reader}/changes`);
    await expect(page.getByRole("heading", { level: 1, name: "What changed in version 2" })).toBeVisible();
    await expect(page.getByTestId("change-summary")).toHaveText("1 paragraph changed, 1 added and 1 removed; 3 unchanged.");

    // Each change, in the order of the new version, with its words marked.
    const changed = page.locator("li[data-change=changed]");
    await expect(changed).toHaveCount(1);
    await expect(changed.locator("del")).toHaveText(["[removed: wherever]"]);
    await expect(changed.locator("ins")).toHaveText(["[added: whichever way]"]);
    await expect(changed).toContainText("A note belongs to its passage,");
    await expect(page.locator("li[data-change=added] ins")).toHaveText(`[added: ${ADDED}]`);
    await expect(page.locator("li[data-change=removed] del")).toHaveText(`[removed: ${P3}]`);
    expect(await page.locator("li[data-change]").evaluateAll((items) => items.map((li) => li.getAttribute("data-change")))).toEqual([
      "unchanged",
      "unchanged",
      "changed",
      "added",
      "unchanged",
      "removed",
    ]);
    // Added and removed words are told apart by more than colour: underlined, struck through, and on a wash.
    const looks = await page.evaluate(() => {
      const style = (selector: string) => getComputedStyle(document.querySelector(selector)!);
      const [ins, del] = [style("li[data-change=changed] ins"), style("li[data-change=changed] del")];
      return { ins: [ins.textDecorationLine, ins.backgroundColor], del: [del.textDecorationLine, del.backgroundColor] };
    });
    expect(looks.ins[0]).toBe("underline");
    expect(looks.del[0]).toBe("line-through");
    for (const background of [looks.ins[1], looks.del[1]]) expect(background).not.toMatch(/^rgba\(0, 0, 0, 0\)$|^transparent$/);
    expect(looks.ins[1]).not.toBe(looks.del[1]);
    await page.screenshot({ path: shoot("text-changes.png"), fullPage: true });
    await expectNoAxeViolations(page, "what changed");

    // The dark theme keeps the marks (their own washes) and stays legible.
    await chooseTheme(page, "Dark");
    const dark = await page.evaluate(() => getComputedStyle(document.querySelector("li[data-change=changed] ins")!).backgroundColor);
    expect(dark).not.toBe(looks.ins[1]);
    await expectNoAxeViolations(page, "what changed, dark");
    await page.screenshot({ path: shoot("text-changes-dark.png"), fullPage: true });
    await chooseTheme(page, "Auto");

    // The changed paragraph links to its place in the reader, which shows it marked.
    const link = changed.getByRole("link", { name: "Read it in the text" });
    const href = await link.getAttribute("href");
    expect(href).toMatch(new RegExp(`^/groups/${group.id}/texts/${slug}#p-[a-z0-9-]+$`));
    await link.click();
    await page.waitForURL(`**${href}`);
    const target = page.locator(`[id="${href!.split("#")[1]}"]`);
    await expect(target).toContainText(EDITED_P2);
    await expect(target).toBeInViewport();
    expect(await target.evaluate((el) => el.matches(":target"))).toBe(true);

    // Nobody else learns of the text or its history: the 404 page, through either group.
    for (const url of [`${reader}/changes`, `/groups/${other.id}/texts/${slug}/changes`]) {
      expect(await pageStatus(outsider.page, url), url).toBe(404);
      await expect(outsider.page.getByText(EDITED_P2)).toHaveCount(0);
      await expect(outsider.page.getByText(TITLE)).toHaveCount(0);
    }
    // Versions the text does not have, or addresses that name none, are not found either.
    for (const query of ["?to=3", "?from=0", "?to=two", "?from=1&to=99999999"]) expect(await pageStatus(page, `${reader}/changes${query}`), query).toBe(404);
  });

  test("with more versions any two can be compared; two weeks after an edit the reader stops mentioning it", async ({ signedUp }) => {
    test.setTimeout(120_000);
    const fac = await signedUp(newPerson("fac", "Fay Facilitator"));
    const mem = await signedUp(newPerson("mem", "Max Member"));
    const group = await createGroup(fac, "Sunday readers");
    await addMember(fac, group.id, mem);
    const long = Array.from({ length: 12 }, (_, i) => `Paragraph ${i + 1} of the long part, with words of its own about meeting number ${i + 1}.`);
    const slug = await addText(fac, group.id, `## The long part\n\n${long.join("\n\n")}\n`);
    const edited = long.map((p, i) => (i === 9 ? p.replace("words of its own", "a new ending") : p));
    await publish(fac, group.id, slug, `## The long part\n\n${edited.join("\n\n")}\n`, 2);
    await publish(fac, group.id, slug, `## The long part\n\n${edited.join("\n\n")}\n\nA closing paragraph, added last.\n`, 3);
    const reader = `/groups/${group.id}/texts/${slug}`;
    const { page } = mem;

    // The latest edit against the one before, the long unchanged stretch folded to a count.
    await page.goto(`${reader}/changes`);
    await expect(page.getByRole("heading", { level: 1, name: "What changed in version 3" })).toBeVisible();
    await expect(page.getByTestId("change-summary")).toHaveText("1 paragraph added; 13 unchanged.");
    await expect(page.getByRole("link", { name: "12 paragraphs unchanged" })).toHaveAttribute("href", new RegExp(`^/groups/${group.id}/texts/${slug}#h-the-long-part$`));

    // Any two versions, through the picker (a plain form: the address says which).
    await waitForHydration(page);
    const picker = page.getByRole("form", { name: "Versions to compare" });
    await picker.getByLabel("Earlier version").selectOption("1");
    await picker.getByLabel("Later version").selectOption("3");
    await picker.getByRole("button", { name: "Compare" }).click();
    await page.waitForURL(/\/changes\?from=1&to=3$/);
    await expect(page.getByRole("heading", { level: 1, name: "What changed from version 1 to version 3" })).toBeVisible();
    await expect(page.getByTestId("change-summary")).toHaveText("1 paragraph changed and 1 added; 12 unchanged.");
    await expect(page.locator("li[data-change=changed] del")).toHaveText("[removed: words of its own]");
    await expect(page.locator("li[data-change=changed] ins")).toHaveText("[added: a new ending]");
    await expect(page.getByRole("link", { name: "9 paragraphs unchanged" })).toBeVisible();

    // An older pair: its paragraphs are not linked, since the reader shows the current version.
    await page.goto(`${reader}/changes?from=1&to=2`);
    await expect(page.getByRole("heading", { level: 1, name: "What changed in version 2" })).toBeVisible();
    await expect(page.locator("li[data-change=changed]")).toHaveCount(1);
    await expect(page.locator("li[data-change]").getByRole("link")).toHaveCount(0);
    await expect(page.getByText("9 paragraphs unchanged")).toBeVisible();

    // The reader mentions the edit while it is recent, and not once it is two weeks old.
    await page.goto(reader);
    await expect(page.getByTestId("text-changed")).toContainText("(version 3)");
    await withDatabase((db) =>
      db.query(`UPDATE "TextVersion" SET "createdAt" = "createdAt" - interval '15 days' WHERE "textId" = (SELECT id FROM "Text" WHERE slug = $1)`, [slug]),
    );
    await page.goto(reader);
    await expect(page.getByRole("heading", { level: 1, name: /Notes on Reading Together/ })).toBeVisible();
    await expect(page.getByTestId("text-changed")).toHaveCount(0);
    // The changes stay where they were.
    await page.goto(`${reader}/changes`);
    await expect(page.getByTestId("change-summary")).toHaveText("1 paragraph added; 13 unchanged.");
  });
});
