// The reader's calls to the annotations API (components/ui/api-call.ts says how failures read).
import type { EditPatch, NewAnnotation } from "@/lib/annotations/requests";
import type { AnnotationView } from "@/lib/annotations/view";
import { call } from "@/components/ui/api-call";

export type { ApiResult } from "@/components/ui/api-call";

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
    /** A reply, which is a note in a thread, to the note `parentId`. */
    reply: (parentId: string, input: { id: string; body: string }) =>
      call<{ reply: AnnotationView }>(`${one(parentId)}/replies`, { method: "POST", body: JSON.stringify(input) }),
    remove: (id: string) => call<void>(one(id), { method: "DELETE" }),
    restore: (id: string) => call<{ annotation: AnnotationView }>(one(id), { method: "PATCH", body: JSON.stringify({ deleted: false }) }),
    hide: (id: string, hidden: boolean) =>
      call<{ annotation: AnnotationView }>(one(id), { method: "PATCH", body: JSON.stringify({ hidden }) }),
    place: (id: string, anchor: NewAnnotation["anchor"]) =>
      call<{ annotation: AnnotationView }>(one(id), { method: "PATCH", body: JSON.stringify({ anchor }) }),
  };
};
