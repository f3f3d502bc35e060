// What this process last learned about its database: reachable, or not since when.
// Kept on globalThis under a registered symbol, so the production server
// (scripts/serve.ts) and the code Next compiled (its own copy of this module) share one
// record in the same process. It is a hint for answering quickly and honestly while the
// database is away — a 503 page rather than a failed render — never a cache of data:
// each instance learns it for itself, from its own queries.

type Health = { downSince: number | null; listeners: Set<(down: boolean) => void> };

const KEY = Symbol.for("study-circle.database-health");

function health(): Health {
  const holder = globalThis as unknown as Record<symbol, Health | undefined>;
  return (holder[KEY] ??= { downSince: null, listeners: new Set() });
}

/** Since when queries have failed for want of a database, or null when it answers. */
export function databaseDownSince(): number | null {
  return health().downSince;
}

export function reportDatabaseDown(): void {
  const h = health();
  if (h.downSince !== null) return;
  h.downSince = Date.now();
  for (const listener of h.listeners) listener(true);
}

export function reportDatabaseUp(): void {
  const h = health();
  if (h.downSince === null) return;
  h.downSince = null;
  for (const listener of h.listeners) listener(false);
}

/** Called with true when the database is found down, false when it answers again. */
export function onDatabaseHealth(listener: (down: boolean) => void): () => void {
  health().listeners.add(listener);
  return () => health().listeners.delete(listener);
}
