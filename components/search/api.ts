// The browser's calls to search and the tag list (typed; failures as readable messages).
import { call } from "@/components/ui/api-call";
import type { SearchPage, TagCount } from "@/lib/search/view";

export type SearchParams = Partial<Record<"q" | "text" | "tag" | "kind" | "state" | "author" | "mine" | "from" | "to" | "cursor" | "limit", string>>;

/** The parameters as a query string, leaving out empty ones. */
export function searchQuery(params: SearchParams): string {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value) query.set(key, value);
  return query.toString();
}

export const searchApi = (groupId: string) => ({
  search: (params: SearchParams, init?: { signal?: AbortSignal }) =>
    call<SearchPage>(`/api/groups/${encodeURIComponent(groupId)}/search?${searchQuery(params)}`, init),
  tags: (text?: string) => call<TagCount[]>(`/api/groups/${encodeURIComponent(groupId)}/tags${text ? `?text=${encodeURIComponent(text)}` : ""}`),
});
