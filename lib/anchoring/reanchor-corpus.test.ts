// Re-anchoring on the real texts: notes are made on each seed text, the text is edited
// the ways editors edit (typo fixes inside and around a quote, paragraphs inserted,
// deleted, split and merged, sections moved, several at once), and every note is
// carried to the new version. Each placement is checked against what the edit did, and
// the share placed exactly, moved and orphaned is printed per kind of edit.
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { afterAll, describe as group, expect, it } from "vitest";
import { parseText, type ParsedBlock } from "@/lib/content/blocks";
import { describe } from "./describe";
import { reanchor } from "./reanchor";
import type { AnchorBlock, Selector } from "./types";

const TEXTS_DIR = path.join(import.meta.dirname, "..", "..", "content", "texts");
const NOTES_PER_TEXT = 40;

type Block = AnchorBlock & { kind: ParsedBlock["kind"] };

/** Ids as the loader makes them: a paragraph's id is a hash of its words. */
const idFor = (text: string) => `p-${createHash("sha256").update(text.replace(/\s+/g, " ").trim()).digest("hex").slice(0, 10)}`;

function prng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

type Note = { selector: Selector; start: number; end: number };

/** Notes of four shapes: a phrase, a sentence, a whole paragraph, a passage across two paragraphs. */
function makeNotes(blocks: Block[], seed: number): Note[] {
  const random = prng(seed);
  const pick = <T,>(list: T[]) => list[Math.floor(random() * list.length)]!;
  const prose = blocks.map((b, i) => ({ b, i })).filter(({ b }) => (b.kind === "paragraph" || b.kind === "quote") && b.plainText.length > 120);
  const notes: Note[] = [];
  for (let n = 0; n < NOTES_PER_TEXT; n++) {
    const { b, i } = pick(prose);
    const text = b.plainText;
    const shape = n % 4;
    let position;
    if (shape === 0) {
      const words = [...text.matchAll(/\S+/g)];
      const first = Math.floor(random() * Math.max(1, words.length - 8));
      const last = Math.min(words.length - 1, first + 2 + Math.floor(random() * 6));
      position = { startBlockId: b.id, startOffset: words[first]!.index, endBlockId: b.id, endOffset: words[last]!.index + words[last]![0].length };
    } else if (shape === 1) {
      const sentences = [...text.matchAll(/[^.!?]+[.!?]+/g)].filter((m) => m[0].trim().length > 20);
      const m = sentences.length ? pick(sentences) : { index: 0, 0: text };
      const lead = m[0].length - m[0].trimStart().length;
      position = { startBlockId: b.id, startOffset: m.index! + lead, endBlockId: b.id, endOffset: m.index! + m[0].trimEnd().length };
    } else if (shape === 2) {
      position = { startBlockId: b.id, startOffset: 0, endBlockId: b.id, endOffset: text.length };
    } else {
      const next = blocks[i + 1];
      if (!next || next.kind !== "paragraph" || next.plainText.length < 40) {
        n--;
        continue;
      }
      position = { startBlockId: b.id, startOffset: Math.floor(text.length * 0.6), endBlockId: next.id, endOffset: 30 };
    }
    try {
      notes.push({ selector: describe(blocks, position), start: blocks.indexOf(b), end: blocks.findIndex((x) => x.id === position.endBlockId) });
    } catch {
      n--;
    }
  }
  return notes;
}

/** A block with new words gets a new id, as the loader would give it. */
const rewrite = (block: Block, plainText: string): Block => ({ ...block, plainText, id: idFor(plainText) });

/** Changes one letter of the word at or after an offset; returns the new text and where. */
function typo(text: string, at: number): { text: string; index: number } | null {
  const word = /[a-z]{4,}/g;
  word.lastIndex = Math.max(0, at);
  const m = word.exec(text);
  if (!m) return null;
  const index = m.index + 1;
  const swapped = text[index] === "e" ? "a" : "e";
  return { text: text.slice(0, index) + swapped + text.slice(index + 1), index };
}

