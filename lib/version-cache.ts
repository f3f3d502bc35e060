// A text version never changes once written, so what is read or worked out from one can
// be kept in memory without any risk of an instance seeing something different. A handful
// of texts is read at once in practice; the least recently used version goes when the
// cache is full, and a failed load is forgotten so that the next request tries again.

/** A function of a version id, remembered for the `max` most recently used versions. */
export function perVersion<T>(max: number, load: (versionId: string) => Promise<T>): (versionId: string) => Promise<T> {
  const cache = new Map<string, Promise<T>>();
  return (versionId) => {
    const hit = cache.get(versionId);
    if (hit) {
      cache.delete(versionId);
      cache.set(versionId, hit);
      return hit;
    }
    const loading = load(versionId).catch((error: unknown) => {
      cache.delete(versionId);
      throw error;
    });
    cache.set(versionId, loading);
    if (cache.size > max) cache.delete(cache.keys().next().value!);
    return loading;
  };
}
