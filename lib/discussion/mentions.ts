// Mentions are written as "@Name" — what the autocomplete inserts and what a person
// would type. When a note is saved, the body is matched against the group's members;
// a name that is no member's stays plain text and notifies nobody.

export type Member = { id: string; name: string };

const NAME_END = /[\p{L}\p{N}_]/u;

/**
 * The members named in a body, each once. Longer names win where one name starts
 * another ("@Ann Lee" is Ann Lee, not Ann), and a name must end at a word boundary.
 */
export function findMentions(body: string, members: readonly Member[]): Member[] {
  if (!body.includes("@")) return [];
  const byLength = [...members].filter((m) => m.name.trim()).sort((a, b) => b.name.length - a.name.length);
  const found = new Map<string, Member>();
  const lower = body.toLowerCase();
  for (let at = lower.indexOf("@"); at !== -1; at = lower.indexOf("@", at + 1)) {
    // "someone@example.org" is an address, not a mention.
    if (at > 0 && NAME_END.test(body[at - 1]!)) continue;
    const rest = lower.slice(at + 1);
    let longest: number | null = null;
    for (const member of byLength) {
      const name = member.name.toLowerCase();
      if (longest !== null && name.length < longest) break;
      if (rest.startsWith(name) && !NAME_END.test(rest.charAt(name.length))) {
        found.set(member.id, member);
        longest = name.length;
      }
    }
  }
  return [...found.values()];
}

/** The pieces of a text with each "@Name" of the given people marked, for showing mentions. */
export function splitMentions(text: string, people: readonly Member[]): ({ text: string } | { text: string; person: Member })[] {
  if (!people.length || !text.includes("@")) return [{ text }];
  const names = [...people].sort((a, b) => b.name.length - a.name.length);
  const out: ({ text: string } | { text: string; person: Member })[] = [];
  let plain = "";
  let i = 0;
  while (i < text.length) {
    if (text[i] === "@" && (i === 0 || !NAME_END.test(text[i - 1]!))) {
      const rest = text.slice(i + 1).toLowerCase();
      const person = names.find((p) => rest.startsWith(p.name.toLowerCase()) && !NAME_END.test(rest.charAt(p.name.length)));
      if (person) {
        if (plain) out.push({ text: plain });
        plain = "";
        out.push({ text: text.slice(i, i + 1 + person.name.length), person });
        i += 1 + person.name.length;
        continue;
      }
    }
    plain += text[i];
    i += 1;
  }
  if (plain) out.push({ text: plain });
  return out;
}

/** The "@query" being typed just before the caret, if any: what the autocomplete completes. */
export function mentionQueryAt(text: string, caret: number): { start: number; query: string } | null {
  const before = text.slice(0, caret);
  const at = before.lastIndexOf("@");
  if (at === -1) return null;
  if (at > 0 && NAME_END.test(before[at - 1]!)) return null;
  const query = before.slice(at + 1);
  // Names have at most a few words; a line break or a long run ends the mention.
  if (query.length > 40 || /[\n@]/.test(query) || /\s{2}/.test(query) || query.split(" ").length > 4) return null;
  return { start: at, query };
}

const fold = (s: string) => s.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase();

/** Members whose name, or a word of it, starts with what was typed after @ (accents ignored), best first. */
export function matchMembers(members: readonly Member[], query: string, limit = 6): Member[] {
  const q = fold(query.trim());
  const scored = members.flatMap((m) => {
    const name = fold(m.name);
    if (!q) return [{ m, score: 2 }];
    if (name.startsWith(q)) return [{ m, score: 0 }];
    if (name.split(/\s+/).some((w) => w.startsWith(q))) return [{ m, score: 1 }];
    return [];
  });
  return scored
    .sort((a, b) => a.score - b.score || a.m.name.localeCompare(b.m.name))
    .slice(0, limit)
    .map((s) => s.m);
}
