// The schedule's calls to the readings API (see components/ui/api-call.ts for how failures read).
import { call } from "@/components/ui/api-call";

export type PromptDraft = { id?: string; body: string; blockId: string | null };
export type ReadingDraft = {
  text: string;
  weekOf: string;
  due: string;
  startBlockId: string | null;
  endBlockId: string | null;
  prompts: PromptDraft[];
  postBeforePeek: boolean;
};

export const readingsApi = (groupId: string) => {
  const g = `/api/groups/${encodeURIComponent(groupId)}`;
  const one = (id: string) => `${g}/readings/${encodeURIComponent(id)}`;
  return {
    create: (draft: ReadingDraft) => call<{ reading: { id: string } }>(`${g}/readings`, { method: "POST", body: JSON.stringify(draft) }),
    update: (id: string, draft: ReadingDraft) => call<{ reading: { id: string } }>(one(id), { method: "PUT", body: JSON.stringify(draft) }),
    remove: (id: string) => call<void>(one(id), { method: "DELETE" }),
    restore: (id: string) => call<{ reading: { id: string } }>(`${one(id)}/restore`, { method: "POST" }),
    reorder: (ids: string[]) => call<unknown>(`${g}/readings/order`, { method: "PUT", body: JSON.stringify({ ids }) }),
    progressUrl: (id: string) => `${one(id)}/progress`,
    saveAgenda: (id: string, change: { markdown?: string; shared?: boolean }) =>
      call<{ agenda: { markdown: string; saved: boolean; sharedAt: string | null; generated: string | null } }>(`${one(id)}/agenda`, {
        method: "PUT",
        body: JSON.stringify(change),
      }),
    agendaMarkdownUrl: (id: string) => `${one(id)}/agenda?format=markdown`,
    calendar: () => call<{ url: string }>(`${g}/calendar`),
    resetCalendar: () => call<{ url: string }>(`${g}/calendar`, { method: "POST" }),
    answerPrompt: (input: { id: string; text: string; promptId: string; body: string }) =>
      call<{ discussion: { id: string } }>(`${g}/discussions`, { method: "POST", body: JSON.stringify({ ...input, kind: "comment" }) }),
  };
};