type Expectation = "same words" | "fixed words" | "words across a break" | "orphan";
type Edit = { name: string; apply: (blocks: Block[], note: Note) => { blocks: Block[]; expect: Expectation; quote?: string } | null };

const INSERTED: Block = { id: "p-inserted00", kind: "paragraph", plainText: "An editor’s paragraph, added between two others, about something else entirely." };

const EDITS: Edit[] = [
  {
    name: "typo fixed inside the quote",
    apply: (blocks, note) => {
      if (note.start !== note.end) return null;
      const block = blocks[note.start]!;
      const from = note.selector.startOffset + Math.floor((note.selector.endOffset - note.selector.startOffset) / 3);
      const changed = typo(block.plainText, from);
      if (!changed || changed.index >= note.selector.endOffset) return null;
      const out = [...blocks];
      out[note.start] = rewrite(block, changed.text);
      return { blocks: out, expect: "fixed words", quote: changed.text.slice(note.selector.startOffset, note.selector.endOffset) };
    },
  },
  {
    name: "typo fixed just before or after the quote",
    apply: (blocks, note) => {
      const block = blocks[note.start]!;
      const before = note.selector.startOffset > 12;
      const changed = before ? typo(block.plainText.slice(0, note.selector.startOffset - 1), Math.max(0, note.selector.startOffset - 30)) : null;
      if (!changed) return null;
      const out = [...blocks];
      out[note.start] = rewrite(block, changed.text + block.plainText.slice(note.selector.startOffset - 1));
      return { blocks: out, expect: "same words" };
    },
  },
  {
    name: "paragraph inserted before",
    apply: (blocks, note) => ({ blocks: [...blocks.slice(0, note.start), INSERTED, ...blocks.slice(note.start)], expect: "same words" }),
  },
  {
    name: "another paragraph deleted",
    apply: (blocks, note) => {
      const victim = blocks.findIndex((b, i) => b.kind === "paragraph" && (i < note.start - 1 || i > note.end + 1));
      return victim < 0 ? null : { blocks: blocks.filter((_, i) => i !== victim), expect: "same words" };
    },
  },
  {
    name: "the quote's paragraph deleted",
    apply: (blocks, note) => (note.start !== note.end ? null : { blocks: blocks.filter((_, i) => i !== note.start), expect: "orphan" }),
  },
  {
    name: "paragraph split in two",
    apply: (blocks, note) => {
      const block = blocks[note.start]!;
      const text = block.plainText;
      // At a sentence end, inside the quote where there is one (the quote then spans the break).
      const ends = [...text.matchAll(/[.!?] (?=[A-Z])/g)].map((m) => m.index + 1);
      if (!ends.length) return null;
      const inside = ends.filter((e) => e > note.selector.startOffset && e < (note.start === note.end ? note.selector.endOffset : text.length));
      const at = (inside[0] ?? ends[0])!;
      const out = [...blocks];
      out.splice(note.start, 1, rewrite(block, text.slice(0, at)), rewrite(block, text.slice(at + 1)));
      return { blocks: out, expect: "words across a break" };
    },
  },
  {
    name: "paragraph merged with the next",
    apply: (blocks, note) => {
      const block = blocks[note.start]!;
      const next = blocks[note.start + 1];
      if (!next || next.kind !== "paragraph") return null;
      const out = [...blocks];
      out.splice(note.start, 2, rewrite(block, `${block.plainText} ${next.plainText}`));
      return { blocks: out, expect: "words across a break" };
    },
  },
  {
    name: "section moved",
    apply: (blocks, note) => {
      // The section holding the note (from its heading to the next) goes to the end of the body.
      const headings = blocks.map((b, i) => (b.kind === "heading" ? i : -1)).filter((i) => i >= 0);
      const from = [...headings].reverse().find((h) => h <= note.start) ?? 0;
      const to = headings.find((h) => h > note.end) ?? blocks.findIndex((b) => b.kind === "footnote");
      const end = to < 0 ? blocks.length : to;
      if (from === 0 && end === blocks.length) return null;
      const section = blocks.slice(from, end);
      const rest = [...blocks.slice(0, from), ...blocks.slice(end)];
      const firstNote = rest.findIndex((b) => b.kind === "footnote");
      const at = firstNote < 0 ? rest.length : firstNote;
      if (from >= at) rest.splice(0, 0, ...section);
      else rest.splice(at, 0, ...section);
      return { blocks: rest, expect: "same words" };
    },
  },
  {
    name: "several at once",
    apply: (blocks, note) => {
      const out = [INSERTED, ...blocks];
      const victim = out.findIndex((b, i) => b.kind === "paragraph" && b !== INSERTED && (i < note.start || i > note.end + 2));
      const edited = out.findIndex((b, i) => b.kind === "paragraph" && i !== victim && b !== INSERTED && (i < note.start || i > note.end + 2));
      if (edited >= 0) out[edited] = rewrite(out[edited]!, typo(out[edited]!.plainText, 10)?.text ?? out[edited]!.plainText);
      return { blocks: victim < 0 ? out : out.filter((_, i) => i !== victim), expect: "same words" };
    },
  },
];

