import { describe, expect, it } from "vitest";
import { parseText } from "@/lib/content/blocks";
import { collapseUnchanged, compareVersions, countChanges, isRecentEdit, RECENT_EDIT_DAYS, similarity, wordChanges, type ParagraphChange, type VersionBlock } from "./changes";

/** A version's blocks as the importer makes them, ids included. */
function version(...paragraphs: string[]): VersionBlock[] {
  return parseText(`---\ntitle: A text\noriginal: a-text.txt\n---\n\n${paragraphs.join("\n\n")}\n`, "a-text.md").blocks.map(({ id, kind, level, plainText }) => ({
    id,
    kind,
    level,
    plainText,
  }));
}

/** The changes as short lines: "unchanged: The first…", "changed: …". */
const outline = (changes: ParagraphChange[]) => changes.map((c) => `${c.type}: ${c.block.plainText.slice(0, 24)}`);

const P1 = "A study group reads slowly and together, week by week, and writes in the margins.";
const P2 = "A note belongs to its passage, wherever the passage goes when the text is edited.";
const P3 = "The chapter closes with a short remark about meetings and who brings the tea.";
const P4 = "Every member may ask a question, and every question deserves an answer in the margin.";
const NEW = "Facilitators plan the weeks ahead and write the prompts that open the discussion.";

