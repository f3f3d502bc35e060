// Loads content/texts/*.md into Text, TextVersion and Block rows.
// Every file is parsed and checked before anything is written, and all writes
// happen in one transaction: a bad file stops the load with nothing half-done.
// An unchanged file writes nothing; a changed one adds a version (old ones stay,
// since annotations point at them).
import fs from "node:fs";
import path from "node:path";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import type { AnchorState } from "@/lib/anchoring/types";
import { ContentError, parseText, type ParsedText } from "./blocks";
import { publishVersion } from "./publish";

export const CONTENT_DIR = path.join(import.meta.dirname, "..", "..", "content");

export type LoadReport = {
  created: string[];
  updated: string[];
  unchanged: string[];
  /** Per updated text: how its annotations landed in the new version. */
  reanchored: Record<string, Record<AnchorState, number>>;
};


export function readTexts(contentDir = CONTENT_DIR): ParsedText[] {
  const textsDir = path.join(contentDir, "texts");
  const files = fs.existsSync(textsDir) ? fs.readdirSync(textsDir).filter((f) => f.endsWith(".md")).sort() : [];
  const problems: ContentError[] = [];
  const texts: ParsedText[] = [];
  for (const name of files) {
    const file = path.join("content", "texts", name);
    try {
      const text = parseText(fs.readFileSync(path.join(textsDir, name), "utf8"), file);
      if (!fs.existsSync(path.join(contentDir, "sources", text.frontMatter.original)))
        throw new ContentError(file, `its original content/sources/${text.frontMatter.original} does not exist`);
      texts.push(text);
    } catch (error) {
      if (error instanceof ContentError) problems.push(error);
      else throw error;
    }
  }
  if (problems.length) {
    throw new ContentLoadError(problems);
  }
  return texts;
}

export class ContentLoadError extends Error {
  constructor(readonly problems: ContentError[]) {
    super(`The library was not loaded:\n${problems.map((p) => `  ${p.message}`).join("\n")}`);
    this.name = "ContentLoadError";
  }
}

export async function loadTexts(db: PrismaClient, contentDir = CONTENT_DIR): Promise<LoadReport> {
  const texts = readTexts(contentDir);
  const report: LoadReport = { created: [], updated: [], unchanged: [], reanchored: {} };
  await db.$transaction(
    async (tx) => {
      // Two app instances starting together load one after the other.
      await tx.$queryRaw`SELECT 1 AS locked FROM (SELECT pg_advisory_xact_lock(72707370)) AS l`;
      for (const parsed of texts) {
        const existing = await tx.text.findUnique({
          where: { slug: parsed.slug },
          select: { id: true, groupId: true, currentVersion: { select: { contentHash: true, number: true } } },
        });
        // A group's own text may never be replaced by a file of the shared library.
        if (existing?.groupId) throw new ContentError(`${parsed.slug}.md`, "its slug is taken by a group's own text: rename the file");
        if (existing?.currentVersion?.contentHash === parsed.contentHash) {
          report.unchanged.push(parsed.slug);
          continue;
        }
        const text = existing ?? (await tx.text.create({ data: { slug: parsed.slug }, select: { id: true } }));
        const { reanchored } = await publishVersion(tx, text.id, parsed, { carryNotes: Boolean(existing) });
        (existing ? report.updated : report.created).push(parsed.slug);
        if (reanchored) report.reanchored[parsed.slug] = reanchored;
      }
    },
    { timeout: 60_000, maxWait: 10_000 },
  );
  return report;
}
