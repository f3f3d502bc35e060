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

/** Drags the mouse from a character in one block to a character in another, like a reader selecting. */
export async function dragSelect(page: Page, from: { blockId: string; offset: number }, to: { blockId: string; offset: number }) {
  const points = await page.evaluate(
    ({ from, to }) => {
      const pointAt = (blockId: string, offset: number, edge: "left" | "right") => {
        const block = document.getElementById(blockId)!;
        const walker = document.createTreeWalker(block, NodeFilter.SHOW_TEXT);
        let seen = 0;
        for (let node = walker.nextNode() as Text | null; node; node = walker.nextNode() as Text | null) {
          if (node.parentElement?.closest("[data-anchor-skip]")) continue;
          if (seen + node.data.length > offset) {
            const range = document.createRange();
            range.setStart(node, offset - seen);
            range.setEnd(node, offset - seen + 1);
            const rect = range.getClientRects()[0]!;
            return { x: edge === "left" ? rect.left + 0.5 : rect.right - 0.5, y: rect.top + rect.height / 2 };
          }
          seen += node.data.length;
        }
        throw new Error(`offset ${offset} not in ${blockId}`);
      };
      document.getElementById(from.blockId)!.scrollIntoView({ block: "center", behavior: "instant" });
      return { start: pointAt(from.blockId, from.offset, "left"), end: pointAt(to.blockId, to.offset - 1, "right") };
    },
    { from, to },
  );
  await page.mouse.move(points.start.x, points.start.y);
  await page.mouse.down();
  await page.mouse.move((points.start.x + points.end.x) / 2, (points.start.y + points.end.y) / 2, { steps: 4 });
  await page.mouse.move(points.end.x, points.end.y, { steps: 4 });
  await page.mouse.up();
}