describe("comparing two versions of a text", () => {
  it("finds nothing changed in the same text, and keeps every block's id", () => {
    const v = version("# One", P1, P2, "# Two", P3);
    const changes = compareVersions(v, version("# One", P1, P2, "# Two", P3));
    expect(changes.map((c) => c.type)).toEqual(Array(5).fill("unchanged"));
    expect(changes.map((c) => c.block.id)).toEqual(v.map((b) => b.id));
  });

  it("shows a new paragraph where it was added, and the rest unchanged", () => {
    const changes = compareVersions(version("# One", P1, P2), version("# One", P1, NEW, P2));
    expect(outline(changes)).toEqual(["unchanged: One", `unchanged: ${P1.slice(0, 24)}`, `added: ${NEW.slice(0, 24)}`, `unchanged: ${P2.slice(0, 24)}`]);
    expect(countChanges(changes)).toEqual({ unchanged: 3, added: 1, removed: 0, changed: 0, moved: 0 });
  });

  it("shows a removed paragraph at its place: the block that now follows it", () => {
    const after = version("# One", P1, P3);
    const changes = compareVersions(version("# One", P1, P2, P3), after);
    const removed = changes.find((c) => c.type === "removed");
    expect(outline(changes)).toEqual(["unchanged: One", `unchanged: ${P1.slice(0, 24)}`, `removed: ${P2.slice(0, 24)}`, `unchanged: ${P3.slice(0, 24)}`]);
    expect(removed).toMatchObject({ near: after[2]!.id });
    // At the very end, the place is the block before it.
    expect(compareVersions(version(P1, P2), version(P1)).at(-1)).toMatchObject({ type: "removed", near: version(P1)[0]!.id });
  });

  it("pairs an edited paragraph with what it became, word by word", () => {
    const edited = P2.replace("wherever", "whichever way").replace("edited.", "edited again.");
    const before = version(P1, P2, P3);
    const after = version(P1, edited, P3);
    const changes = compareVersions(before, after);
    expect(changes.map((c) => c.type)).toEqual(["unchanged", "changed", "unchanged"]);
    const changed = changes[1]!;
    if (changed.type !== "changed") throw new Error("expected a changed paragraph");
    // The paragraph's id follows its words; the link goes to the new one.
    expect(changed.block.id).toBe(after[1]!.id);
    expect(changed.before.id).toBe(before[1]!.id);
    expect(changed.block.id).not.toBe(changed.before.id);
    expect(changed.words.filter((w) => w.change === "removed").map((w) => w.text.trim())).toEqual(["wherever"]);
    expect(changed.words.filter((w) => w.change === "added").map((w) => w.text.trim())).toEqual(["whichever way", "again"]);
    // Reading the kept and removed words gives the old paragraph; kept and added, the new one.
    expect(changed.words.filter((w) => w.change !== "added").map((w) => w.text).join("")).toBe(P2);
    expect(changed.words.filter((w) => w.change !== "removed").map((w) => w.text).join("")).toBe(edited);
  });

  it("does not pair a paragraph with an unrelated one that replaced it", () => {
    const changes = compareVersions(version(P1, P2, P3), version(P1, NEW, P3));
    expect(changes.map((c) => c.type)).toEqual(["unchanged", "removed", "added", "unchanged"]);
  });

  it("pairs each edited paragraph of a run with its own, around a new one between them", () => {
    const e1 = `${P1} Then it meets.`;
    const e2 = P2.replace("A note", "Each note");
    const changes = compareVersions(version("# One", P1, P2, P3), version("# One", e1, NEW, e2, P3));
    expect(changes.map((c) => c.type)).toEqual(["unchanged", "changed", "added", "changed", "unchanged"]);
    expect(changes[1]).toMatchObject({ before: { plainText: P1 }, block: { plainText: e1 } });
    expect(changes[3]).toMatchObject({ before: { plainText: P2 }, block: { plainText: e2 } });
  });

  it("shows a paragraph moved to another chapter once, where it now stands, saying where it came from", () => {
    const changes = compareVersions(version("# One", P1, P2, "# Two", P3), version("# One", P1, "# Two", P3, P2));
    expect(outline(changes)).toEqual([
      "unchanged: One",
      `unchanged: ${P1.slice(0, 24)}`,
      "unchanged: Two",
      `unchanged: ${P3.slice(0, 24)}`,
      `moved: ${P2.slice(0, 24)}`,
    ]);
    expect(changes[4]).toMatchObject({ type: "moved", fromSection: "One", sameSection: false });
  });

  it("says when a paragraph moved within its own chapter", () => {
    const changes = compareVersions(version("# One", P1, P2, P4), version("# One", P2, P4, P1));
    const moved = changes.filter((c) => c.type === "moved");
    expect(moved).toHaveLength(1);
    expect(moved[0]).toMatchObject({ block: { plainText: P1 }, fromSection: "One", sameSection: true });
    expect(changes.some((c) => c.type === "removed" || c.type === "added")).toBe(false);
  });

  it("pairs a footnote with its edited words by its label, however much they changed", () => {
    const changes = compareVersions(version(`${P1}[^1]`, "[^1]: See the first edition."), version(`${P1}[^1]`, "[^1]: Compare chapter nine of a later printing."));
    expect(changes.map((c) => c.type)).toEqual(["unchanged", "changed"]);
    expect(changes[1]).toMatchObject({ block: { id: "fn-1", kind: "footnote" }, before: { id: "fn-1" } });
  });

  it("reads deleting the first of two identical paragraphs as one removal, though the second's id changes", () => {
    const before = version(P1, "Yes.", P2, "Yes.", P3);
    const after = version(P1, P2, "Yes.", P3);
    expect(before[3]!.id).toMatch(/-2$/);
    const changes = compareVersions(before, after);
    expect(changes.map((c) => c.type)).toEqual(["unchanged", "removed", "unchanged", "unchanged", "unchanged"]);
    // The kept copy is linked by its id in the new version.
    expect(changes[3]!.block.id).toBe(after[2]!.id);
  });

  it("shows a heading set at another level as changed, with the same words", () => {
    const changes = compareVersions(version("## Part", P1), version("### Part", P1));
    expect(changes[0]).toMatchObject({ type: "changed", before: { level: 2 }, block: { level: 3 }, words: [{ text: "Part", change: "same" }] });
  });

  it("ignores a change of spacing alone", () => {
    const changes = compareVersions(version(P1), version(P1.replace("slowly and", "slowly  and\n")));
    expect(changes.map((c) => c.type)).toEqual(["unchanged"]);
  });

  it("never pairs section breaks, nor calls them moved", () => {
    const changes = compareVersions(version(P1, "---", P2), version(P1, P2, "---"));
    expect(changes.map((c) => c.type).sort()).toEqual(["added", "removed", "unchanged", "unchanged"]);
  });

  it("treats a first version as all added, and an emptied one as all removed", () => {
    expect(compareVersions([], version(P1, P2)).map((c) => c.type)).toEqual(["added", "added"]);
    expect(compareVersions(version(P1, P2), [])).toEqual([
      expect.objectContaining({ type: "removed", near: null }),
      expect.objectContaining({ type: "removed", near: null }),
    ]);
  });

  it("answers for a long text rewritten from end to end without aligning at any cost", () => {
    const many = (prefix: string) => Array.from({ length: 2500 }, (_, i) => ({ id: `${prefix}${i}`, kind: "paragraph" as const, level: 0, plainText: `${prefix} ${i} words of a paragraph number ${i * 7919}` }));
    const changes = compareVersions(many("old"), many("new"));
    const counts = countChanges(changes);
    expect(counts.unchanged + counts.moved).toBe(0);
    expect(counts.removed + counts.changed).toBe(2500);
    expect(counts.added + counts.changed).toBe(2500);
  });
});

