// Shared helpers for the browser tests: what the library should contain (read from
// content/texts/*.md, so the tests follow the content rather than hard-coding it),
// axe with readable failures, and a wait for React to have hydrated the header.
import fs from "node:fs";
import path from "node:path";
import matter from "gray-matter";
import AxeBuilder from "@axe-core/playwright";
import { expect, type Page } from "@playwright/test";

export const ROOT = path.resolve(import.meta.dirname, "..");
export const SCREENSHOT_DIR = path.join(ROOT, "screenshots", "e2e");

export type ExpectedText = {
  slug: string;
  title: string;
  author: string | null;
  /** True when the Markdown defines at least one footnote. */
  hasNotes: boolean;
  /** True when the Markdown has at least one heading of its own. */
  hasHeadings: boolean;
  /** Words in the body, counted the way the app counts them (footnotes excluded). */
  approxWords: number;
};

// Same rule as countWords() in lib/content/blocks.ts.
const WORD = /[\p{L}\p{N}]+(?:['’\-][\p{L}\p{N}]+)*/gu;

export function readExpectedTexts(): ExpectedText[] {
  const dir = path.join(ROOT, "content", "texts");
  return fs
    .readdirSync(dir)
    .filter((name) => name.endsWith(".md"))
    .sort()
    .map((name) => {
      const { data, content } = matter(fs.readFileSync(path.join(dir, name), "utf8"), {});
      // Drop footnote definitions (they are not counted) and footnote markers.
      const body = content
        .split(/\n{2,}/)
        .filter((para) => !/^\[\^[^\]]+\]:/.test(para.trim()))
        .join("\n\n")
        .replace(/\[\^[^\]]+\]/g, "")
        .replace(/^#{1,6}\s/gm, "")
        .replace(/^\s*\d+\.\s/gm, "");
      return {
        slug: name.replace(/\.md$/, ""),
        title: String(data.title),
        author: typeof data.author === "string" ? data.author : null,
        hasNotes: /^\[\^[^\]]+\]:/m.test(content),
        hasHeadings: /^#{2,6}\s/m.test(content),
        approxWords: body.match(WORD)?.length ?? 0,
      };
    });
}

/** Runs axe on the page once settled and fails with a readable list of violations. */
export async function expectNoAxeViolations(page: Page, label: string) {
  // Next streams a page's <title> and sets it again after a refresh: let it land first.
  await expect.poll(() => page.title(), { message: `${label}: the page has a title` }).not.toBe("");
  const results = await new AxeBuilder({ page }).analyze();
  const violations = results.violations
    .filter((v) => v.nodes.length > 0)
    .map((v) => ({
      rule: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes
        .slice(0, 5)
        .map((n) => `${n.target.join(" ")} — ${n.failureSummary?.split("\n").slice(1).join(" ").trim()}`),
    }));
  expect(violations, `axe violations (${label})`).toEqual([]);
}

/** The header's controls work once React has hydrated them; the Display button says so with data-ready. */
export async function waitForHydration(page: Page) {
  await expect(page.getByRole("button", { name: "Display", exact: true })).toHaveAttribute("data-ready", "");
}

/** Opens the Display settings panel and returns it. */
export async function openDisplaySettings(page: Page) {
  await waitForHydration(page);
  const button = page.getByRole("button", { name: "Display", exact: true });
  const panel = page.getByRole("group", { name: "Display settings" });
  await button.click();
  await expect(button).toHaveAttribute("aria-expanded", "true");
  await expect(panel).toBeVisible();
  return panel;
}

/** Chooses a theme from the Display menu and closes the menu again. */
export async function chooseTheme(page: Page, theme: "Dark" | "Light" | "Sepia" | "Auto") {
  const panel = await openDisplaySettings(page);
  await panel.getByRole("button", { name: theme, exact: true }).click();
  await expect(panel.getByRole("button", { name: theme, exact: true })).toHaveAttribute("aria-pressed", "true");
  await page.keyboard.press("Escape");
  await expect(panel).toBeHidden();
}

/** Heading levels (1–6) of every h1…h6 on the page, in document order. */
export function headingLevels(page: Page) {
  return page.locator("h1, h2, h3, h4, h5, h6").evaluateAll((els) => els.map((el) => Number(el.tagName.slice(1))));
}

/** The h1's text without footnote markers (a note on the title is rendered inside the h1). */
export function titleText(page: Page) {
  return page.locator("h1").evaluate((h1) => {
    const copy = h1.cloneNode(true) as HTMLElement;
    copy.querySelectorAll("[data-anchor-skip]").forEach((el) => el.remove());
    return copy.textContent?.replace(/\s+/g, " ").trim();
  });
}

/** Whether the page scrolls sideways. */
export function hasHorizontalScroll(page: Page) {
  return page.evaluate(() => document.scrollingElement!.scrollWidth > window.innerWidth);
}

/**
 * Ready for a full-page screenshot: fonts loaded, and scrolled to the very top (opening a
 * text from a scrolled library leaves the page scrolled by the header's height, which
 * would draw the sticky header part-way down the picture).
 */
export async function readyForScreenshot(page: Page) {
  await page.evaluate(async () => {
    await document.fonts.ready;
    window.scrollTo({ top: 0, behavior: "instant" });
  });
  await expect.poll(() => page.evaluate(() => window.scrollY)).toBe(0);
  await expect(page.getByRole("banner")).toBeInViewport({ ratio: 1 });
}
