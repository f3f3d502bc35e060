// Annotating together, in real Chromium against the real app: two members in two
// browsers, highlights and comments made by dragging the mouse, private notes, undo,
// keyboard-only notes, script-laden bodies and accessibility with many notes open.
import fs from "node:fs";
import path from "node:path";
import type { Page } from "@playwright/test";
import { parseText } from "@/lib/content/blocks";
import { describe as describeSelector } from "@/lib/anchoring/describe";
import { ROOT, SCREENSHOT_DIR, expectNoAxeViolations, waitForHydration } from "./helpers";
import { addMember, createGroup, expect, expectStatus, json, test, withDatabase, type SignedIn } from "./fixtures";
import { dragSelect } from "./live";

const SLUG = "the-need-for-a-revolutionary-party";
const blocks = parseText(fs.readFileSync(path.join(ROOT, "content", "texts", `${SLUG}.md`), "utf8"), SLUG).blocks.map((b) => ({
  id: b.id,
  plainText: b.plainText,
  kind: b.kind,
}));
const paragraphs = blocks.filter((b) => b.kind === "paragraph" && b.plainText.length > 200);

type Note = {
  id: string;
  kind: string;
  body: string;
  visibility: string;
  author: { id: string; name: string };
  position: { startBlockId: string; startOffset: number; endBlockId: string; endOffset: number } | null;
  quote: { exact: string };
};

const readerUrl = (groupId: string) => `/groups/${groupId}/texts/${SLUG}`;

async function openReader(page: Page, groupId: string) {
  await page.goto(readerUrl(groupId));
  await waitForHydration(page);
  await expect(page.locator("[data-annotation-layer]")).toHaveAttribute("data-state", "placed");
}

async function notesOf(actor: SignedIn, groupId: string): Promise<Note[]> {
  const response = await actor.api.get(`/api/groups/${groupId}/annotations?text=${SLUG}`);
  await expectStatus(response, 200, "list annotations");
  return (await json<{ annotations: Note[] }>(response)).annotations;
}

async function versionOf(actor: SignedIn, groupId: string): Promise<string> {
  const response = await actor.api.get(`/api/groups/${groupId}/annotations?text=${SLUG}`);
  return (await json<{ text: { versionId: string } }>(response)).text.versionId;
}

/** The words each highlight of a CSS highlight name covers. */
function highlighted(page: Page, name: string) {
  return page.evaluate((name) => {
    const highlight = CSS.highlights.get(name);
    return highlight ? Array.from(highlight as unknown as Set<Range>, (r) => r.toString()) : [];
  }, name);
}

async function twoMembers(signedUp: () => Promise<SignedIn>) {
  const ana = await signedUp();
  const ben = await signedUp();
  const group = await createGroup(ana);
  await addMember(ana, group.id, ben);
  return { ana, ben, group };
}

