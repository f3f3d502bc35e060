// A call to the app's JSON API, as the browser makes it. Failures come back as readable
// messages (the server writes them for people); a network failure says so plainly.
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
