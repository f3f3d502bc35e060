// The editor's calls to a group's texts API, through the shared call() helper (readable
// errors, field errors kept for the form).
import { call } from "@/components/ui/api-call";

export type PreviewBlock = { id: string; kind: "heading" | "paragraph" | "quote" | "listItem" | "footnote" | "rule"; level: number; text: string };
export type TextSourceInput = { title: string; author?: string; year?: number; source?: string; licence?: string; markdown: string };
export type SaveResult = { slug: string; draft: boolean; versionId: string | null; versionNumber: number | null; reanchored: { exact: number; moved: number; orphan: number } | null };

export const textsApi = (groupId: string) => {
  const base = `/api/groups/${encodeURIComponent(groupId)}/texts`;
  const one = (slug: string) => `${base}/${encodeURIComponent(slug)}`;
  return {
    base,
    paste: (input: { title?: string; format: "markdown" | "text" | "html"; source: string }) =>
      call<{ slug: string }>(base, { method: "POST", body: JSON.stringify({ ...input, draft: true }) }),
    preview: (input: TextSourceInput, signal?: AbortSignal) =>
      call<{ blocks: PreviewBlock[]; wordCount: number }>(`${base}/preview`, { method: "POST", body: JSON.stringify(input), signal }),
    save: (slug: string, input: TextSourceInput, draft: boolean) => call<SaveResult>(one(slug), { method: "PUT", body: JSON.stringify({ ...input, draft }) }),
    retire: (slug: string, retired: boolean) => call<{ slug: string; retired: boolean }>(one(slug), { method: "PATCH", body: JSON.stringify({ retired }) }),
    discard: (slug: string) => call<{ slug: string; deleted: boolean }>(one(slug), { method: "DELETE" }),
  };
};

/**
 * Sends a file with progress (fetch cannot report an upload's progress; XMLHttpRequest can).
 * Resolves with the created draft's slug, or the server's message.
 */
export function uploadFile(groupId: string, form: FormData, onProgress: (fraction: number) => void): Promise<{ ok: true; slug: string } | { ok: false; error: string }> {
  return new Promise((resolve) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", `/api/groups/${encodeURIComponent(groupId)}/texts`);
    xhr.setRequestHeader("Accept", "application/json");
    xhr.upload.onprogress = (event) => event.lengthComputable && onProgress(event.loaded / event.total);
    xhr.onerror = () => resolve({ ok: false, error: "Couldn’t reach Study Circle. Check your connection and try again." });
    xhr.onload = () => {
      let body: { slug?: string; error?: string } | null = null;
      try {
        body = JSON.parse(xhr.responseText) as { slug?: string; error?: string };
      } catch {
        body = null;
      }
      if (xhr.status === 201 && body?.slug) resolve({ ok: true, slug: body.slug });
      else resolve({ ok: false, error: body?.error ?? "Something went wrong on our side. Please try again." });
    };
    xhr.send(form);
  });
}
