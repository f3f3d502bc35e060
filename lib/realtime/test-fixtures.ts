// Helpers for the integration tests of lib/realtime: the text they write on, and a note
// written on its first paragraph through the real createAnnotation.
import { randomUUID } from "node:crypto";
import { db } from "@/lib/db";
import { loadTexts } from "@/lib/content/load";
import { createAnnotation } from "@/lib/annotations/annotations";

export const SLUG = "organisation-of-the-masses";

export type Passage = { textId: string; versionId: string; block: { id: string; plainText: string } };

/** Loads the library into the test's database; returns the text's first paragraph. */
export async function loadPassage(): Promise<Passage> {
  await loadTexts(db);
  const text = await db.text.findUniqueOrThrow({ where: { slug: SLUG }, select: { id: true, currentVersionId: true } });
  const versionId = text.currentVersionId!;
  const block = await db.block.findFirstOrThrow({ where: { versionId, kind: "paragraph", plainText: { not: "" } }, orderBy: { position: "asc" } });
  return { textId: text.id, versionId, block };
}

type NoteOptions = { body?: string; visibility?: "group" | "private"; kind?: "comment" | "question" | "highlight" };

/** A note on the passage's first twelve characters, written by `userId` in the group; returns it as the author sees it. */
export async function writeNote(passage: Passage, groupId: string, userId: string, { body, visibility = "group", kind = "comment" }: NoteOptions = {}) {
  const { block, versionId } = passage;
  const result = await createAnnotation(userId, groupId, {
    id: randomUUID(),
    text: SLUG,
    kind,
    color: kind === "highlight" ? "yellow" : null,
    body: body ?? (kind === "highlight" ? "" : "A thought."),
    visibility,
    anchor: { versionId, startBlockId: block.id, startOffset: 0, endBlockId: block.id, endOffset: 12, exact: block.plainText.slice(0, 12) },
  });
  return result.annotation;
}
