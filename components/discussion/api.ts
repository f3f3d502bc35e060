// The reader's calls to the threads API (see components/ui/api-call.ts for how failures read).
import type { AnnotationView, ReactionKind } from "@/lib/annotations/view";
import { call } from "@/components/ui/api-call";
import { annotationsApi } from "@/components/annotations/api";

export type ThreadData = {
  thread: AnnotationView;
  replies: AnnotationView[];
  text: { slug: string; title: string };
  following: boolean;
  facilitator: boolean;
};

export const threadsApi = (groupId: string) => {
  const g = `/api/groups/${encodeURIComponent(groupId)}`;
  const thread = (id: string) => `${g}/threads/${encodeURIComponent(id)}`;
  const patch = (id: string, body: object) => call<ThreadData>(thread(id), { method: "PATCH", body: JSON.stringify(body) });
  return {
    get: (id: string) => call<ThreadData>(thread(id)),
    reply: (parentId: string, input: { id: string; body: string }) => annotationsApi(groupId).reply(parentId, input),
    answer: (id: string, answerId: string | null) => patch(id, { answerId }),
    resolve: (id: string, resolved: boolean) => patch(id, { resolved }),
    pin: (id: string, pinned: boolean) => patch(id, { pinned }),
    forMeeting: (id: string, forMeeting: boolean) => patch(id, { forMeeting }),
    follow: (id: string, following: boolean) =>
      call<{ following: boolean }>(thread(id), { method: "PATCH", body: JSON.stringify({ following }) }),
    react: (annotationId: string, kind: ReactionKind, on: boolean) =>
      call<{ reactions: AnnotationView["reactions"] }>(`${g}/annotations/${encodeURIComponent(annotationId)}/reactions/${kind}`, {
        method: on ? "PUT" : "DELETE",
      }),
    discussions: (slug: string) => call<{ discussions: AnnotationView[] }>(`${g}/discussions?text=${encodeURIComponent(slug)}`),
    startDiscussion: (input: { id: string; text: string; kind: "comment" | "question"; title: string; body: string }) =>
      call<{ discussion: AnnotationView }>(`${g}/discussions`, { method: "POST", body: JSON.stringify(input) }),
    markThreadRead: (threadId: string) =>
      call<{ unread: number }>("/api/notifications", { method: "PATCH", body: JSON.stringify({ threadId }) }),
  };
};
export type ThreadsApi = ReturnType<typeof threadsApi>;
