import { describe, expect, it } from "vitest";
import { ImportFileError, importTags, parseImport, refKey } from "./parse";

const ORIGIN = "https://circle.example.org";
const NOTE = `${ORIGIN}/api/groups/g1/annotations/6f1c1a52-4b0e-4d7e-9d55-0a4a7d1f2b10`;
const REPLY = `${ORIGIN}/api/groups/g1/annotations/9a3e5a0c-1111-4c2b-8f00-1b2c3d4e5f60`;
const annotation = (extra: Record<string, unknown> = {}) => ({
  id: NOTE,
  type: "Annotation",
  motivation: "commenting",
  created: "2024-03-03T10:15:22.481Z",
  creator: { type: "Person", name: "Ana" },
  audience: { type: "Group", id: `${ORIGIN}/groups/g1` },
  body: { type: "TextualBody", value: "A note.", format: "text/markdown", purpose: "commenting" },
  target: {
    type: "SpecificResource",
    source: `${ORIGIN}/texts/some-text`,
    selector: [
      { type: "TextQuoteSelector", exact: "the words", prefix: "before ", suffix: " after" },
      {
        type: "RangeSelector",
        startSelector: { type: "FragmentSelector", value: "p-abc", refinedBy: { type: "TextPositionSelector", start: 3, end: 3 } },
        endSelector: { type: "FragmentSelector", value: "p-abc", refinedBy: { type: "TextPositionSelector", start: 12, end: 12 } },
      },
    ],
  },
  ...extra,
});

