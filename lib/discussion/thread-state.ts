// A thread as the side panel shows it, in plain data (used in the browser): its replies in
// reading order and how many each branch holds.
import type { AnnotationView } from "@/lib/annotations/view";

/** A reply in reading order: how deep it sits, how many replies under it can be read, and whom it answers. */
export type ThreadRow = { note: AnnotationView; depth: number; descendants: number; parentName: string | null };

/**
 * The thread in reading order (each reply under what it answers), with depths. A branch's
 * count is of the replies in it that can be read: a deleted or hidden reply kept as a
 * placeholder (because someone answered it) is not one, as the thread's own count has it.
 */
export function threadRows(replies: readonly AnnotationView[], rootId: string): ThreadRow[] {
  const children = new Map<string, AnnotationView[]>();
  for (const r of replies) {
    const list = children.get(r.parentId ?? rootId) ?? [];
    list.push(r);
    children.set(r.parentId ?? rootId, list);
  }
  const byId = new Map(replies.map((r) => [r.id, r]));
  const rows: ThreadRow[] = [];
  const count = (id: string): number => (children.get(id) ?? []).reduce((n, c) => n + (c.deleted ? 0 : 1) + count(c.id), 0);
  const visit = (id: string, depth: number) => {
    for (const child of children.get(id) ?? []) {
      const parent = child.parentId ? byId.get(child.parentId) : undefined;
      rows.push({ note: child, depth, descendants: count(child.id), parentName: parent && !parent.deleted ? parent.author.name : null });
      visit(child.id, depth + 1);
    }
  };
  visit(rootId, 1);
  return rows;
}
