// Deleting a note or reply, with Undo: the one way the margin, the list and a thread take a
// note away. The note goes when the server has deleted it (never before: a refusal leaves
// it where it was, with the server's reason), and the toast's Undo brings it back.
import type { ShowToast } from "@/components/ui/toast";
import type { AnnotationKind, AnnotationView } from "@/lib/annotations/view";
import type { ApiResult } from "./api";

export const deletedMessage = (kind: AnnotationKind) =>
  kind === "highlight" ? "Highlight removed." : kind === "reply" ? "Reply deleted." : "Note deleted.";

type Api = {
  remove: (id: string) => Promise<ApiResult<void>>;
  restore: (id: string) => Promise<ApiResult<{ annotation: AnnotationView }>>;
};

export async function deleteWithUndo(
  note: Pick<AnnotationView, "id" | "kind">,
  api: Api,
  toast: ShowToast,
  then: { removed: () => unknown; restored: (annotation: AnnotationView) => unknown },
): Promise<void> {
  const result = await api.remove(note.id);
  if (!result.ok) return toast({ message: result.error });
  await then.removed();
  toast({
    message: deletedMessage(note.kind),
    action: {
      label: "Undo",
      run: async () => {
        const restored = await api.restore(note.id);
        if (!restored.ok) return toast({ message: restored.error });
        await then.restored(restored.data.annotation);
      },
    },
  });
}
