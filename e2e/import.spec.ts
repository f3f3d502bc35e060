// Importing notes, in real Chromium against the real app: a facilitator imports a
// Hypothesis export from the group's page, watches it run, reads the report (placed, sent
// to the unplaced notes, refused with the reason) and finds the imported note in the
// margin with who first wrote it. Files that cannot be imported are refused with a
// message, over the API too, and add nothing.
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { ROOT, SCREENSHOT_DIR, chooseTheme, expectNoAxeViolations, waitForHydration } from "./helpers";
import { addMember, createGroup, expect, json, newPerson, test } from "./fixtures";

const SLUG = "the-need-for-a-revolutionary-party";
const FIXTURE = fs.readFileSync(path.join(ROOT, "lib", "import", "fixtures", "hypothesis.json"));

function shoot(name: string) {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  return path.join(SCREENSHOT_DIR, name);
}

test.describe("importing notes", () => {
  test("a facilitator imports a Hypothesis export, reads the report and finds the note in the margin with its attribution", async ({ signedUp }) => {
    test.setTimeout(180_000);
    const fac = await signedUp(newPerson("fac", "Frida Facilitator"));
    const mem = await signedUp(newPerson("mem", "Mika Member"));
    const group = await createGroup(fac, "Imported readers");
    await addMember(fac, group.id, mem);
    const { page } = fac;

    await page.goto(`/groups/${group.id}`);
    await page.getByRole("link", { name: "Import notes" }).click();
    await page.waitForURL(`**/groups/${group.id}/import`);
    await waitForHydration(page);
    await expectNoAxeViolations(page, "the import page");

    // A file that is not JSON: a clear message, and the form stays.
    await page.getByLabel("File").setInputFiles({ name: "notes.json", mimeType: "application/json", buffer: Buffer.from("<html>no</html>") });
    await page.getByRole("button", { name: "Import notes" }).click();
    await expect(page.locator("form").getByRole("alert")).toContainText("That file is not JSON");
    // Hypothesis notes need their text.
    await page.getByLabel("File").setInputFiles({ name: "hypothesis.json", mimeType: "application/json", buffer: FIXTURE });
    await page.getByRole("button", { name: "Import notes" }).click();
    await expect(page.locator("form").getByRole("alert")).toContainText("Say which text these Hypothesis notes are on");

    await page.getByLabel("The text the notes are on").selectOption(SLUG);
    await expect(page.locator("form").getByRole("alert")).toHaveCount(0);
    await page.screenshot({ path: shoot("import-form-desk-light.png"), fullPage: true });
    await chooseTheme(page, "Dark");
    await page.screenshot({ path: shoot("import-form-desk-dark.png"), fullPage: true });
    await chooseTheme(page, "Light");
    // Slow the answer a little, so the progress can be seen while it runs.
    await page.route(`**/api/groups/${group.id}/import`, async (route) => {
      await new Promise((r) => setTimeout(r, 400));
      await route.continue();
    });
    await page.getByRole("button", { name: "Import notes" }).click();
    await expect(page.locator("form").getByRole("status")).toBeVisible();
    await expect(page.getByRole("button", { name: "Importing…" })).toBeDisabled();

    const report = page.locator("[data-import-report]");
    await expect(report.getByRole("heading", { name: "Imported", exact: true })).toBeVisible();
    await expect(report).toBeFocused();
    await expect(report.locator('[data-count="placed"] dd')).toHaveText("2");
    await expect(report.locator('[data-count="orphaned"] dd')).toHaveText("1");
    await expect(report.locator('[data-count="refused"] dd')).toHaveText("1");
    await expect(report).toContainText("1 reply was added to their threads.");
    await expect(report).toContainText("Unplaced notes");
    await expect(report).toContainText("“A good article to start the term with.”");
    await expect(report).toContainText("It quotes no words of the text");
    await expectNoAxeViolations(page, "the import report");
    for (const [size, viewport] of [
      ["desk", { width: 1280, height: 900 }],
      ["phone", { width: 390, height: 844 }],
    ] as const) {
      await page.setViewportSize(viewport);
      await page.screenshot({ path: shoot(`import-report-${size}-light.png`), fullPage: true });
      await chooseTheme(page, "Dark");
      await page.screenshot({ path: shoot(`import-report-${size}-dark.png`), fullPage: true });
      await chooseTheme(page, "Light");
    }
    await page.setViewportSize({ width: 1280, height: 900 });
    await expect(report).toBeVisible();

    // The note is in the margin, under the importer's name, with who first wrote it.
    await report.getByRole("link", { name: "Open the text" }).click();
    await page.waitForURL(`**/groups/${group.id}/texts/${SLUG}`);
    const card = page.locator("[data-margin] [data-note]").filter({ hasText: "The numbers are the point" });
    await expect(card).toBeVisible();
    await expect(card.locator("[data-imported]")).toHaveText("Imported from Hypothesis · Originally by Ana Ruiz, 3 Mar 2024");
    await card.scrollIntoViewIfNeeded();
    await card.screenshot({ path: shoot("import-margin-card.png") });
    // The member sees it too, but not the private highlight, which is the importer's alone.
    await mem.page.goto(`/groups/${group.id}/texts/${SLUG}`);
    await expect(mem.page.locator("[data-margin] [data-note]").filter({ hasText: "The numbers are the point" }).locator("[data-imported]")).toContainText(
      "Originally by Ana Ruiz",
    );
    const list = await json<{ annotations: { kind: string; anchorState: string }[] }>(await mem.api.get(`/api/groups/${group.id}/annotations?text=${SLUG}`));
    expect(list.annotations.map((n) => n.kind).sort()).toEqual(["comment", "comment"]);
    expect(list.annotations.map((n) => n.anchorState).sort()).toEqual(["exact", "orphan"]);
  });

  test("files that cannot be imported are refused with a message and add nothing", async ({ signedUp, baseURL }) => {
    const fac = await signedUp(newPerson("fac"));
    const mem = await signedUp(newPerson("mem"));
    const other = await signedUp(newPerson("other"));
    const group = await createGroup(fac, "Careful importers");
    await addMember(fac, group.id, mem);
    const theirs = await createGroup(other, "Someone else's circle");
    const own = await json<{ slug: string }>(
      await other.api.post(`/api/groups/${theirs.id}/texts`, { title: "Their own text", format: "markdown", source: "# Theirs\n\nA paragraph only they have.\n" }),
    );
    const url = `/api/groups/${group.id}/import`;
    const count = async () => (await json<{ annotations: unknown[] }>(await fac.api.get(`/api/groups/${group.id}/annotations?text=${SLUG}`))).annotations.length;
    const before = await count();
    const upload = (buffer: Buffer, query = `?text=${SLUG}`, actor = fac) =>
      actor.api.request.fetch(`${url}${query}`, {
        method: "POST",
        headers: { Origin: actor.api.origin },
        multipart: { file: { name: "notes.json", mimeType: "application/json", buffer } },
      });

    const cases: [string, Awaited<ReturnType<typeof upload>>, number, RegExp][] = [
      ["not JSON", await upload(Buffer.from("not json at all")), 400, /not JSON/],
      ["the wrong shape", await upload(Buffer.from('{"hello": "world"}')), 400, /not a Study Circle export/],
      ["no text for Hypothesis notes", await upload(FIXTURE, ""), 400, /Say which text/],
      ["another group's text", await upload(FIXTURE, `?text=${own.slug}`), 404, /no text/],
      ["a text no one has", await upload(FIXTURE, "?text=no-such-text"), 404, /no text/],
      ["a member", await upload(FIXTURE, `?text=${SLUG}`, mem), 404, /That group was not found/],
      ["a non-member", await upload(FIXTURE, `?text=${SLUG}`, other), 404, /That group was not found/],
      ["no file", await fac.api.request.fetch(`${url}?text=${SLUG}`, { method: "POST", headers: { Origin: fac.api.origin }, multipart: { text: SLUG } }), 400, /Choose a file/],
      ["a raw body of the wrong type", await fac.api.send("POST", `${url}?text=${SLUG}`, { data: "x", headers: { "Content-Type": "text/plain" } }), 415, /multipart/],
    ];
    for (const [what, response, status, message] of cases) {
      expect(response.status(), what).toBe(status);
      expect((await json<{ error: string }>(response)).error, what).toMatch(message);
    }

    // 50 MB is turned away by the size it declares, before the body is read.
    const address = new URL(baseURL!);
    const refusal = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = http.request(
        {
          host: address.hostname,
          port: address.port,
          path: `${url}?text=${SLUG}`,
          method: "POST",
          headers: { "content-length": String(50 * 1024 * 1024), "content-type": "multipart/form-data; boundary=x", origin: address.origin },
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
    expect((JSON.parse(refusal.body) as { error: string }).error).toBe("That file is too large: the limit for an import is 10 MB.");

    expect(await count()).toBe(before);
  });
});
