// The library and the reading page, end to end, against the real app on a
// throwaway database (see playwright.config.ts). Which texts exist is read from
// content/texts/*.md, so adding a text adds its tests.
import fs from "node:fs";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import {
  SCREENSHOT_DIR,
  chooseTheme,
  expectNoAxeViolations,
  hasHorizontalScroll,
  headingLevels,
  openDisplaySettings,
  readExpectedTexts,
  readyForScreenshot,
  titleText,
} from "./helpers";

const TEXTS = readExpectedTexts();
const DESKTOP = { width: 1440, height: 900 };
const PHONE = { width: 390, height: 844 };
const TRANSPARENT = ["rgba(0, 0, 0, 0)", "transparent"];

test.beforeAll(() => {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
});

test("content/texts holds the five texts these tests expect", () => {
  expect(TEXTS.map((t) => t.slug)).toHaveLength(5);
  expect(TEXTS.filter((t) => t.hasNotes).map((t) => t.slug)).toContain("organisation-of-the-masses");
});

test.describe("library", () => {
  test.use({ viewport: DESKTOP });

  test("lists every text with its author, word count and reading time", async ({ page }) => {
    const response = await page.goto("/");
    expect(response?.status()).toBe(200);

    const items = page.getByRole("main").getByRole("listitem");
    await expect(items).toHaveCount(TEXTS.length);

    // Sorted by title, as the library query promises.
    const sorted = [...TEXTS].sort((a, b) => a.title.localeCompare(b.title));
    await expect(items.getByRole("heading", { level: 2 })).toHaveText(sorted.map((t) => t.title));

    for (const text of TEXTS) {
      const item = items.filter({ has: page.getByRole("heading", { name: text.title, exact: true }) });
      await expect(item).toHaveCount(1);
      await expect(item.getByRole("link")).toHaveAttribute("href", `/texts/${text.slug}`);
      await expect(item).toContainText(text.author ?? "Author not stated");

      const stats = item.locator("p").filter({ hasText: /min read/ });
      await expect(stats).toHaveText(/^[\d,]+ words · \d+ min read$/);
      const [, words, minutes] = /^([\d,]+) words · (\d+) min read$/.exec((await stats.textContent())!)!;
      const wordCount = Number(words!.replace(/,/g, ""));
      // Roughly the words of the Markdown body (markup and notes aside)…
      expect(wordCount).toBeGreaterThan(text.approxWords * 0.95);
      expect(wordCount).toBeLessThan(text.approxWords * 1.05);
      // …read at 230 words a minute, never less than a minute.
      expect(Number(minutes)).toBe(Math.max(1, Math.round(wordCount / 230)));
    }
  });

  test("has landmarks, one h1 and no axe violations", async ({ page }) => {
    await page.goto("/");
    await expect(page.getByRole("banner")).toHaveCount(1);
    await expect(page.getByRole("banner")).toBeVisible();
    await expect(page.getByRole("main")).toHaveCount(1);
    await expect(page.locator("h1")).toHaveCount(1);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Texts to read together");
    expect(await hasHorizontalScroll(page)).toBe(false);
    await expectNoAxeViolations(page, "library, light");
  });
});

