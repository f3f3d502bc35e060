// Export, as people use it: a member opens a text, chooses "Export this text's notes" and a
// format, and gets a file; the JSON-LD the API serves — one note, a text's notes, a thread,
// an export — passes the W3C Web Annotation test suite's MUST assertions; the account's
// export holds only what its person wrote, and needs a session.
import fs from "node:fs";
import path from "node:path";
import { parseText } from "@/lib/content/blocks";
import { annotationValidator, collectionValidator, pageValidator } from "@/lib/export/w3c-schemas";
import { parseCsv } from "@/lib/export/csv-parse";
import { ROOT, SCREENSHOT_DIR, expectNoAxeViolations } from "./helpers";
import { addMember, createGroup, expect, expectStatus, json, newPerson, test, uniqueName, type SignedIn } from "./fixtures";

const SLUG = "the-need-for-a-revolutionary-party";
const PARAGRAPHS = parseText(fs.readFileSync(path.join(ROOT, "content", "texts", `${SLUG}.md`), "utf8"), SLUG).blocks.filter(
  (b) => b.kind === "paragraph" && b.plainText.length > 100,
);

async function note(actor: SignedIn, groupId: string, body: string, extra: Record<string, unknown> = {}, paragraph = 0) {
  const list = await actor.api.get(`/api/groups/${groupId}/annotations?text=${SLUG}`);
  const versionId = (await json<{ text: { versionId: string } }>(list)).text.versionId;
  const block = PARAGRAPHS[paragraph]!;
  const response = await actor.api.post(`/api/groups/${groupId}/annotations`, {
    id: crypto.randomUUID(),
    text: SLUG,
    kind: "comment",
    body,
    anchor: { versionId, startBlockId: block.id, startOffset: 0, endBlockId: block.id, endOffset: 30, exact: block.plainText.slice(0, 30) },
    ...extra,
  });
  await expectStatus(response, 201, "note");
  return (await json<{ annotation: { id: string } }>(response)).annotation.id;
}

async function world(signedUp: (p?: ReturnType<typeof newPerson>) => Promise<SignedIn>) {
  const fac = await signedUp(newPerson("expfac", "Fenna Facilitator"));
  const mem = await signedUp(newPerson("expmem", "Milo Member"));
  const tara = await signedUp(newPerson("exptara", "Tara Target"));
  const group = await createGroup(fac, uniqueName("Export Circle"));
  await addMember(fac, group.id, mem);
  await addMember(fac, group.id, tara);
  const mine = await note(mem, group.id, "Milo's reading of the passage. #organising", { kind: "question", tags: ["organising"] });
  await note(tara, group.id, "Only Tara may read this. #tarasecret", { visibility: "private" }, 1);
  const reply = await tara.api.post(`/api/groups/${group.id}/annotations/${mine}/replies`, { id: crypto.randomUUID(), body: "Tara's answer =SUM(A1)." });
  await expectStatus(reply, 201, "reply");
  return { fac, mem, tara, group, mine };
}

test("a member exports a text's notes from its page and gets a file", async ({ signedUp }) => {
  const { mem, group } = await world(signedUp);
  await mem.page.goto(`/groups/${group.id}/texts/${SLUG}`);
  const menu = mem.page.getByTestId("export-text");
  await menu.getByText("Export this text’s notes").click();
  await expect(menu.getByRole("link", { name: /JSON-LD/ })).toBeVisible();
  await expectNoAxeViolations(mem.page, "a text page with its export menu open");
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await mem.page.screenshot({ path: path.join(SCREENSHOT_DIR, "export-text-menu.png") });
  const [download] = await Promise.all([mem.page.waitForEvent("download"), menu.getByRole("link", { name: /Markdown/ }).click()]);
  expect(download.suggestedFilename()).toMatch(/^study-circle-notes-on-.+\.md$/);
  const markdown = fs.readFileSync((await download.path())!, "utf8");
  expect(markdown).toContain(`> ${PARAGRAPHS[0]!.plainText.slice(0, 30)}`);
  expect(markdown).toContain("Milo's reading of the passage.");
  expect(markdown).toMatch(/\n  - \*\*Tara Target\*\* · \d{4}-\d\d-\d\d · reply\n/);
  expect(markdown).not.toContain("tarasecret");

  // The menu stays open after a download (nothing navigated): the next format is one click.
  const [csv] = await Promise.all([mem.page.waitForEvent("download"), menu.getByRole("link", { name: /CSV/ }).click()]);
  expect(csv.suggestedFilename()).toMatch(/\.csv$/);
  const rows = parseCsv(fs.readFileSync((await csv.path())!, "utf8"));
  expect(rows).toHaveLength(3);
  expect(rows.find((r) => r[6] === "reply")![7]).toBe("Tara's answer =SUM(A1).");

  // On the group's page a member is offered their own notes, not the group's.
  await mem.page.goto(`/groups/${group.id}`);
  await expect(mem.page.getByTestId("export-mine")).toBeVisible();
  await expect(mem.page.getByTestId("export-group")).toHaveCount(0);
  await mem.page.getByTestId("export-mine").scrollIntoViewIfNeeded();
  await mem.page.screenshot({ path: path.join(SCREENSHOT_DIR, "export-group-page.png") });
});

