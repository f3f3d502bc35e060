import "server-only";
import { db } from "@/lib/db";
import type { AnchorBlock } from "@/lib/anchoring/types";
import type { BlockKind } from "@/lib/generated/prisma/client";

export type VersionBlock = AnchorBlock & { kind: BlockKind; level: number };

// Versions never change once written, so their blocks can be kept in memory without
// any risk of another app instance seeing something different. A handful of texts
// is read at once in practice; the oldest entry goes when the cache is full.
const MAX_VERSIONS = 32;
const cache = new Map<string, Promise<VersionBlock[]>>();

/** A version's blocks in reading order, as anchoring (and the weekly ranges) see them. */
export function versionBlocks(versionId: string): Promise<VersionBlock[]> {
  const hit = cache.get(versionId);
  if (hit) {
    cache.delete(versionId);
    cache.set(versionId, hit);
    return hit;
  }
  const load = db.block
    .findMany({ where: { versionId }, orderBy: { position: "asc" }, select: { id: true, plainText: true, kind: true, level: true } })
    .catch((error: unknown) => {
      cache.delete(versionId);
      throw error;
    });
  cache.set(versionId, load);
  if (cache.size > MAX_VERSIONS) cache.delete(cache.keys().next().value!);
  return load;
}
