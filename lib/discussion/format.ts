// How notifications read, in the inbox and in mail: pure functions, tested on their own.

const EXCERPT = 160;

export function excerpt(body: string): string {
  const flat = body.replace(/[*_`>#]/g, "").replace(/\s+/g, " ").trim();
  return flat.length > EXCERPT ? `${flat.slice(0, EXCERPT - 1).trimEnd()}…` : flat;
}

export const threadUrl = (groupId: string, slug: string, threadId: string, itemId?: string | null) =>
  `/groups/${groupId}/texts/${encodeURIComponent(slug)}?thread=${threadId}${itemId && itemId !== threadId ? `&reply=${itemId}` : ""}`;

export function describeNotification(n: {
  kind: "reply" | "mention" | "answer" | "reading";
  actor: { name: string } | null;
  threadKind: string;
  threadAuthorIsMe: boolean;
  /** For a reply: whether it answers something of mine, and whether that is the thread's first note. */
  parentIsMine?: boolean;
  parentIsThread?: boolean;
}): string {
  const who = n.actor?.name ?? "Someone";
  const what = n.threadKind === "question" ? "question" : "note";
  switch (n.kind) {
    case "mention":
      return `${who} mentioned you`;
    case "answer":
      return `${who} marked an answer to your question`;
    case "reading":
      return `${who} set a new reading`;
    case "reply":
      if (n.parentIsMine) return n.parentIsThread ? `${who} replied to your ${what}` : `${who} replied to your reply`;
      return n.threadAuthorIsMe ? `${who} replied in the thread on your ${what}` : `${who} replied in a thread you follow`;
  }
}
