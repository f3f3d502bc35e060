import "server-only";
import { db } from "@/lib/db";
import { perVersion } from "@/lib/version-cache";
import type { AnchorBlock } from "@/lib/anchoring/types";
import type { BlockKind } from "@/lib/generated/prisma/client";

export type VersionBlock = AnchorBlock & { kind: BlockKind; level: number };

/** A version's blocks in reading order, as anchoring (and the weekly ranges) see them. */
export const versionBlocks: (versionId: string) => Promise<VersionBlock[]> = perVersion(32, (versionId) =>
  db.block.findMany({ where: { versionId }, orderBy: { position: "asc" }, select: { id: true, plainText: true, kind: true, level: true } }),
);
