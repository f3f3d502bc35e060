// The reader's calls to the annotations API. Failures come back as readable messages
// (the server writes them for people); a network failure says so plainly.
import type { EditPatch, NewAnnotation } from "@/lib/annotations/requests";
import type { AnnotationView } from "@/lib/annotations/view";

export type ApiResult<T> =
  | { ok: true; data: T }
  | { ok: false; status: number; error: string; current?: AnnotationView; fieldErrors?: Record<string, string[]> };

export async function call<T>(url: string, init?: RequestInit): Promise<ApiResult<T>> {
  let response: Response;
  try {
    response = await fetch(url, {
      ...init,
      headers: { Accept: "application/json", ...(init?.body ? { "Content-Type": "application/json" } : {}) },
    });
  } catch {
    return { ok: false, status: 0, error: "Couldn’t reach Study Circle. Check your connection and try again." };
  }
  if (response.status === 204) return { ok: true, data: undefined as T };
  const json = (await response.json().catch(() => null)) as (T & { error?: string; current?: AnnotationView; fieldErrors?: Record<string, string[]> }) | null;
  if (!response.ok || !json)
    return {
      ok: false,
      status: response.status,
      error: json?.error ?? "Something went wrong on our side. Please try again.",
      current: json?.current,
      fieldErrors: json?.fieldErrors,
    };
  return { ok: true, data: json };
}

export const annotationsApi = (groupId: string) => {
  const base = `/api/groups/${encodeURIComponent(groupId)}/annotations`;
  const one = (id: string) => `${base}/${encodeURIComponent(id)}`;
  return {
    list: (slug: string) =>
      call<{ text: { slug: string; versionId: string }; annotations: AnnotationView[]; locked?: boolean; seq: number }>(`${base}?text=${encodeURIComponent(slug)}`),
    create: (input: NewAnnotation) =>
      call<{ annotation: AnnotationView }>(base, { method: "POST", body: JSON.stringify(input) }),
    edit: (id: string, patch: EditPatch) =>
      call<{ annotation: AnnotationView }>(one(id), { method: "PATCH", body: JSON.stringify(patch) }),
    remove: (id: string) => call<void>(one(id), { method: "DELETE" }),
    restore: (id: string) => call<{ annotation: AnnotationView }>(one(id), { method: "PATCH", body: JSON.stringify({ deleted: false }) }),
    hide: (id: string, hidden: boolean) =>
      call<{ annotation: AnnotationView }>(one(id), { method: "PATCH", body: JSON.stringify({ hidden }) }),
    place: (id: string, anchor: NewAnnotation["anchor"]) =>
      call<{ annotation: AnnotationView }>(one(id), { method: "PATCH", body: JSON.stringify({ anchor }) }),
  };
};
