// A long book in a group, in real Chromium: it is read a chapter at a time with the
// chapters in the contents, a link to a paragraph in another chapter finds it, a note
// there is placed (and is not "unplaced" from the other chapters), and a week can be
// planned as a range of chapters.
import fs from "node:fs";
import path from "node:path";
import { SCREENSHOT_DIR, expectNoAxeViolations, waitForHydration } from "./helpers";
import { addMember, createGroup, expect, expectStatus, json, newPerson, test } from "./fixtures";

const CHAPTERS = 5;
const WORDS = "the group reads together each week and writes its questions in the margin before the meeting so that nobody comes empty handed".split(" ");

/** A book of CHAPTERS chapters of about 5,000 words each; paragraph p of chapter c starts "Chapter c, paragraph p:". */
function book(): string {
  const out: string[] = [];
  for (let c = 1; c <= CHAPTERS; c++) {
    out.push(`## Chapter ${c}: ${["Beginnings", "The circle", "Margins", "Questions", "Endings"][c - 1]}`);
    for (let p = 1; p <= 50; p++) {
      const words = Array.from({ length: 100 }, (_, i) => WORDS[(i * 7 + p * 3 + c) % WORDS.length]).join(" ");
      out.push(`Chapter ${c}, paragraph ${p}: ${words}.${c === 3 && p === 2 ? "[^m]" : ""}`);
    }
  }
  out.push("[^m]: A note at the foot of chapter three.");
  return out.join("\n\n");
}