const flat = (s: string) => s.replace(/\s+/g, " ");
const words = (s: string) => s.toLowerCase().match(/[\p{L}\p{N}]+/gu)?.join(" ") ?? "";
type Tally = { notes: number; exact: number; moved: number; orphan: number; wrong: number };
const table = new Map<string, Tally>();

afterAll(() => {
  const rows = [...table].map(([name, t]) => {
    const pct = (n: number) => `${((100 * n) / t.notes).toFixed(0)}%`.padStart(5);
    return `${name.padEnd(42)} ${String(t.notes).padStart(5)} ${pct(t.exact)} ${pct(t.moved)} ${pct(t.orphan)} ${String(t.wrong).padStart(5)}`;
  });
  console.log(
    ["", "Re-anchoring the seed texts' notes after edits", `${"edit".padEnd(42)} notes exact moved orphan wrong`, ...rows, ""].join("\n"),
  );
});

const files = fs.readdirSync(TEXTS_DIR).filter((f) => f.endsWith(".md")).sort();

group.each(files)("re-anchoring %s", (file) => {
  const blocks: Block[] = parseText(fs.readFileSync(path.join(TEXTS_DIR, file), "utf8"), file).blocks.map((b) => ({
    id: b.id,
    plainText: b.plainText,
    kind: b.kind,
  }));
  const notes = makeNotes(blocks, file.length * 7919);

  it.each(EDITS.map((e) => [e.name, e] as const))("%s", (_name, edit) => {
    const tally = table.get(edit.name) ?? { notes: 0, exact: 0, moved: 0, orphan: 0, wrong: 0 };
    table.set(edit.name, tally);
    const problems: string[] = [];
    for (const note of notes) {
      const edited = edit.apply(blocks, note);
      if (!edited) continue;
      const result = reanchor(note.selector, blocks, edited.blocks);
      tally.notes += 1;
      tally[result.state] += 1;
      const old = note.selector.exact;
      let right: boolean;
      if (result.state === "orphan") right = edited.expect === "orphan";
      else {
        const placed = result.selector.exact;
        if (edited.expect === "same words") right = placed === old;
        else if (edited.expect === "fixed words") right = placed === edited.quote;
        else if (edited.expect === "words across a break") right = flat(placed) === flat(old);
        // Placed although its paragraph is gone: right only where the same words are still in the text.
        else right = words(placed) === words(old);
      }
      if (!right) {
        tally.wrong += 1;
        problems.push(`${result.state}: “${old.slice(0, 60)}” → ${result.state === "orphan" ? "orphan" : `“${result.selector.exact.slice(0, 60)}”`}`);
      }
    }
    expect(problems, `${file}, ${edit.name}`).toEqual([]);
  });
});
