// The rules of deleting an account that need no database: what the person becomes, what
// happens to each of their groups, and how others' mentions of them read afterwards.
// lib/auth/delete-account.ts applies them in one transaction.
import { splitMentions } from "@/lib/discussion/mentions";

/** The name a deleted account's shared notes and replies are shown under. */
export const FORMER_MEMBER = "A former member";

/**
 * The address a deleted account is left with: unique (the column is), in the reserved
 * `.invalid` domain so no mail can reach it, and not one a sign-up could ever ask for
 * (sign-up checks addresses the same way), so the person's own address is free again.
 */
export const anonymisedEmail = (userId: string) => `deleted-${userId}@invalid`;

export type GroupStanding = { id: string; name: string; role: "facilitator" | "member"; facilitators: number; members: number };

/**
 * What deleting the account does to one of their groups:
 * - "closed": they are its only member, so it goes, with everything in it (as when the last
 *   person leaves a group);
 * - "blocked": they are its only facilitator and others remain. A group is never left
 *   without a facilitator, and nobody is made one without choosing it: the person hands
 *   facilitation over first (as when an only facilitator wants to leave);
 * - "kept": they leave it; their shared notes stay.
 */
export function groupOutcome(group: GroupStanding): "closed" | "blocked" | "kept" {
  if (group.members <= 1) return "closed";
  if (group.role === "facilitator" && group.facilitators <= 1) return "blocked";
  return "kept";
}

/** The sentence that refuses a deletion while groups would lose their only facilitator. */
export function handOverFirst(names: readonly string[]): string {
  const quoted = names.map((name) => `“${name}”`);
  const list = quoted.length <= 1 ? (quoted[0] ?? "") : `${quoted.slice(0, -1).join(", ")} and ${quoted.at(-1)}`;
  return `You are the only facilitator of ${list}. Make another member a facilitator there first (or hand over facilitation and leave), then delete your account.`;
}

/**
 * A body with every "@Old Name" mention of the person (by the rules that mark mentions when
 * a note is shown) written as "@A former member", so others' notes keep the mention but no
 * longer carry the name. Anything else, including an address like name@example.org, is kept.
 */
export function renameMentions(body: string, oldName: string, newName = FORMER_MEMBER): string {
  if (!oldName.trim()) return body;
  return splitMentions(body, [{ id: "person", name: oldName }])
    .map((part) => ("person" in part ? `@${newName}` : part.text))
    .join("");
}