test.describe("annotating together", () => {
  test("A highlights across two paragraphs and comments; B sees both in the right place", async ({ signedUp }) => {
    const { ana, ben, group } = await twoMembers(signedUp);
    const [first, second] = [paragraphs[0]!, paragraphs[1]!];
    const { page } = ana;
    await openReader(page, group.id);
    await expect(page.getByText("No notes yet — select words to start")).toBeVisible();

    // A highlight from the middle of one paragraph into the next.
    const startOffset = first.plainText.indexOf(" ", first.plainText.length - 60) + 1;
    const endOffset = second.plainText.indexOf(" ", 25);
    await dragSelect(page, { blockId: first.id, offset: startOffset }, { blockId: second.id, offset: endOffset });
    const toolbar = page.getByRole("toolbar", { name: "Annotate the selection" });
    await expect(toolbar).toBeVisible();
    await toolbar.getByRole("button", { name: "Highlight in green" }).click();
    await expect(toolbar).toBeHidden();
    await expect.poll(() => highlighted(page, "sc-green")).toHaveLength(1);

    // A comment on a phrase in the second paragraph.
    const phraseStart = second.plainText.indexOf(" ", 40) + 1;
    const phraseEnd = second.plainText.indexOf(" ", phraseStart + 30);
    await dragSelect(page, { blockId: second.id, offset: phraseStart }, { blockId: second.id, offset: phraseEnd });
    await toolbar.getByRole("button", { name: "Comment" }).click();
    const composer = page.locator("[data-margin] [data-composer]");
    await composer.getByRole("textbox", { name: /^Your (comment|question)$/ }).fill("This is the *crux*: organisation before spontaneity.");
    await composer.getByRole("button", { name: "Post comment" }).click();
    const card = page.locator("[data-margin] [data-note]").filter({ hasText: "organisation before spontaneity" });
    await expect(card).toBeVisible();
    await expect(card.locator("em")).toHaveText("crux");

    const stored = await notesOf(ana, group.id);
    const highlight = stored.find((n) => n.kind === "highlight")!;
    expect(highlight.position).toEqual({ startBlockId: first.id, startOffset, endBlockId: second.id, endOffset });
    expect(highlight.quote.exact).toBe(`${first.plainText.slice(startOffset)}\n${second.plainText.slice(0, endOffset)}`);
    const comment = stored.find((n) => n.kind === "comment")!;
    expect(comment.quote.exact).toBe(second.plainText.slice(phraseStart, phraseEnd));

    // B, in another browser, sees both where A put them.
    await openReader(ben.page, group.id);
    // A range's text runs the paragraphs together; the stored quote separates them with a line break.
    expect(await highlighted(ben.page, "sc-green")).toEqual([highlight.quote.exact.replace("\n", "")]);
    expect(await highlighted(ben.page, "sc-comment")).toEqual([comment.quote.exact]);
    const benCard = ben.page.locator("[data-margin] [data-note]").filter({ hasText: "organisation before spontaneity" });
    await expect(benCard).toContainText(ana.user.name);
    // Beside its words: the card starts on the line where the commented words start.
    const [cardTop, wordsTop] = await ben.page.evaluate((id) => {
      const card = document.querySelector(`[data-margin] [data-note="${id}"]`)!.getBoundingClientRect().top;
      const ranges = Array.from(CSS.highlights.get("sc-comment") as unknown as Set<Range>);
      return [card, ranges[0]!.getClientRects()[0]!.top];
    }, comment.id);
    expect(Math.abs(cardTop - wordsTop)).toBeLessThan(24);

    // Hovering the note marks its passage.
    await benCard.hover();
    await expect.poll(() => highlighted(ben.page, "sc-active")).toEqual([comment.quote.exact]);

    fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
    await ben.page.screenshot({ path: path.join(SCREENSHOT_DIR, "reader-annotated.png") });
  });

  test("a private note is invisible to another member", async ({ signedUp }) => {
    const { ana, ben, group } = await twoMembers(signedUp);
    const block = paragraphs[2]!;
    const { page } = ana;
    await openReader(page, group.id);
    await dragSelect(page, { blockId: block.id, offset: 0 }, { blockId: block.id, offset: block.plainText.indexOf(" ", 30) });
    await page.getByRole("toolbar", { name: "Annotate the selection" }).getByRole("button", { name: "Question" }).click();
    const composer = page.locator("[data-margin] [data-composer]");
    await composer.getByRole("textbox", { name: /^Your (comment|question)$/ }).fill("A note to myself: reread Lenin on this.");
    await composer.getByLabel("Only me").check();
    await composer.getByRole("button", { name: "Ask question" }).click();
    await expect(page.locator("[data-margin] [data-note]")).toContainText("Only you can see this");

    expect((await notesOf(ana, group.id)).map((n) => n.visibility)).toEqual(["private"]);
    expect(await notesOf(ben, group.id)).toEqual([]);
    await openReader(ben.page, group.id);
    await expect(ben.page.locator("[data-note]")).toHaveCount(0);
    await expect(ben.page.getByText("reread Lenin")).toHaveCount(0);
  });

  test("undo after delete restores the note", async ({ signedUp }) => {
    const { ana, group } = await twoMembers(signedUp);
    const block = paragraphs[3]!;
    const versionId = await versionOf(ana, group.id);
    const position = { startBlockId: block.id, startOffset: 0, endBlockId: block.id, endOffset: 40 };
    const created = await ana.api.post(`/api/groups/${group.id}/annotations`, {
      id: crypto.randomUUID(),
      text: SLUG,
      kind: "comment",
      body: "Worth discussing on Tuesday.",
      anchor: { versionId, ...position, exact: block.plainText.slice(0, 40) },
    });
    await expectStatus(created, 201, "create");
    const { page } = ana;
    await openReader(page, group.id);
    const card = page.locator("[data-margin] [data-note]").filter({ hasText: "Worth discussing" });
    await card.getByRole("button", { name: "Delete" }).click();
    await expect(card).toHaveCount(0);
    expect(await notesOf(ana, group.id)).toEqual([]);
    await page.getByRole("status").getByRole("button", { name: "Undo" }).click();
    await expect(page.locator("[data-margin] [data-note]").filter({ hasText: "Worth discussing" })).toBeVisible();
    expect((await notesOf(ana, group.id)).map((n) => n.body)).toEqual(["Worth discussing on Tuesday."]);
  });

  test("a note can be written with the keyboard alone", async ({ signedUp }) => {
    const { ana, group } = await twoMembers(signedUp);
    const { page } = ana;
    await openReader(page, group.id);
    // Tab from the top of the page to the first "comment on this paragraph" control.
    await page.locator("body").focus();
    let found = false;
    for (let i = 0; i < 80 && !found; i++) {
      await page.keyboard.press("Tab");
      found = await page.evaluate(() => document.activeElement?.hasAttribute("data-para-note") ?? false);
    }
    expect(found, "a paragraph's note control is reachable with Tab").toBe(true);
    const blockId = await page.evaluate(() => document.activeElement!.closest("[data-block]")!.id);
    await expect(page.locator(":focus")).toBeVisible();
    await page.keyboard.press("Enter");
    await expect(page.locator("[data-composer] textarea")).toBeFocused();
    await page.keyboard.type("Read this paragraph twice.");
    await page.keyboard.press("Control+Enter");
    await expect(page.locator("[data-margin] [data-note]").filter({ hasText: "Read this paragraph twice." })).toBeVisible();
    const [note] = await notesOf(ana, group.id);
    const block = blocks.find((b) => b.id === blockId)!;
    expect(note!.position).toEqual({ startBlockId: blockId, startOffset: 0, endBlockId: blockId, endOffset: block.plainText.length });
  });

  test("script in a note's body is shown as text and never run", async ({ signedUp }) => {
    const { ana, ben, group } = await twoMembers(signedUp);
    const versionId = await versionOf(ana, group.id);
    const corpus = [
      `<script>window.__xss = "script"</script>`,
      `<img src=x onerror="window.__xss = 'img'">`,
      `<svg onload="window.__xss = 'svg'"></svg>`,
      `[click me](javascript:window.__xss='link')`,
      `[data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)`,
      `<a href="javascript:window.__xss='a'">a</a>`,
      `"><script>window.__xss = "attr"</script>`,
      `<iframe src="javascript:window.__xss='iframe'"></iframe>`,
      `![img](x" onerror="window.__xss='md-img')`,
      `<javascript:window.__xss='autolink'>`,
      "<style>body { display: none }</style>",
      `<details open ontoggle="window.__xss='details'">`,
    ];
    for (const [i, body] of corpus.entries()) {
      const block = paragraphs[i % paragraphs.length]!;
      const response = await ben.api.post(`/api/groups/${group.id}/annotations`, {
        id: crypto.randomUUID(),
        text: SLUG,
        kind: "comment",
        body,
        anchor: { versionId, startBlockId: block.id, startOffset: 0, endBlockId: block.id, endOffset: 12 + i, exact: block.plainText.slice(0, 12 + i) },
      });
      await expectStatus(response, 201, `create ${body}`);
    }
    const { page } = ana;
    const dialogs: string[] = [];
    page.on("dialog", (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await openReader(page, group.id);
    // Open every folded paragraph so every body is on the page.
    for (const more of await page.getByRole("button", { name: /more notes? on this paragraph/ }).all()) await more.click();
    await expect(page.locator("[data-margin] [data-note]")).toHaveCount(corpus.length);
    for (const link of await page.locator("[data-margin] [data-note] a").all()) {
      const href = (await link.getAttribute("href")) ?? "";
      expect(href, "no script links").not.toMatch(/^\s*(javascript|data|vbscript):/i);
    }
    // Clicking every link-looking thing does not run anything either.
    for (const link of await page.locator("[data-margin] [data-note] a").all()) await link.click({ modifiers: ["Control"] }).catch(() => {});
    expect(await page.evaluate(() => (window as unknown as { __xss?: string }).__xss)).toBeUndefined();
    // The bodies (where the members' words are drawn) hold no such element; the cards' own icons are not in them.
    await expect(page.locator("[data-margin] [data-note] .note-body")).toHaveCount(corpus.length);
    expect(await page.locator("[data-margin] [data-note] .note-body :is(script, img, svg, iframe, style, details)").count()).toBe(0);
    await expect(page.locator("[data-margin]").getByText(`<script>window.__xss = "script"</script>`)).toBeVisible();
    expect(dialogs).toEqual([]);
    await expect(page.locator("body")).toBeVisible();
  });

  test("axe finds no violations with 50 notes open", async ({ signedUp }) => {
    const { ana, ben, group } = await twoMembers(signedUp);
    const versionId = await versionOf(ana, group.id);
    const text = blocks.filter((b) => b.kind === "paragraph" && b.plainText.length > 80);
    for (let i = 0; i < 50; i++) {
      const block = text[i % text.length]!;
      const start = (i * 7) % 40;
      const position = { startBlockId: block.id, startOffset: start, endBlockId: block.id, endOffset: start + 30 };
      const selector = describeSelector(blocks, position);
      const author = i % 2 ? ana : ben;
      const response = await author.api.post(`/api/groups/${group.id}/annotations`, {
        id: crypto.randomUUID(),
        text: SLUG,
        kind: ["highlight", "comment", "question"][i % 3],
        color: "yellow",
        body: i % 3 ? `Note ${i}: **why** does this matter? See [the text](https://example.org/${i}).` : "",
        anchor: { versionId, ...position, exact: selector.exact },
      });
      await expectStatus(response, 201, `note ${i}`);
    }
    const { page } = ana;
    await openReader(page, group.id);
    await expect(page.locator("[data-annotation-layer]")).toHaveAttribute("data-annotations-count", "50");
    for (const more of await page.getByRole("button", { name: /more notes? on this paragraph/ }).all()) await more.click();
    await expectNoAxeViolations(page, "reader with 50 notes");
    // The notes sheet on a phone, too.
    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByRole("button", { name: "Notes", exact: true }).click();
    await expect(page.getByRole("dialog", { name: "All notes" })).toBeVisible();
    await expectNoAxeViolations(page, "notes sheet on a phone");
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, "reader-phone-sheet.png") });
  });
});

