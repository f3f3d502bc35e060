// A group brings its own text, in real Chromium against the real app: the facilitator
// uploads a Word document, fixes a heading the document did not mark, publishes it and
// plans a week on it; a member writes a note on it; the facilitator edits the text and
// the note is still on its passage. Other groups and visitors never see the text.
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { makeDocx } from "@/lib/content/convert/test-fixtures";
import { SCREENSHOT_DIR, expectNoAxeViolations, waitForHydration } from "./helpers";
import { addMember, createGroup, expect, expectStatus, json, newPerson, test } from "./fixtures";
import { dragSelect } from "./live";

const P1 = "Every week the group reads a chapter together and writes in its margins, and the notes become the meeting.";
const P2 = "A note belongs to its passage: when the facilitator corrects the text, the note stays with the words it was written on.";
const P3 = "The second part is short and closes the essay with a question for the group to take away.";

function shoot(name: string) {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  return path.join(SCREENSHOT_DIR, name);
}

test.describe("a group's own texts", () => {
  test("upload a .docx, fix a heading in the preview, publish, plan a week; a member's note survives an edit", async ({ signedUp }) => {
    test.setTimeout(180_000);
    const fac = await signedUp(newPerson("fac", "Frida Facilitator"));
    const mem = await signedUp(newPerson("mem", "Mika Member"));
    const outsider = await signedUp(newPerson("out", "Otto Outsider"));
    const group = await createGroup(fac, "Tuesday readers");
    await addMember(fac, group.id, mem);
    const other = await createGroup(outsider, "Another circle");

    // The group page offers the way in; the upload shows its progress and lands on the preview.
    const { page } = fac;
    await page.goto(`/groups/${group.id}`);
    await page.getByRole("link", { name: "Add a text" }).click();
    await page.waitForURL(`**/groups/${group.id}/texts/new`);
    await waitForHydration(page);
    const docx = makeDocx(
      [
        { style: "Title", text: "Reading in Company" },
        { text: "Part One" }, // a heading the author typed as a plain paragraph
        { text: P1 },
        { text: P2, footnote: "As the group agreed in its first meeting." },
        { style: "Heading1", text: "Part Two" },
        { text: P3 },
      ],
      { title: "Reading in Company", creator: "Frida Facilitator" },
    );
    await page.getByLabel("File").setInputFiles({ name: "reading-in-company.docx", mimeType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document", buffer: Buffer.from(docx) });
    await page.screenshot({ path: shoot("group-texts-upload.png"), fullPage: true });
    await expectNoAxeViolations(page, "the upload page");
    await page.getByRole("button", { name: "Continue to the preview" }).click();
    await page.waitForURL(/\/texts\/[a-z0-9-]+\/edit$/);
    const slug = page.url().split("/").at(-2)!;
    await waitForHydration(page);

    // The preview shows the split; "Part One" came through as a paragraph. Fix it in the source.
    const preview = page.getByLabel("Preview");
    await expect(preview.getByText(P1)).toBeVisible();
    await expect(page.getByLabel("Title")).toHaveValue("Reading in Company");
    await expect(page.getByLabel("Author")).toHaveValue("Frida Facilitator");
    const partOne = preview.getByRole("listitem").filter({ hasText: /^¶Part One$/ });
    await expect(partOne).toBeVisible();
    const source = page.getByLabel("Text, in Markdown");
    const markdown = await source.inputValue();
    expect(markdown).toContain("[^1]: As the group agreed in its first meeting.");
    await source.fill(markdown.replace(/^# Reading in Company\n\n/, "").replace("Part One\n", "## Part One\n"));
    await expect(preview.getByRole("listitem").filter({ hasText: /^HeadingPart One$/ })).toBeVisible();
    await expect(page.getByText(/3 paragraphs, 2 headings, 1 note/)).toBeVisible();
    await page.screenshot({ path: shoot("group-texts-preview.png"), fullPage: true });
    await expectNoAxeViolations(page, "the preview");

    // A broken footnote is explained beside the source and publishing waits for the fix.
    const fixed = await source.inputValue();
    await source.fill(fixed.replace("[^1]: As the group", "[^2]: As the group"));
    await expect(page.getByRole("alert").filter({ hasText: /Footnote/ })).toBeVisible();
    await expect(page.getByRole("button", { name: "Publish to the group" })).toBeDisabled();
    await source.fill(fixed);
    await expect(page.getByRole("button", { name: "Publish to the group" })).toBeEnabled();
    await page.getByRole("button", { name: "Publish to the group" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Published as version 1." })).toBeVisible();

    // In the group's library (marked as the group's own), and in the week planner's picker.
    await page.goto(`/groups/${group.id}`);
    const entry = page.getByRole("link", { name: /Reading in Company/ });
    await expect(entry).toContainText("This group’s");
    await page.getByRole("heading", { name: "The library" }).scrollIntoViewIfNeeded();
    await page.screenshot({ path: shoot("group-texts-library.png") });
    await page.goto(`/groups/${group.id}/schedule/new`);
    await waitForHydration(page);
    await page.getByLabel("Text", { exact: true }).selectOption(slug);
    await expect(page.getByText(P3)).toBeVisible();
    await page.getByLabel("Prompt 1", { exact: true }).fill("What does a note hold on to?");
    await page.getByRole("button", { name: "Add to the schedule" }).click();
    await page.waitForURL(`**/groups/${group.id}`);
    const weeks = await json<{ readings: { text: { slug: string } }[] }>(await fac.api.get(`/api/groups/${group.id}/readings`));
    expect(weeks.readings.map((r) => r.text.slug)).toEqual([slug]);

    // The member reads it and comments on a phrase of the second paragraph.
    const text = await json<{ versionId: string; blocks: { id: string; kind: string; text: string }[] }>(await mem.api.get(`/api/groups/${group.id}/texts/${slug}`));
    const p2 = text.blocks.find((b) => b.text === P2)!;
    expect(p2).toBeDefined();
    await mem.page.goto(`/groups/${group.id}/texts/${slug}`);
    await waitForHydration(mem.page);
    await expect(mem.page.locator("[data-annotation-layer]")).toHaveAttribute("data-state", "placed");
    const quote = "the note stays with the words";
    const from = p2.text.indexOf(quote);
    await dragSelect(mem.page, { blockId: p2.id, offset: from }, { blockId: p2.id, offset: from + quote.length });
    await mem.page.getByRole("toolbar", { name: "Annotate the selection" }).getByRole("button", { name: "Comment" }).click();
    const composer = mem.page.locator("[data-margin] [data-composer]");
    await composer.getByRole("textbox", { name: /^Your (comment|question)$/ }).fill("This is why we can correct typos without losing the conversation.");
    await composer.getByRole("button", { name: "Post comment" }).click();
    await expect(mem.page.locator("[data-margin] [data-note]").filter({ hasText: "correct typos" })).toBeVisible();

    // The facilitator edits: a new paragraph before it, and the paragraph itself split in two.
    await page.goto(`/groups/${group.id}/texts/${slug}`);
    await page.screenshot({ path: shoot("group-texts-reader.png") });
    await page.getByRole("link", { name: "Edit the text" }).click();
    await waitForHydration(page);
    const current = await page.getByLabel("Text, in Markdown").inputValue();
    const split = P2.replace("passage: when", "passage.\n\nWhen");
    await page.getByLabel("Text, in Markdown").fill(current.replace(P2, `A paragraph added later, before the others.\n\n${split}`));
    await expect(page.getByLabel("Preview").getByText("A paragraph added later")).toBeVisible();
    await page.screenshot({ path: shoot("group-texts-edit.png"), fullPage: true });
    await page.getByRole("button", { name: "Publish changes" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Published as version 2. 1 note carried over" })).toBeVisible();

    // The member's note is on the same words in the new version.
    await mem.page.goto(`/groups/${group.id}/texts/${slug}`);
    await waitForHydration(mem.page);
    await expect(mem.page.locator("[data-annotation-layer]")).toHaveAttribute("data-state", "placed");
    await expect
      .poll(() => mem.page.evaluate(() => Array.from((CSS.highlights.get("sc-comment") as unknown as Set<Range>) ?? [], (r) => r.toString())))
      .toEqual([quote]);
    const notes = await json<{ annotations: { quote: { exact: string }; position: unknown }[] }>(await mem.api.get(`/api/groups/${group.id}/annotations?text=${slug}`));
    expect(notes.annotations.map((n) => [n.quote.exact, n.position !== null])).toEqual([[quote, true]]);

    // Nobody outside the group reads it: not another group's members, not the public library.
    await expectStatus(await outsider.api.get(`/api/groups/${other.id}/texts/${slug}`), 404, "another group's texts");
    await expectStatus(await outsider.api.get(`/api/groups/${group.id}/texts/${slug}`), 404, "a group one is not in");
    await expectStatus(await outsider.api.get(`/api/texts/${slug}`), 404, "the public library");
    expect((await outsider.page.goto(`/groups/${other.id}/texts/${slug}`))?.status()).toBe(404);
  });

  test("bad uploads are refused with what to do, and leave nothing behind", async ({ signedUp }) => {
    const fac = await signedUp(newPerson("fac"));
    const group = await createGroup(fac, "Careful readers");
    const { page } = fac;
    await page.goto(`/groups/${group.id}/texts/new`);
    await waitForHydration(page);
    const upload = async (name: string, buffer: Buffer, mimeType = "application/octet-stream") => {
      await page.getByLabel("File").setInputFiles({ name, mimeType, buffer });
      await page.getByRole("button", { name: "Continue to the preview" }).click();
      return page.locator("form [role=alert]");
    };
    await expect(await upload("old.doc", Buffer.from("\xd0\xcf\x11\xe0 old word"))).toContainText("save it as .docx");
    await expect(await upload("book.pdf", Buffer.from(makeDocx([{ text: "x" }])))).toContainText("named .pdf but is a zip archive");
    // The first PDF a server process reads loads pdf.js: give it time on a busy machine.
    await expect(await upload("scan.pdf", Buffer.from("%PDF-1.4\nnot really"))).toContainText("damaged", { timeout: 30_000 });
    // Too large is refused in the browser before anything is sent.
    await expect(await upload("huge.txt", Buffer.alloc(11 * 1024 * 1024, 0x61), "text/plain")).toContainText("the limit is 10 MB");
    // The server refuses by the size a request declares too, answering before the body has been sent.
    const url = new URL(page.url());
    const refusal = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = http.request(
        {
          host: url.hostname,
          port: url.port,
          path: `/api/groups/${group.id}/texts`,
          method: "POST",
          headers: { "content-length": String(11 * 1024 * 1024), "content-type": "multipart/form-data; boundary=x", origin: url.origin },
        },
        (res) => {
          let body = "";
          res.on("data", (chunk: Buffer) => (body += chunk.toString()));
          res.on("end", () => resolve({ status: res.statusCode!, body }));
        },
      );
      req.on("error", reject);
      req.write(Buffer.alloc(64 * 1024, 0x61));
    });
    expect(refusal.status).toBe(413);
    expect((JSON.parse(refusal.body) as { error: string }).error).toContain("10 MB");
    const texts = await json<{ texts: { own: boolean }[]; editable: unknown[] }>(await fac.api.get(`/api/groups/${group.id}/texts`));
    expect(texts.editable).toEqual([]);
    expect(texts.texts.filter((t) => t.own)).toEqual([]);
  });

  test("HTML with scripts, handlers, frames and javascript: or data: links is sanitised before anyone reads it", async ({ signedUp }) => {
    const fac = await signedUp(newPerson("fac"));
    const group = await createGroup(fac, "Safe readers");
    const hostile = `<h1>Safe</h1><p onmouseover="window.__xss=1">Hover <a href="javascript:window.__xss=2">here</a> or <a href="data:text/html,<script>window.__xss=3</script>">there</a>.</p>
      <script>window.__xss=4</script><iframe src="javascript:window.__xss=5"></iframe><img src=x onerror="window.__xss=6"><style>body{display:none}</style><p>The end.</p>`;
    const created = await fac.api.post(`/api/groups/${group.id}/texts`, { title: "Safe", format: "html", source: hostile });
    await expectStatus(created, 201, "add the HTML text");
    const { slug } = await json<{ slug: string }>(created);
    const { page } = fac;
    const dialogs: string[] = [];
    page.on("dialog", (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await page.goto(`/groups/${group.id}/texts/${slug}`);
    await waitForHydration(page);
    await page.getByText("Hover here or there.").hover();
    await page.getByText("Hover here or there.").click();
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
    expect(dialogs).toEqual([]);
    const article = await page.locator("article").innerHTML();
    for (const bad of ["<script", "onmouseover", "onerror", "javascript:", "data:text", "<iframe", "<style"]) expect(article).not.toContain(bad);
    await expect(page.getByText("The end.")).toBeVisible();
  });

  test("a facilitator lets members add texts from the group's settings; until then a member is not offered it", async ({ signedUp }) => {
    const fac = await signedUp(newPerson("fac", "Frida Facilitator"));
    const mem = await signedUp(newPerson("mem", "Mika Member"));
    const group = await createGroup(fac, "Settings circle");
    await addMember(fac, group.id, mem);

    await mem.page.goto(`/groups/${group.id}`);
    await expect(mem.page.getByRole("heading", { name: "Settings circle" })).toBeVisible();
    await expect(mem.page.getByRole("link", { name: "Add a text" })).toHaveCount(0);

    const { page } = fac;
    await page.goto(`/groups/${group.id}`);
    await waitForHydration(page);
    await page.getByRole("button", { name: "Edit group" }).click();
    const box = page.getByLabel("Members may add texts to the library");
    await expect(box).not.toBeChecked();
    await box.check();
    await page.locator("form").filter({ has: box }).screenshot({ path: shoot("group-settings-members-add-texts.png") });
    await page.getByRole("button", { name: "Save changes" }).click();
    await expect(page.getByText("Saved.")).toBeVisible();
    const settings = await json<{ group: { membersAddTexts: boolean } }>(await fac.api.get(`/api/groups/${group.id}`));
    expect(settings.group.membersAddTexts).toBe(true);

    await mem.page.reload();
    await mem.page.getByRole("link", { name: "Add a text" }).click();
    await mem.page.waitForURL(`**/groups/${group.id}/texts/new`);
  });
});
