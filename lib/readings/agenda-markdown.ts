// The meeting agenda as Markdown: a pure function of the week's facts, tested on its own.

export type AgendaFacts = {
  title: string;
  weekOf: string;
  due: string;
  timeZone: string;
  range: string;
  /** Already in order: most "same question" reactions first. */
  openQuestions: { body: string; author: string; where: string; same: number; replies: number }[];
  passages: { where: string; quote: string; notes: number; replies: number }[];
  prompts: { body: string; where: string | null; answers: { author: string; body: string }[] }[];
  unanswered: { author: string; where: string; body: string }[];
};

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** Keeps people's words from turning into headings, lists or links of the agenda itself. */
export function inline(text: string): string {
  return text
    .replace(/\s+/g, " ")
    .trim()
    .replace(/([\\`*_[\]<>#|])/g, "\\$1");
}

export function buildAgenda(facts: AgendaFacts): string {
  const lines: string[] = [];
  lines.push(`# Meeting agenda: ${inline(facts.title)}`, "");
  lines.push(`Week of ${facts.weekOf} · due ${facts.due} (${facts.timeZone}) · reading ${inline(facts.range)}`, "");

  lines.push("## Open questions", "");
  if (!facts.openQuestions.length) lines.push("No open questions this week.");
  facts.openQuestions.forEach((q, i) => {
    const extra = [q.same ? `${plural(q.same, "person", "people")} asked the same` : "", q.replies ? plural(q.replies, "reply", "replies") : ""].filter(Boolean);
    lines.push(`${i + 1}. ${inline(q.body)} — ${inline(q.author)}, on ${inline(q.where)}${extra.length ? ` (${extra.join(", ")})` : ""}`);
  });
  lines.push("");

  lines.push("## Most discussed passages", "");
  if (!facts.passages.length) lines.push("Nobody has written on the passages yet.");
  facts.passages.forEach((p, i) => {
    lines.push(`${i + 1}. ${inline(p.where)}: ${plural(p.notes, "note")}, ${plural(p.replies, "reply", "replies")}`);
    if (p.quote) lines.push(`   > ${inline(p.quote)}`);
  });
  lines.push("");

  lines.push("## Prompts", "");
  if (!facts.prompts.length) lines.push("No prompts were set this week.", "");
  facts.prompts.forEach((p, i) => {
    lines.push(`### ${i + 1}. ${inline(p.body)}`, "");
    if (p.where) lines.push(`On ${inline(p.where)}.`, "");
    if (!p.answers.length) lines.push("No answers yet.");
    for (const a of p.answers) lines.push(`- **${inline(a.author)}:** ${inline(a.body)}`);
    lines.push("");
  });

  lines.push("## Comments waiting for a reply", "");
  if (!facts.unanswered.length) lines.push("Every comment has a reply.");
  for (const c of facts.unanswered) lines.push(`- **${inline(c.author)}** on ${inline(c.where)}: ${inline(c.body)}`);
  lines.push("");
  return lines.join("\n");
}