test.describe("the annotations API", () => {
  test("bad input gets a clear 400/404/409/413 with a message and stores nothing", async ({ signedUp }) => {
    const { ana, group } = await twoMembers(signedUp);
    const other = await createGroup(ana);
    const versionId = await versionOf(ana, group.id);
    const block = paragraphs[0]!;
    const url = `/api/groups/${group.id}/annotations`;
    const good = {
      text: SLUG,
      kind: "comment",
      body: "A fine comment.",
      anchor: { versionId, startBlockId: block.id, startOffset: 0, endBlockId: block.id, endOffset: 20, exact: block.plainText.slice(0, 20) },
    };
    const anchor = good.anchor;
    const cases: [string, Record<string, unknown>, number, RegExp][] = [
      ["words that are not there", { anchor: { ...anchor, exact: "Words nobody wrote." } }, 400, /not in this version of the text/],
      ["an offset past the end", { anchor: { ...anchor, endOffset: block.plainText.length + 5 } }, 400, /past the end/],
      ["a negative offset", { anchor: { ...anchor, startOffset: -1 } }, 400, /Some fields need attention|negative/],
      ["a reversed range", { anchor: { ...anchor, startOffset: 20, endOffset: 5 } }, 400, /ends before it starts/],
      ["an unknown block", { anchor: { ...anchor, startBlockId: "p-0000000000", endBlockId: "p-0000000000" } }, 400, /no block/],
      ["an unknown version", { anchor: { ...anchor, versionId: "c" + "0".repeat(24) } }, 400, /version of the text was not found/],
      ["an unknown colour", { kind: "highlight", color: "mauve" }, 400, /Some fields need attention/],
      ["an unknown kind", { kind: "shout" }, 400, /Some fields need attention/],
      ["an empty comment", { body: "   " }, 400, /Some fields need attention/],
      ["a body over 10,000 characters", { body: "x".repeat(10_001) }, 413, /keep it under 10,000 characters/],
      ["an unknown text", { text: "no-such-text" }, 404, /That text was not found/],
      ["an id that is not a UUID", { id: "not-a-uuid" }, 400, /Some fields need attention/],
    ];
    for (const [what, change, status, message] of cases) {
      const response = await ana.api.post(url, { id: crypto.randomUUID(), ...good, ...change });
      await expectStatus(response, status, what);
      const body = await json<{ error: string; fieldErrors?: Record<string, string[]> }>(response);
      expect(`${body.error} ${JSON.stringify(body.fieldErrors ?? {})}`, what).toMatch(message);
    }
    expect(await notesOf(ana, group.id), "nothing was stored").toEqual([]);

    // Another group's note through this group is a 404.
    const elsewhere = await ana.api.post(`/api/groups/${other.id}/annotations`, { id: crypto.randomUUID(), ...good });
    await expectStatus(elsewhere, 201);
    const foreign = (await json<{ annotation: Note }>(elsewhere)).annotation.id;
    await expectStatus(await ana.api.get(`${url}/${foreign}`), 404);
    await expectStatus(await ana.api.patch(`${url}/${foreign}`, { revision: 1, body: "x" }), 404);
    await expectStatus(await ana.api.delete(`${url}/${foreign}`), 404);
    expect(await notesOf(ana, group.id)).toEqual([]);
  });

  test("sending the same note twice stores it once; an edit on an old copy is a 409 with the newer text", async ({ signedUp }) => {
    const { ana, ben, group } = await twoMembers(signedUp);
    const versionId = await versionOf(ana, group.id);
    const block = paragraphs[1]!;
    const note = {
      id: crypto.randomUUID(),
      text: SLUG,
      kind: "question",
      body: "Is this still true?",
      anchor: { versionId, startBlockId: block.id, startOffset: 0, endBlockId: block.id, endOffset: 30, exact: block.plainText.slice(0, 30) },
    };
    const url = `/api/groups/${group.id}/annotations`;
    await expectStatus(await ana.api.post(url, note), 201, "first");
    await expectStatus(await ana.api.post(url, note), 200, "again");
    expect(await notesOf(ana, group.id)).toHaveLength(1);
    // Somebody else cannot take the id.
    await expectStatus(await ben.api.post(url, note), 409, "someone else's id");

    await expectStatus(await ana.api.patch(`${url}/${note.id}`, { revision: 1, body: "Is this still true today?" }), 200);
    const stale = await ana.api.patch(`${url}/${note.id}`, { revision: 1, body: "An edit from an old tab." });
    await expectStatus(stale, 409, "stale edit");
    const conflict = await json<{ error: string; current: Note & { revision: number } }>(stale);
    expect(conflict.error).toMatch(/changed since you opened it/);
    expect(conflict.current.body).toBe("Is this still true today?");
    expect(conflict.current.revision).toBe(2);
    expect((await notesOf(ana, group.id))[0]!.body).toBe("Is this still true today?");
  });

  test("Accept: application/ld+json returns W3C Web Annotations", async ({ signedUp }) => {
    const { ana, group } = await twoMembers(signedUp);
    const versionId = await versionOf(ana, group.id);
    const block = paragraphs[0]!;
    const id = crypto.randomUUID();
    await expectStatus(
      await ana.api.post(`/api/groups/${group.id}/annotations`, {
        id,
        text: SLUG,
        kind: "highlight",
        color: "pink",
        anchor: { versionId, startBlockId: block.id, startOffset: 5, endBlockId: block.id, endOffset: 40, exact: block.plainText.slice(5, 40) },
      }),
      201,
    );
    const page = await ana.api.get(`/api/groups/${group.id}/annotations?text=${SLUG}`, { Accept: "application/ld+json" });
    await expectStatus(page, 200);
    expect(page.headers()["content-type"]).toMatch(/^application\/ld\+json/);
    const body = await json<{ "@context": string; type: string; items: Record<string, unknown>[] }>(page);
    expect(body["@context"]).toBe("http://www.w3.org/ns/anno.jsonld");
    expect(body.type).toBe("AnnotationPage");
    expect(body.items[0]).toMatchObject({
      type: "Annotation",
      motivation: "highlighting",
      target: {
        styleClass: "highlight-pink",
        selector: [
          { type: "TextQuoteSelector", exact: block.plainText.slice(5, 40), prefix: block.plainText.slice(0, 5) },
          {
            type: "RangeSelector",
            startSelector: { type: "FragmentSelector", value: block.id, refinedBy: { type: "TextPositionSelector", start: 5 } },
            endSelector: { type: "FragmentSelector", value: block.id, refinedBy: { type: "TextPositionSelector", end: 40 } },
          },
          // Within one paragraph: the paragraph's fragment id refined by the offsets into it.
          { type: "FragmentSelector", value: block.id, refinedBy: { type: "TextPositionSelector", start: 5, end: 40 } },
        ],
      },
    });
    expect(String(body.items[0]!.id)).toMatch(new RegExp(`/api/groups/${group.id}/annotations/${id}$`));
  });
});