test.describe("reading page", () => {
  test.use({ viewport: DESKTOP });

  for (const text of TEXTS) {
    test(`${text.slug}: opens from the library and is well-formed and accessible`, async ({ page }) => {
      await page.goto("/");
      await page.getByRole("heading", { level: 2, name: text.title, exact: true }).click();
      await expect(page).toHaveURL(new RegExp(`/texts/${text.slug}$`));
      await expect(page).toHaveTitle(`${text.title} · Study Circle`);

      // The h1 is the title (a note on the title, if any, is a marker inside it).
      await expect(page.locator("h1")).toHaveCount(1);
      await expect.poll(() => titleText(page)).toBe(text.title);
      if (text.author) await expect(page.getByRole("article")).toContainText(text.author);

      // Headings start at h1 and never skip a level on the way down.
      const levels = await headingLevels(page);
      expect(levels[0], `heading levels ${levels.join(",")}`).toBe(1);
      levels.forEach((level, i) => {
        if (i > 0) expect(level, `heading #${i + 1} in ${levels.join(",")}`).toBeLessThanOrEqual(levels[i - 1]! + 1);
      });

      // Every block has a unique, non-empty id (deep links and annotations rely on it).
      const ids = await page.locator("[data-block]").evaluateAll((els) => els.map((el) => el.id));
      expect(ids.length).toBeGreaterThan(5);
      expect(ids.filter((id) => !id.trim()), "blocks without an id").toEqual([]);
      expect(ids.filter((id, i) => ids.indexOf(id) !== i), "duplicate block ids").toEqual([]);
      // And no other element on the page shares a block's id.
      const allIds = await page.locator("[id]").evaluateAll((els) => els.map((el) => el.id));
      expect(allIds.filter((id, i) => allIds.indexOf(id) !== i), "duplicate ids on the page").toEqual([]);

      // The table of contents lists the text's headings (and Notes) and every link resolves.
      const toc = page.getByRole("navigation", { name: "Table of contents" });
      const textHeadings = page.locator(".prose-reading :is(h2, h3, h4, h5, h6)[data-block]");
      if (text.hasHeadings || text.hasNotes) {
        await expect(toc).toBeVisible();
        await expect(toc.getByRole("link")).toHaveCount((await textHeadings.count()) + (text.hasNotes ? 1 : 0));
        const hrefs = await toc.getByRole("link").evaluateAll((links) => links.map((a) => a.getAttribute("href")));
        for (const href of hrefs) {
          expect(href, "TOC link is an in-page anchor").toMatch(/^#.+/);
          await expect(page.locator(`[id="${href!.slice(1)}"]`), `TOC target ${href}`).toHaveCount(1);
        }
        if (text.hasHeadings) {
          await expect(toc.getByRole("link")).toContainText(await textHeadings.allTextContents());
        }
      } else {
        await expect(toc).toHaveCount(0);
      }

      // Footnote references and back-links point at elements that exist.
      const noteHrefs = await page
        .locator("a.footnote-ref, a.footnote-back")
        .evaluateAll((links) => links.map((a) => a.getAttribute("href")!));
      expect(noteHrefs.length > 0).toBe(text.hasNotes);
      for (const href of noteHrefs) await expect(page.locator(`[id="${href.slice(1)}"]`), href).toHaveCount(1);

      await readyForScreenshot(page);
      await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${text.slug}.png`), fullPage: true });

      await expectNoAxeViolations(page, `${text.slug}, light`);

      await chooseTheme(page, "Dark");
      await expect(page.locator("html")).toHaveAttribute("data-theme", "dark");
      // The page really is dark now, not just tagged.
      const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
      expect(background).toBe("rgb(23, 22, 26)");
      await expectNoAxeViolations(page, `${text.slug}, dark`);
    });

    test(`${text.slug}: a deep link to a paragraph scrolls to it and marks it`, async ({ page }) => {
      await page.goto(`/texts/${text.slug}`);
      const paragraphIds = await page
        .locator(".prose-reading p[data-block]")
        .evaluateAll((els) => els.map((el) => el.id));
      expect(paragraphIds.length).toBeGreaterThan(4);
      const id = paragraphIds[Math.floor(paragraphIds.length / 2)]!;

      // A fresh load of the deep link, as when someone follows a shared link.
      await page.goto("about:blank");
      await page.goto(`/texts/${text.slug}#${id}`);
      const target = page.locator(`[id="${id}"]`);
      await expect(target).toBeInViewport();
      // It really scrolled: the paragraph is in the middle of the text, not on the first screen.
      expect(await page.evaluate(() => window.scrollY)).toBeGreaterThan(0);
      expect(await target.evaluate((el) => el.matches(":target"))).toBe(true);
      // It is visibly marked: a background that is neither transparent nor the page's own.
      const paper = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
      await expect
        .poll(() => target.evaluate((el) => getComputedStyle(el).backgroundColor))
        .not.toMatch(new RegExp(`^(${[...TRANSPARENT, paper].map((c) => c.replace(/[()]/g, "\\$&")).join("|")})$`));
      // Not hidden under the sticky header either.
      const header = await page.getByRole("banner").boundingBox();
      const box = await target.boundingBox();
      expect(box!.y + box!.height).toBeGreaterThan(header!.y + header!.height);
    });
  }
});

test.describe("footnotes", () => {
  test.use({ viewport: DESKTOP });

  test("organisation-of-the-masses: every note reference goes to its note and back", async ({ page }) => {
    await page.goto("/texts/organisation-of-the-masses");
    const refs = page.locator("a.footnote-ref");
    const count = await refs.count();
    expect(count).toBeGreaterThanOrEqual(2);

    for (let i = 0; i < count; i++) {
      const ref = refs.nth(i);
      const refId = await ref.getAttribute("id");
      const href = await ref.getAttribute("href");
      expect(refId).toMatch(/^fnref-/);
      expect(href).toMatch(/^#fn-/);

      await ref.click();
      await expect.poll(() => page.evaluate(() => location.hash)).toBe(href);
      const note = page.locator(`[id="${href!.slice(1)}"]`);
      await expect(note).toBeInViewport();
      expect(await note.evaluate((el) => el.matches(":target"))).toBe(true);
      await expect(note).toHaveAttribute("data-block", "");

      // The note's back-link returns to this very reference.
      const back = note.getByRole("link", { name: "Back to the text", exact: true });
      await expect(back).toHaveAttribute("href", `#${refId}`);
      await back.click();
      await expect.poll(() => page.evaluate(() => location.hash)).toBe(`#${refId}`);
      await expect(ref).toBeInViewport();
    }
  });
});

test.describe("reading progress", () => {
  test.use({ viewport: DESKTOP });

  test("goes from 0 at the top to 100 at the end", async ({ page }) => {
    // The longest text, so there is plenty to scroll through.
    const longest = [...TEXTS].sort((a, b) => b.approxWords - a.approxWords)[0]!;
    await page.goto(`/texts/${longest.slug}`);
    const progress = page.getByRole("progressbar", { name: "Reading progress" });
    await expect(progress).toHaveAttribute("aria-valuemin", "0");
    await expect(progress).toHaveAttribute("aria-valuemax", "100");
    await expect(progress).toHaveAttribute("aria-valuenow", "0");

    const scrollTo = (share: number) =>
      page.evaluate((s) => {
        const el = document.scrollingElement!;
        window.scrollTo(0, (el.scrollHeight - window.innerHeight) * s);
      }, share);

    await scrollTo(0.5);
    await expect
      .poll(async () => Number(await progress.getAttribute("aria-valuenow")))
      .toBeGreaterThan(20);
    const middle = Number(await progress.getAttribute("aria-valuenow"));
    expect(middle).toBeLessThan(80);

    await scrollTo(1);
    await expect(progress).toHaveAttribute("aria-valuenow", "100");

    await scrollTo(0);
    await expect(progress).toHaveAttribute("aria-valuenow", "0");
  });
});

test.describe("display settings", () => {
  test.use({ viewport: DESKTOP });
  const SLUG = "the-workers-opposition";

  test("Dark sets data-theme on <html> and survives a reload", async ({ page }) => {
    await page.goto(`/texts/${SLUG}`);
    await expect(page.locator("html")).not.toHaveAttribute("data-theme", /.*/);

    const panel = await openDisplaySettings(page);
    for (const name of ["Auto", "Light", "Sepia", "Dark"]) {
      await expect(panel.getByRole("button", { name, exact: true })).toBeVisible();
    }
    await expect(panel.getByRole("button", { name: "Auto", exact: true })).toHaveAttribute("aria-pressed", "true");
    await expectNoAxeViolations(page, "display settings open");

    await panel.getByRole("button", { name: "Dark", exact: true }).click();
    await expect(page.locator("html")).toHaveAttribute("data-theme", "dark");
    expect(await page.evaluate(() => localStorage.getItem("sc-theme"))).toBe("dark");

    await page.reload();
    await expect(page.locator("html")).toHaveAttribute("data-theme", "dark");
    const reopened = await openDisplaySettings(page);
    await expect(reopened.getByRole("button", { name: "Dark", exact: true })).toHaveAttribute("aria-pressed", "true");
    await expect(reopened.getByRole("button", { name: "Auto", exact: true })).toHaveAttribute("aria-pressed", "false");

    // Auto forgets the choice again.
    await reopened.getByRole("button", { name: "Auto", exact: true }).click();
    await expect(page.locator("html")).not.toHaveAttribute("data-theme", /.*/);
    expect(await page.evaluate(() => localStorage.getItem("sc-theme"))).toBeNull();
  });

  test("Larger text makes the reading text bigger, and is remembered", async ({ page }) => {
    await page.goto(`/texts/${SLUG}`);
    const paragraph = page.locator(".prose-reading p").first();
    const fontSize = () => paragraph.evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
    const before = await fontSize();

    const panel = await openDisplaySettings(page);
    await panel.getByRole("button", { name: "Larger" }).click();
    await expect(panel.locator("[aria-live]")).toHaveText("large");
    await expect.poll(fontSize).toBeGreaterThan(before);
    const larger = await fontSize();

    await page.reload();
    await expect(page.locator("html")).toHaveAttribute("data-text-size", "large");
    expect(await fontSize()).toBe(larger);
  });

  test("Escape closes the panel and returns focus to the Display button", async ({ page }) => {
    await page.goto(`/texts/${SLUG}`);
    const button = page.getByRole("button", { name: "Display", exact: true });
    const panel = await openDisplaySettings(page);
    await panel.getByRole("button", { name: "Sepia", exact: true }).focus();
    await page.keyboard.press("Escape");
    await expect(panel).toBeHidden();
    await expect(button).toHaveAttribute("aria-expanded", "false");
    await expect(button).toBeFocused();
  });
});

test.describe("phone", () => {
  test.use({ viewport: PHONE });

  test("library fits the screen", async ({ page }) => {
    await page.goto("/");
    await expect(page.getByRole("main").getByRole("listitem")).toHaveCount(TEXTS.length);
    expect(await hasHorizontalScroll(page)).toBe(false);
  });

  const screenshotSlug = TEXTS.find((t) => t.hasHeadings)?.slug ?? TEXTS[0]!.slug;
  for (const text of TEXTS) {
    test(`${text.slug}: no sideways scrolling, Contents folded away`, async ({ page }) => {
      await page.goto(`/texts/${text.slug}`);
      await expect(page.locator("h1")).toBeVisible();
      expect(await hasHorizontalScroll(page)).toBe(false);

      await expect(page.getByRole("navigation", { name: "Table of contents" })).toBeHidden();
      const contents = page.locator("details").filter({ has: page.locator("summary", { hasText: "Contents" }) });
      if (text.hasHeadings || text.hasNotes) {
        await expect(contents).toBeVisible();
        const nav = contents.getByRole("navigation", { name: "Contents" });
        await expect(nav).toBeHidden();
        await contents.locator("summary").click();
        await expect(nav).toBeVisible();
        await expect(nav.getByRole("link").first()).toBeVisible();
        expect(await hasHorizontalScroll(page)).toBe(false);
        await contents.locator("summary").click();
        await expect(nav).toBeHidden();
      } else {
        await expect(contents).toHaveCount(0);
      }

      if (text.slug === screenshotSlug) {
        await readyForScreenshot(page);
        await page.screenshot({ path: path.join(SCREENSHOT_DIR, `phone-${text.slug}.png`), fullPage: true });
      }
    });
  }
});

test.describe("errors and health", () => {
  test("an unknown text is a 404 with a way back to the library", async ({ page }) => {
    const response = await page.goto("/texts/does-not-exist");
    expect(response?.status()).toBe(404);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(/couldn.t find that text/i);
    await expect(page).toHaveTitle(/not found/i);
    await expectNoAxeViolations(page, "text not found");

    await page.getByRole("link", { name: /library/i }).filter({ hasText: /browse/i }).click();
    await expect(page).toHaveURL(/\/$/);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Texts to read together");
  });

  test("an unknown page is a 404 too", async ({ page }) => {
    const response = await page.goto("/no-such-page");
    expect(response?.status()).toBe(404);
    await expect(page.getByRole("link", { name: "Go to the library" })).toHaveAttribute("href", "/");
  });

  test("/api/health answers ok", async ({ request }) => {
    const response = await request.get("/api/health");
    expect(response.status()).toBe(200);
    expect(response.headers()["content-type"]).toContain("application/json");
    expect(await response.json()).toMatchObject({ status: "ok" });
  });
});

test.describe("keyboard", () => {
  test.use({ viewport: DESKTOP });

  async function tabToSkipLink(page: Page) {
    const skip = page.getByRole("link", { name: "Skip to content" });
    await page.keyboard.press("Tab");
    await expect(skip).toBeFocused();
    // Hidden until focused, then shown.
    await expect(skip).toBeInViewport();
    await page.keyboard.press("Enter");
    await expect.poll(() => page.evaluate(() => location.hash)).toBe("#main");
  }

  test("Tab reaches “Skip to content” first, and Enter moves focus to the text", async ({ page }) => {
    const text = TEXTS.find((t) => t.hasHeadings) ?? TEXTS[0]!;
    await page.goto(`/texts/${text.slug}`);
    await tabToSkipLink(page);
    await expect(page.getByRole("main")).toBeFocused();
    // The next Tab goes on from the text (the "Library" link above the title), not from the header.
    await page.keyboard.press("Tab");
    await expect(page.getByRole("main").getByRole("link", { name: "Library" })).toBeFocused();
  });

  test("on the library, “Skip to content” skips the header", async ({ page }) => {
    await page.goto("/");
    await tabToSkipLink(page);
    await expect(page.getByRole("main")).toBeFocused();
    await page.keyboard.press("Tab");
    const first = page.getByRole("main").getByRole("link").first();
    await expect(first).toBeFocused();
  });
});