describe("reading an import file", () => {
  it("tells the two formats apart, and refuses anything else as a whole", () => {
    expect(parseImport([annotation()]).source).toBe("study-circle");
    expect(parseImport({ type: "AnnotationPage", items: [annotation()] }).notes).toHaveLength(1);
    expect(parseImport({ rows: [{ id: "h1", user: "acct:a@hypothes.is", text: "x", target: [] }] }).source).toBe("hypothesis");
    for (const bad of [{ hello: 1 }, [1, 2], "text", null, 42, { type: "AnnotationPage", items: "x" }])
      expect(() => parseImport(bad), JSON.stringify(bad)).toThrow(ImportFileError);
    expect(() => parseImport([])).toThrow("holds no notes");
    expect(() => parseImport({ type: "AnnotationCollection", first: `${ORIGIN}/page/1` })).toThrow("only links to its notes");
  });

  it("reads a note: kind, words, quote, the place as a hint, writer and date, the text it names", () => {
    const [note] = parseImport([annotation()]).notes;
    expect(note).toMatchObject({
      kind: "comment",
      body: "A note.",
      quote: { exact: "the words", prefix: "before ", suffix: " after" },
      hint: { startBlockId: "p-abc", startOffset: 3, endBlockId: "p-abc", endOffset: 12 },
      authorName: "Ana",
      createdAt: new Date("2024-03-03T10:15:22.481Z"),
      textSlug: "some-text",
      visibility: "group",
      ref: "6f1c1a52-4b0e-4d7e-9d55-0a4a7d1f2b10",
    });
  });

  it("follows inline pages, reports linked ones, and rebuilds replies by their parent's id", () => {
    const parsed = parseImport({
      type: "AnnotationCollection",
      first: {
        type: "AnnotationPage",
        items: [annotation()],
        next: { type: "AnnotationPage", items: [annotation({ id: REPLY, motivation: "replying", target: NOTE, body: { type: "TextualBody", value: "A reply." } })], next: `${ORIGIN}/page/3` },
      },
    });
    expect(parsed.notes.map((n) => [n.kind, n.parentRef])).toEqual([
      ["comment", null],
      ["reply", "6f1c1a52-4b0e-4d7e-9d55-0a4a7d1f2b10"],
    ]);
    expect(parsed.refused).toEqual([{ reason: expect.stringContaining("links to a further page") }]);
  });

  it("takes tagging bodies as tags, a private audience as private, the text itself as a discussion", () => {
    const [tagged, mine, discussion] = parseImport([
      annotation({
        body: [
          { type: "TextualBody", value: "Tagged #strike." },
          { type: "TextualBody", purpose: "tagging", value: "Dual Power" },
          { type: "TextualBody", purpose: "tagging", value: "strike" },
        ],
      }),
      annotation({ audience: { type: "Person", name: "Ana" } }),
      annotation({ target: `${ORIGIN}/texts/some-text`, "dc:title": "First impressions" }),
    ]).notes;
    // A tag written in the words stays there, not in the tag field too.
    expect(tagged).toMatchObject({ body: "Tagged #strike.", fieldTags: ["dual-power"] });
    expect(mine!.visibility).toBe("private");
    expect(discussion).toMatchObject({ target: "text", title: "First impressions", textSlug: "some-text", quote: null });
  });

  it("refuses one note with its reason and keeps the rest", () => {
    const parsed = parseImport([
      annotation(),
      annotation({ motivation: "bookmarking" }),
      annotation({ target: { source: "x", selector: [{ type: "TextPositionSelector", start: 1, end: 2 }] } }),
      annotation({ body: { type: "TextualBody", value: "x".repeat(10_001) } }),
      annotation({ body: { type: "TextualBody", value: "bell\u0007" } }),
      annotation({ motivation: "replying", target: 42 }),
    ]);
    expect(parsed.notes).toHaveLength(1);
    expect(parsed.refused.map((r) => r.reason)).toEqual([
      expect.stringContaining("motivation"),
      expect.stringContaining("TextQuoteSelector"),
      expect.stringContaining("10,000"),
      expect.stringContaining("control characters"),
      expect.stringContaining("does not say what it answers"),
    ]);
  });

  it("reads Hypothesis's fields: names, replies by references, private notes, highlights, page notes refused", () => {
    const target = [{ source: "https://example.org", selector: [{ type: "TextQuoteSelector", exact: "words" }] }];
    const parsed = parseImport([
      { id: "a", user: "acct:ana_r@hypothes.is", user_info: { display_name: "Ana Ruiz" }, text: "Note", tags: ["Party Growth", "1917"], target },
      { id: "b", user: "acct:ben@hypothes.is", text: "Reply", references: ["x", "a"], target: [{ source: "https://example.org" }] },
      { id: "c", user: "acct:ben@hypothes.is", text: "", target, permissions: { read: ["acct:ben@hypothes.is"] } },
      { id: "d", user: "acct:ben@hypothes.is", text: "Page note", target: [{ source: "https://example.org" }] },
    ]);
    expect(parsed.notes.map((n) => [n.ref, n.kind, n.authorName, n.parentRef, n.visibility])).toEqual([
      ["a", "comment", "Ana Ruiz", null, "group"],
      ["b", "reply", "ben", "a", "group"],
      ["c", "highlight", "ben", null, "private"],
    ]);
    expect(parsed.notes[0]!.fieldTags).toEqual(["party-growth"]);
    expect(parsed.refused).toEqual([{ reason: expect.stringContaining("page note"), note: "Page note" }]);
  });

  it("limits how many notes a file may hold", () => {
    expect(() => parseImport(Array.from({ length: 2001 }, () => annotation()))).toThrow("at most 2,000");
  });

  it("matches a reply's parent by the note id at the end of its address", () => {
    expect(refKey(NOTE)).toBe("6f1c1a52-4b0e-4d7e-9d55-0a4a7d1f2b10");
    expect(refKey("http://other.example/api/groups/x/annotations/6F1C1A52-4B0E-4D7E-9D55-0A4A7D1F2B10")).toBe("6f1c1a52-4b0e-4d7e-9d55-0a4a7d1f2b10");
    expect(refKey("urn:x:1")).toBe("urn:x:1");
    expect(importTags(["#Strike", "two words", "9lives", 3, "a".repeat(50)])).toEqual(["strike", "two-words"]);
  });
});