test.describe("a long book", () => {
  test("reads a chapter at a time; links, notes and a week's chapters find their way", async ({ signedUp }) => {
    test.setTimeout(180_000);
    const fac = await signedUp(newPerson("fac", "Frida Facilitator"));
    const mem = await signedUp(newPerson("mem", "Mika Member"));
    const group = await createGroup(fac, "Long readers");
    await addMember(fac, group.id, mem);

    const added = await fac.api.post(`/api/groups/${group.id}/texts`, { title: "A Book in Five Chapters", format: "markdown", source: book() });
    await expectStatus(added, 201, "add the book");
    const { slug, versionId } = await json<{ slug: string; versionId: string }>(added);
    const text = await json<{ blocks: { id: string; kind: string; text: string }[]; chapters: { n: number; title: string; start: number; end: number }[] }>(
      await fac.api.get(`/api/groups/${group.id}/texts/${slug}`),
    );
    expect(text.chapters.map((c) => c.title)).toEqual([
      "Chapter 1: Beginnings",
      "Chapter 2: The circle",
      "Chapter 3: Margins",
      "Chapter 4: Questions",
      "Chapter 5: Endings",
    ]);
    const inChapter3 = text.blocks.find((b) => b.text.startsWith("Chapter 3, paragraph 2:"))!;

    // The member opens the book: the first chapter only, with the others in the contents.
    const { page } = mem;
    await page.goto(`/groups/${group.id}/texts/${slug}`);
    await waitForHydration(page);
    await expect(page.getByText("Chapter 1 of 5")).toBeVisible();
    await expect(page.getByText("Chapter 1, paragraph 50:")).toBeVisible();
    await expect(page.getByText("Chapter 2, paragraph 1:")).toHaveCount(0);
    const contents = page.getByRole("navigation", { name: "Table of contents" });
    await expect(contents.getByRole("link", { name: "Chapter 3: Margins" })).toHaveAttribute("href", `/groups/${group.id}/texts/${slug}?chapter=3`);
    await expectNoAxeViolations(page, "a chapter of a long book");
    fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, "long-book-chapter.png") });

    // Next chapter, from the foot of the page.
    await page.getByRole("link", { name: /Next chapter/ }).click();
    await page.waitForURL(/\?chapter=2$/);
    await expect(page.getByText("Chapter 2 of 5")).toBeVisible();
    await expect(page.getByText("Chapter 2, paragraph 1:")).toBeVisible();
    await expect(page.getByText("Chapter 1, paragraph 1:")).toHaveCount(0);
    // A chapter number the book does not have is a 404, not an empty page.
    expect((await mem.api.get(`/groups/${group.id}/texts/${slug}?chapter=9`)).status()).toBe(404);

    // A note written in chapter 3 (as another device would): chapter 1 does not call it unplaced.
    const note = await fac.api.post(`/api/groups/${group.id}/annotations`, {
      id: crypto.randomUUID(),
      text: slug,
      kind: "comment",
      body: "This is where the margins chapter starts to matter.",
      anchor: { versionId, startBlockId: inChapter3.id, startOffset: 0, endBlockId: inChapter3.id, endOffset: 30, exact: inChapter3.text.slice(0, 30) },
    });
    await expectStatus(note, 201, "a note in chapter 3");
    await page.goto(`/groups/${group.id}/texts/${slug}?chapter=1`);
    await waitForHydration(page);
    await expect(page.getByText("Chapter 1, paragraph 1:")).toBeVisible();
    await expect(page.getByRole("button", { name: /Unplaced notes/ })).toHaveCount(0);

    // A link to the paragraph (as a search result or a shared address gives it) opens chapter 3 there, note and footnote included.
    await page.goto(`/groups/${group.id}/texts/${slug}#${inChapter3.id}`);
    await page.waitForURL(new RegExp(`at=${inChapter3.id}#${inChapter3.id}$`));
    await expect(page.getByText("Chapter 3 of 5")).toBeVisible();
    await expect(page.locator(`[id="${inChapter3.id}"]`)).toBeInViewport();
    await expect(page.locator("[data-margin] [data-note]").filter({ hasText: "margins chapter" })).toBeVisible();
    await expect(page.getByText("A note at the foot of chapter three.")).toBeAttached();

    // The facilitator's editor says how the book will be read: in five chapters.
    const fp = fac.page;
    await fp.goto(`/groups/${group.id}/texts/${slug}/edit`);
    await waitForHydration(fp);
    const planned = fp.getByTestId("preview-chapters");
    await expect(planned).toContainText("5 chapters");
    await planned.locator("summary").click();
    await expect(planned.getByRole("listitem")).toHaveText(text.chapters.map((c) => new RegExp(`^${c.title} · [\\d,]+ words$`)));
    await fp.screenshot({ path: path.join(SCREENSHOT_DIR, "long-book-editor.png") });

    // The facilitator plans a week of chapters 2 to 4 in the schedule editor.
    await fp.goto(`/groups/${group.id}/schedule/new`);
    await waitForHydration(fp);
    await fp.getByLabel("Text", { exact: true }).selectOption(slug);
    const range = fp.getByTestId("chapter-range");
    await range.getByLabel("From chapter").selectOption("2");
    await range.getByLabel("To chapter").selectOption("4");
    await expect(fp.getByTestId("range-start")).toContainText("Chapter 2: The circle");
    await expect(fp.getByTestId("range-end")).toContainText("Chapter 4, paragraph 50");
    await fp.getByLabel("Prompt 1", { exact: true }).fill("What does the circle owe its margins?");
    await fp.screenshot({ path: path.join(SCREENSHOT_DIR, "long-book-schedule.png") });
    await fp.getByRole("button", { name: "Add to the schedule" }).click();
    await fp.waitForURL(`**/groups/${group.id}`);

    // The member's reader opens the week where it starts: chapter 2, inside the week's range.
    await page.goto(`/groups/${group.id}/texts/${slug}`);
    await waitForHydration(page);
    await expect(page.getByText("Chapter 2 of 5")).toBeVisible();
    const first = text.blocks.find((b) => b.text.startsWith("Chapter 2, paragraph 1:"))!;
    await expect(page.locator(`[id="${first.id}"]`)).not.toHaveAttribute("data-outside", "");
  });
});