test("the JSON-LD the API serves passes the W3C test suite's MUST assertions: a note, a text's notes, a thread, an export", async ({ signedUp }) => {
  const { fac, mem, group, mine } = await world(signedUp);
  const ld = { Accept: "application/ld+json" };
  const one = await json<Record<string, unknown>>(await mem.api.get(`/api/groups/${group.id}/annotations/${mine}`, ld));
  expect(annotationValidator(one), JSON.stringify(annotationValidator.errors)).toBe(true);
  expect(one.body).toEqual([
    { type: "TextualBody", value: "Milo's reading of the passage. #organising", format: "text/markdown", purpose: "questioning" },
    { type: "TextualBody", purpose: "tagging", value: "organising" },
  ]);

  const page = await json<{ "@context": string; items: Record<string, unknown>[] }>(await mem.api.get(`/api/groups/${group.id}/annotations?text=${SLUG}`, ld));
  expect(pageValidator(page), JSON.stringify(pageValidator.errors)).toBe(true);
  expect(page.items.map((i) => i.motivation).sort()).toEqual(["questioning", "replying"]);
  for (const item of page.items) expect(annotationValidator({ "@context": page["@context"], ...item }), JSON.stringify(annotationValidator.errors)).toBe(true);

  const thread = await json<{ "@context": unknown; first: { items: Record<string, unknown>[] } }>(await mem.api.get(`/api/groups/${group.id}/threads/${mine}`, ld));
  expect(collectionValidator(thread), JSON.stringify(collectionValidator.errors)).toBe(true);
  for (const item of thread.first.items) expect(annotationValidator({ "@context": thread["@context"], ...item })).toBe(true);

  const exported = await fac.api.get(`/api/groups/${group.id}/export?format=jsonld`);
  await expectStatus(exported, 200);
  const doc = await json<{ "@context": unknown; total: number; first: { items: Record<string, unknown>[] } }>(exported);
  expect(collectionValidator(doc), JSON.stringify(collectionValidator.errors)).toBe(true);
  expect(pageValidator(doc.first), JSON.stringify(pageValidator.errors)).toBe(true);
  expect(doc.total).toBe(2);
  for (const item of doc.first.items) expect(annotationValidator({ "@context": doc["@context"], ...item }), JSON.stringify(annotationValidator.errors)).toBe(true);
});

test("the account's export: only what its person wrote, everywhere; signed out is a 401", async ({ signedUp, newActor }) => {
  const { mem, tara } = await world(signedUp);
  const anonymous = await newActor();
  const refused = await anonymous.api.get("/api/me/export?format=markdown");
  expect(refused.status()).toBe(401);
  expect(await json(refused)).toEqual({ error: expect.any(String) });
  await expectStatus(await mem.api.get("/api/me/export?format=csv"), 400);

  const milo = await mem.api.get("/api/me/export?format=markdown");
  await expectStatus(milo, 200);
  expect(milo.headers()["content-disposition"]).toMatch(/^attachment; filename=".+\.md"$/);
  const text = await milo.text();
  expect(text).toContain("Milo's reading of the passage.");
  expect(text).not.toContain("Tara's answer");
  expect(text).not.toContain("tarasecret");

  const taras = await json<{ first: { items: { motivation: string; body?: unknown }[] } }>(await tara.api.get("/api/me/export?format=jsonld"));
  expect(taras.first.items.map((i) => i.motivation).sort()).toEqual(["commenting", "replying"]);
  expect(JSON.stringify(taras)).toContain("tarasecret");
});
