// Shared by the specs of changes as they happen (realtime, realtime-access, instances):
// the text they read together, opening its reader, and writing a note through the API.
import fs from "node:fs";
import path from "node:path";
import type { Page } from "@playwright/test";
import { parseText } from "@/lib/content/blocks";
import { ROOT, waitForHydration } from "./helpers";
import { expect, expectStatus, json, type SignedIn } from "./fixtures";

export const SLUG = "the-need-for-a-revolutionary-party";

/** The text's longer paragraphs, as the reader numbers its blocks. */
export const PARAGRAPHS = parseText(fs.readFileSync(path.join(ROOT, "content", "texts", `${SLUG}.md`), "utf8"), SLUG).blocks.filter(
  (b) => b.kind === "paragraph" && b.plainText.length > 150,
);

/** Opens the group's reader on the text and waits until its notes are placed. */
export async function openReader(page: Page, groupId: string, origin = "") {
  await page.goto(`${origin}/groups/${groupId}/texts/${SLUG}`);
  await waitForHydration(page);
  await expect(page.locator("[data-annotation-layer]")).toHaveAttribute("data-state", "placed");
}

/** The text's current version, as the group's notes list gives it. */
export async function versionOf(actor: SignedIn, groupId: string) {
  const response = await actor.api.get(`/api/groups/${groupId}/annotations?text=${SLUG}`);
  await expectStatus(response, 200, "list annotations");
  return (await json<{ text: { versionId: string } }>(response)).text.versionId;
}

/** Writes a comment on the first 30 characters of a paragraph; returns its id. */
export async function write(actor: SignedIn, groupId: string, versionId: string, paragraph: number, body: string) {
  const block = PARAGRAPHS[paragraph]!;
  const response = await actor.api.post(`/api/groups/${groupId}/annotations`, {
    id: crypto.randomUUID(),
    text: SLUG,
    kind: "comment",
    body,
    anchor: { versionId, startBlockId: block.id, startOffset: 0, endBlockId: block.id, endOffset: 30, exact: block.plainText.slice(0, 30) },
  });
  await expectStatus(response, 201, "write a note");
  return (await json<{ annotation: { id: string } }>(response)).annotation.id;
}