test.describe("notes that lost their place, and edits that crossed", () => {
  test("a facilitator places an unplaced note again by selecting new words", async ({ signedUp }) => {
    const { ana, ben, group } = await twoMembers(signedUp);
    const versionId = await versionOf(ana, group.id);
    const block = paragraphs[0]!;
    const id = crypto.randomUUID();
    await expectStatus(
      await ben.api.post(`/api/groups/${group.id}/annotations`, {
        id,
        text: SLUG,
        kind: "comment",
        body: "Words that were edited away.",
        anchor: { versionId, startBlockId: block.id, startOffset: 0, endBlockId: block.id, endOffset: 30, exact: block.plainText.slice(0, 30) },
      }),
      201,
    );
    // As re-anchoring leaves a note whose words are gone: its quote kept, its place unknown.
    await withDatabase((db) =>
      db.query(`UPDATE "Annotation" SET "anchorState" = 'orphan', "startBlockId" = NULL, "startOffset" = NULL, "endBlockId" = NULL, "endOffset" = NULL WHERE id = $1`, [id]),
    );
    const { page } = ana;
    await openReader(page, group.id);
    await page.getByRole("button", { name: "Unplaced notes (1)" }).click();
    const sheet = page.getByRole("dialog", { name: "Unplaced notes" });
    await expect(sheet).toContainText(block.plainText.slice(0, 30));
    await expect(sheet).toContainText("Words that were edited away.");
    await sheet.getByRole("button", { name: "Place on new words" }).click();
    await expect(page.getByText(/Placing a note on/)).toBeVisible();

    const target = paragraphs[2]!;
    await dragSelect(page, { blockId: target.id, offset: 0 }, { blockId: target.id, offset: target.plainText.indexOf(" ", 20) });
    await page.getByRole("toolbar", { name: "Annotate the selection" }).getByRole("button", { name: "Place the note here" }).click();
    await expect(page.locator("[data-margin] [data-note]").filter({ hasText: "Words that were edited away." })).toBeVisible();
    await expect(page.getByRole("button", { name: /Unplaced notes/ })).toHaveCount(0);
    const [note] = await notesOf(ben, group.id);
    expect(note!.position).toMatchObject({ startBlockId: target.id, startOffset: 0 });
  });

  test("an edit made on an older copy is refused, shows the newer text, and keeps the draft", async ({ signedUp }) => {
    const { ana, group } = await twoMembers(signedUp);
    const versionId = await versionOf(ana, group.id);
    const block = paragraphs[1]!;
    const id = crypto.randomUUID();
    const url = `/api/groups/${group.id}/annotations`;
    await expectStatus(
      await ana.api.post(url, {
        id,
        text: SLUG,
        kind: "comment",
        body: "First thoughts.",
        anchor: { versionId, startBlockId: block.id, startOffset: 0, endBlockId: block.id, endOffset: 30, exact: block.plainText.slice(0, 30) },
      }),
      201,
    );
    const { page } = ana;
    await openReader(page, group.id);
    const card = page.locator(`[data-margin] [data-note="${id}"]`);
    await expect(card).toContainText("First thoughts.");
    await card.getByRole("button", { name: "Edit" }).click();
    await card.getByRole("textbox", { name: /^Your (comment|question)$/ }).fill("My edit from this tab.");
    // Meanwhile, in another tab:
    await expectStatus(await ana.api.patch(`${url}/${id}`, { revision: 1, body: "Second thoughts, from the other tab." }), 200);
    await card.getByRole("button", { name: "Save changes" }).click();
    await expect(card.getByRole("alert")).toContainText("changed since you opened it");
    await expect(card).toContainText("Second thoughts, from the other tab.");
    await expect(card.getByRole("textbox", { name: /^Your (comment|question)$/ })).toHaveValue("My edit from this tab.");
    // Saving again, knowingly, replaces the newer text.
    await card.getByRole("button", { name: "Save changes" }).click();
    await expect(page.locator("[data-margin] [data-note]").filter({ hasText: "My edit from this tab." })).toBeVisible();
    // The card shows the edit as soon as it is sent; the server has it once the save is answered.
    await expect.poll(async () => (await notesOf(ana, group.id))[0]!.body).toBe("My edit from this tab.");
  });
});
