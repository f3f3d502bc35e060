// The weekly rhythm in real Chromium against the real app. A facilitator plans three
// weeks in the schedule editor, choosing each week's range and pinning prompts by
// clicking in the text; a member follows "this week" from the group's home, reads to
// the end of the range (100%), finds the group's notes closed until they post ("post
// before you peek"), answers a prompt and then sees them; the facilitator reads the
// participation table and heat map and downloads the agenda, whose open questions come
// most-asked first; the member's calendar feed lists the weeks and stops when reset.
import fs from "node:fs";
import path from "node:path";
import type { Page } from "@playwright/test";
import { parseText } from "@/lib/content/blocks";
import { ROOT, SCREENSHOT_DIR, expectNoAxeViolations, waitForHydration } from "./helpers";
import { addMember, createGroup, expect, expectStatus, json, newPerson, test, type SignedIn } from "./fixtures";

const SLUG = "the-need-for-a-revolutionary-party";
const TITLE = "The Need for a Revolutionary Party";
const PARAGRAPHS = parseText(fs.readFileSync(path.join(ROOT, "content", "texts", `${SLUG}.md`), "utf8"), SLUG).blocks.filter(
  (b) => b.kind === "paragraph" && b.plainText.length > 100,
);

/** A question on the first words of a paragraph, through the API. */
async function ask(actor: SignedIn, groupId: string, versionId: string, paragraph: number, body: string) {
  const block = PARAGRAPHS[paragraph]!;
  const response = await actor.api.post(`/api/groups/${groupId}/annotations`, {
    id: crypto.randomUUID(),
    text: SLUG,
    kind: "question",
    body,
    anchor: { versionId, startBlockId: block.id, startOffset: 0, endBlockId: block.id, endOffset: 20, exact: block.plainText.slice(0, 20) },
  });
  await expectStatus(response, 201, "ask a question");
  return (await json<{ annotation: { id: string } }>(response)).annotation.id;
}

/** Plans a week in the editor: the text, a range clicked in the text, prompts pinned by clicking. */
async function planWeek(page: Page, groupId: string, week: { start: number; end: number; prompts: { body: string; pin: number | null }[]; peek?: boolean }) {
  await page.goto(`/groups/${groupId}/schedule/new`);
  await waitForHydration(page);
  await page.getByLabel("Text", { exact: true }).selectOption(SLUG);
  const block = (i: number) => page.locator(`[data-block-id="${PARAGRAPHS[i]!.id}"]`);
  await expect(block(0)).toBeVisible();
  await page.getByLabel("Part of it, from one paragraph to another").check();
  await block(week.start).click();
  await block(week.end).click();
  await expect(page.getByTestId("range-start")).toContainText(PARAGRAPHS[week.start]!.plainText.split(" ").slice(0, 3).join(" "));
  for (const [i, prompt] of week.prompts.entries()) {
    if (i > 0) await page.getByRole("button", { name: "Add a prompt" }).click();
    await page.getByLabel(`Prompt ${i + 1}`, { exact: true }).fill(prompt.body);
    if (prompt.pin !== null) {
      await page.getByRole("listitem").filter({ has: page.getByLabel(`Prompt ${i + 1}`, { exact: true }) }).getByRole("button", { name: "Pin to a passage" }).click();
      await block(prompt.pin).click();
    }
  }
  if (week.peek) await page.getByLabel("Post before you peek").check();
  await page.getByRole("button", { name: "Add to the schedule" }).click();
  await page.waitForURL(`**/groups/${groupId}`);
}