describe("similarity and word changes", () => {
  it("counts shared words, ignoring case and punctuation", () => {
    expect(similarity("The cat sat.", "the cat, sat")).toBe(1);
    expect(similarity("one two three four", "one two five six")).toBe(0.5);
    expect(similarity("Yes.", "No.")).toBe(0);
    expect(similarity("", "")).toBe(1);
  });

  it("falls back to the whole paragraph removed and added when the words are past comparing", () => {
    const a = Array.from({ length: 3000 }, (_, i) => `a${i}`).join(" ");
    const b = Array.from({ length: 3000 }, (_, i) => `b${i}`).join(" ");
    expect(wordChanges(a, b)).toEqual([
      { text: a, change: "removed" },
      { text: b, change: "added" },
    ]);
  });
});

describe("folding unchanged paragraphs", () => {
  const paragraphs = Array.from({ length: 30 }, (_, i) => `Paragraph ${i} of the text, with words of its own: ${"lorem ".repeat(i % 5)}${i}.`);

  it("folds long runs to a count, keeping one paragraph beside each change", () => {
    const after = [...paragraphs];
    after[15] = `${paragraphs[15]} And one more sentence.`;
    const shown = collapseUnchanged(compareVersions(version(...paragraphs), version(...after)));
    expect(shown.map((s) => s.type)).toEqual(["unchanged-run", "unchanged", "changed", "unchanged", "unchanged-run"]);
    expect(shown[0]).toMatchObject({ count: 14, firstId: version(...paragraphs)[0]!.id });
    expect(shown[4]).toMatchObject({ count: 13 });
  });

  it("folds a text with no changes into one count", () => {
    expect(collapseUnchanged(compareVersions(version(...paragraphs), version(...paragraphs)))).toEqual([
      { type: "unchanged-run", count: 30, firstId: version(...paragraphs)[0]!.id },
    ]);
  });

  it("shows a short run whole rather than folding a single paragraph", () => {
    const before = paragraphs.slice(0, 5);
    const after = [`${before[0]} More.`, before[1]!, before[2]!, before[3]!, `${before[4]} More.`];
    expect(collapseUnchanged(compareVersions(version(...before), version(...after))).map((s) => s.type)).toEqual([
      "changed",
      "unchanged",
      "unchanged",
      "unchanged",
      "changed",
    ]);
  });
});

describe("an edited paragraph's words", () => {
  const cases: [string, string][] = [
    ["A note belongs to its passage, wherever the passage goes.", "A note belongs to its passage, whichever way the passage goes."],
    ["The cat sat on the mat.", "The dog sat on a mat, quietly."],
    ["One two three.", "One two  three,  four."],
    ["Workers of the world unite; you have nothing to lose.", "Workers of all countries, unite! You have nothing to lose."],
    ["Short.", "A longer sentence replaces it entirely."],
    [" Leading and trailing ", "Leading, and trailing"],
  ];

  // The new paragraph exactly; the old one but for its spacing (where only spacing changed, the new spacing is shown).
  const spaced = (text: string) => text.replace(/\s+/g, " ").trim();
  it.each(cases)("read back as both paragraphs: %s → %s", (before, after) => {
    const words = wordChanges(before, after);
    expect(spaced(words.filter((w) => w.change !== "added").map((w) => w.text).join(""))).toBe(spaced(before));
    expect(words.filter((w) => w.change !== "removed").map((w) => w.text).join("")).toBe(after);
    // One change never follows another of its kind, and no part is empty.
    words.forEach((w, k) => expect(w.text !== "" && w.change !== words[k - 1]?.change).toBe(true));
  });

  it("mark whole replaced words, without the spaces around them", () => {
    expect(wordChanges(cases[0]![0], cases[0]![1]).filter((w) => w.change !== "same")).toEqual([
      { text: "wherever", change: "removed" },
      { text: "whichever way", change: "added" },
    ]);
  });
});

describe("a text edited lately", () => {
  const now = new Date("2026-12-10T12:00:00Z");
  const daysAgo = (days: number) => new Date(now.getTime() - days * 86_400_000);

  it("is an edit (a version after the first) published within the last two weeks", () => {
    expect(RECENT_EDIT_DAYS).toBe(14);
    expect(isRecentEdit(2, daysAgo(0), now)).toBe(true);
    expect(isRecentEdit(5, daysAgo(13.9), now)).toBe(true);
    expect(isRecentEdit(2, daysAgo(14), now)).toBe(false);
    expect(isRecentEdit(2, daysAgo(400), now)).toBe(false);
  });

  it("is never the first version, however new", () => {
    expect(isRecentEdit(1, daysAgo(0), now)).toBe(false);
  });

  it("counts a version stamped a moment ahead of this server's clock as new", () => {
    expect(isRecentEdit(2, new Date(now.getTime() + 30_000), now)).toBe(true);
  });
});