test.describe("the facilitator's weeks, the member's reading, the meeting", () => {
  test("three weeks planned, one read to the end, a prompt answered, notes opened by posting, the heat map and the agenda", async ({ signedUp }) => {
    test.setTimeout(180_000);
    const fac = await signedUp(newPerson("fac", "Faye Facilitator"));
    const mem = await signedUp(newPerson("mem", "Milo Member"));
    const other = await signedUp(newPerson("oth", "Oona Other"));
    const group = await createGroup(fac);
    await addMember(fac, group.id, mem);
    await addMember(fac, group.id, other);

    // The empty home teaches the first step.
    await fac.page.goto(`/groups/${group.id}`);
    await expect(fac.page.getByRole("heading", { name: "Plan your first week" })).toBeVisible();

    // A range that ends before it starts is refused with the reason under the field, and nothing is stored.
    await fac.page.goto(`/groups/${group.id}/schedule/new`);
    await waitForHydration(fac.page);
    await fac.page.getByLabel("Text", { exact: true }).selectOption(SLUG);
    await fac.page.getByLabel("Part of it, from one paragraph to another").check();
    await fac.page.locator(`[data-block-id="${PARAGRAPHS[3]!.id}"]`).click();
    await fac.page.locator(`[data-block-id="${PARAGRAPHS[1]!.id}"]`).click();
    await fac.page.getByRole("button", { name: "Add to the schedule" }).click();
    await expect(fac.page.locator("#error-endBlockId")).toContainText("ends before it starts");
    const empty = await json<{ readings: unknown[] }>(await fac.api.get(`/api/groups/${group.id}/readings`));
    expect(empty.readings).toEqual([]);

    // Three weeks, each with prompts pinned to passages; the first asks members to post before they peek.
    await planWeek(fac.page, group.id, {
      start: 0,
      end: 3,
      peek: true,
      prompts: [
        { body: "What does the party give the masses that they lack?", pin: 1 },
        { body: "Which of this still holds today?", pin: null },
      ],
    });
    await planWeek(fac.page, group.id, { start: 4, end: 6, prompts: [{ body: "Who decides, and how?", pin: 5 }] });
    await planWeek(fac.page, group.id, { start: 7, end: 8, prompts: [{ body: "What would you change?", pin: 8 }] });
    const schedule = await json<{ readings: { id: string; weekOf: string; prompts: { blockId: string | null }[]; postBeforePeek: boolean }[] }>(
      await fac.api.get(`/api/groups/${group.id}/readings`),
    );
    expect(schedule.readings).toHaveLength(3);
    expect(schedule.readings.map((r) => r.prompts.map((p) => p.blockId))).toEqual([
      [PARAGRAPHS[1]!.id, null],
      [PARAGRAPHS[5]!.id],
      [PARAGRAPHS[8]!.id],
    ]);
    expect(schedule.readings.map((r) => r.postBeforePeek)).toEqual([true, false, false]);
    const weeks = schedule.readings.map((r) => r.weekOf);
    expect([...weeks].sort()).toEqual(weeks);
    const week1 = schedule.readings[0]!.id;

    // Another member has already asked two questions; the member has not posted yet.
    const versionId = (await json<{ text: { versionId: string } }>(await other.api.get(`/api/groups/${group.id}/annotations?text=${SLUG}`))).text
      .versionId;
    const earlier = await ask(other, group.id, versionId, 0, "Is a party the only way?");
    const shared = await ask(other, group.id, versionId, 2, "What counts as the masses here?");
    // Two people have the same question as the later one: it should lead the agenda. The
    // facilitator says so now; the member cannot until they have posted (the week is locked).
    const same = (who: typeof fac) => who.api.put(`/api/groups/${group.id}/annotations/${shared}/reactions/same`);
    await expectStatus(await same(fac), 200, "same question");
    await expectStatus(await same(mem), 404, "same question, before posting");

    // The member's home: this week first, with its prompts and due date.
    const { page } = mem;
    await page.goto(`/groups/${group.id}`);
    await waitForHydration(page);
    await expect(page.getByRole("heading", { name: TITLE, level: 2 })).toBeVisible();
    await expect(page.getByText("What does the party give the masses that they lack?")).toBeVisible();
    await expect(page.getByTestId("my-progress")).toHaveText("0%");
    await expect(page.getByRole("heading", { name: "Coming up" })).toBeVisible();
    await expectNoAxeViolations(page, "group home with a schedule");
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, "readings-home-member.png"), fullPage: true });

    // "This week" opens the reader on the week's range: the rest dimmed, the pinned prompt beside its paragraph.
    await page.getByRole("link", { name: "Read this week" }).click();
    await waitForHydration(page);
    await expect(page.locator("[data-annotation-layer]")).toHaveAttribute("data-state", "placed");
    await expect(page.getByTestId("week-banner")).toContainText("This week");
    await expect(page.locator(`[id="${PARAGRAPHS[0]!.id}"]`)).toHaveAttribute("data-week-start", "");
    await expect(page.locator(`[id="${PARAGRAPHS[3]!.id}"]`)).toHaveAttribute("data-week-end", "");
    await expect(page.locator(`[id="${PARAGRAPHS[5]!.id}"]`)).toHaveAttribute("data-outside", "");
    const pinned = page.locator(`[id="${PARAGRAPHS[1]!.id}"] + [data-prompt]`);
    await expect(pinned).toContainText("What does the party give the masses that they lack?");

    // Post before you peek: the other member's questions are not shown yet.
    await expect(page.getByTestId("peek-locked")).toBeVisible();
    await expect(page.locator(`[data-note="${earlier}"]`)).toHaveCount(0);

    // Reading to the end of the range: 100%, recorded (one batched request) and shown at home.
    const recorded = page.waitForResponse((r) => r.url().includes(`/readings/${week1}/progress`) && r.request().method() === "POST");
    await page.locator(`[id="${PARAGRAPHS[3]!.id}"]`).scrollIntoViewIfNeeded();
    await page.mouse.wheel(0, 400);
    await expect(page.getByTestId("week-percent")).toHaveText("100%");
    expect((await (await recorded).json()) as { percent: number }).toMatchObject({ percent: 100 });

    // Answering the pinned prompt is posting: the group's notes open.
    await pinned.getByRole("button", { name: "Answer" }).click();
    await pinned.getByLabel("Your answer").fill("Organisation, and a memory longer than one strike.");
    await pinned.getByRole("button", { name: "Post answer" }).click();
    await expect(pinned.getByRole("status")).toContainText("Your answer is posted.");
    await expect(page.getByTestId("peek-locked")).toHaveCount(0);
    await expect(page.locator(`[data-note="${earlier}"]`).first()).toBeAttached();
    await expectStatus(await same(mem), 200, "same question, after posting");
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, "readings-reader-week.png") });

    await page.goto(`/groups/${group.id}`);
    await expect(page.getByTestId("my-progress")).toHaveText("100%");
    await expect(page.getByText(/1 answer/)).toBeVisible();

    // The facilitator: participation per member, and the heat map over the week's paragraphs.
    await fac.page.goto(`/groups/${group.id}/readings/${week1}/participation`);
    const memberRow = fac.page.getByRole("row", { name: /Milo Member/ });
    await expect(memberRow).toContainText("100%");
    await expect(fac.page.getByRole("row", { name: /Oona Other/ }).getByRole("cell").nth(2)).toHaveText("2");
    const heat = fac.page.getByTestId("heat-map");
    await expect(heat.locator(`[data-heat="${PARAGRAPHS[2]!.id}"]`)).toContainText("1 open question");
    await expect(heat.locator(`[data-heat="${PARAGRAPHS[3]!.id}"]`)).toHaveAttribute("data-score", "0");
    await expectNoAxeViolations(fac.page, "participation and heat map");
    await fac.page.screenshot({ path: path.join(SCREENSHOT_DIR, "readings-participation.png"), fullPage: true });

    // The agenda, downloaded as Markdown: the most-asked open question first, the prompt with its answer.
    await fac.page.goto(`/groups/${group.id}/readings/${week1}/agenda`);
    await waitForHydration(fac.page);
    const download = fac.page.waitForEvent("download");
    await fac.page.getByRole("link", { name: "Download Markdown" }).click();
    const markdown = fs.readFileSync((await (await download).path())!, "utf8");
    const open = markdown.slice(markdown.indexOf("## Open questions"), markdown.indexOf("## Most discussed"));
    expect(open).toMatch(/1\. What counts as the masses here\? — Oona Other, on ¶\d+ .*\(2 people asked the same\)/);
    expect(open).toMatch(/2\. Is a party the only way\? — Oona Other/);
    expect(markdown).toContain("- **Milo Member:** Organisation, and a memory longer than one strike.");

    // Shared after the meeting, members read it too.
    await expectStatus(await mem.api.get(`/api/groups/${group.id}/readings/${week1}/agenda`), 404, "before it is shared");
    await fac.page.getByRole("button", { name: "Share with the group" }).click();
    await expect(fac.page.getByText("Shared with the group.").first()).toBeVisible();
    await page.goto(`/groups/${group.id}/readings/${week1}/agenda`);
    await expect(page.getByRole("heading", { name: `Meeting agenda: ${TITLE}` })).toBeVisible();

    // The calendar: every week's due date, at a secret address that a reset retires.
    await page.goto(`/groups/${group.id}`);
    await waitForHydration(page);
    await page.getByRole("button", { name: "Add the due dates to your calendar" }).click();
    const address = await page.getByLabel(/Your calendar address/).inputValue();
    const ics = await mem.api.get(new URL(address).pathname);
    await expectStatus(ics, 200, "calendar feed");
    expect((await ics.text()).match(/BEGIN:VEVENT/g)).toHaveLength(3);
    await page.getByRole("button", { name: /Make a new address/ }).click();
    await expect(page.getByRole("status").filter({ hasText: "the old one no longer works" })).toBeVisible();
    await expectStatus(await mem.api.get(new URL(address).pathname), 404, "the old calendar address");
    await expectStatus(await mem.api.get(new URL(await page.getByLabel(/Your calendar address/).inputValue()).pathname), 200, "the new address");
  });

  test("bad schedule input gets field errors and stores nothing", async ({ signedUp }) => {
    const fac = await signedUp(newPerson("fac"));
    const group = await createGroup(fac);
    const other = parseText(fs.readFileSync(path.join(ROOT, "content", "texts", "the-workers-opposition.md"), "utf8"), "x").blocks.find(
      (b) => b.kind === "paragraph",
    )!;
    const base = { text: SLUG, weekOf: "2026-12-07", due: "2026-12-13T18:00", startBlockId: PARAGRAPHS[0]!.id, endBlockId: PARAGRAPHS[2]!.id };
    const cases: [Record<string, unknown>, string][] = [
      [{ ...base, startBlockId: PARAGRAPHS[2]!.id, endBlockId: PARAGRAPHS[0]!.id }, "endBlockId"],
      [{ ...base, endBlockId: other.id }, "endBlockId"],
      [{ ...base, due: "13/12/2026 6pm" }, "due"],
      [{ ...base, due: "2026-02-30T18:00" }, "due"],
      [{ ...base, prompts: [{ body: "x".repeat(501), blockId: null }] }, "prompts.0.body"],
      [{ ...base, prompts: [{ body: "Out of range", blockId: PARAGRAPHS[6]!.id }] }, "prompts.0.blockId"],
    ];
    for (const [body, field] of cases) {
      const response = await fac.api.post(`/api/groups/${group.id}/readings`, body);
      await expectStatus(response, 400, field);
      const error = await json<{ error: string; fieldErrors: Record<string, string[]> }>(response);
      expect(Object.keys(error.fieldErrors), JSON.stringify(body).slice(0, 120)).toContain(field);
    }
    expect((await json<{ readings: unknown[] }>(await fac.api.get(`/api/groups/${group.id}/readings`))).readings).toEqual([]);
  });
});
