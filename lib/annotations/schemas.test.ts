import { describe, expect, it } from "vitest";
import { toAnnotationPage, toWebAnnotation, wantsJsonLd } from "./jsonld";
import { createAnnotationSchema, editAnnotationSchema, MAX_BODY_LENGTH, patchKind } from "./schemas";
import type { AnnotationView } from "./view";

const anchor = { versionId: "c".repeat(25), startBlockId: "p-abc", startOffset: 0, endBlockId: "p-abc", endOffset: 5, exact: "Words" };
const base = { id: "7d1d8f3e-2c4b-4f6a-9a51-0c8e2b3f4a5d", text: "a-text", kind: "comment", body: "Hello", anchor };

describe("createAnnotationSchema", () => {
  it("accepts a comment and fills in the defaults", () => {
    const parsed = createAnnotationSchema.parse(base);
    expect(parsed).toMatchObject({ visibility: "group", color: null, body: "Hello" });
  });
  it("gives a highlight yellow unless told otherwise, and keeps no colour on comments", () => {
    expect(createAnnotationSchema.parse({ ...base, kind: "highlight", body: "" }).color).toBe("yellow");
    expect(createAnnotationSchema.parse({ ...base, color: "pink" }).color).toBeNull();
  });
  it("trims trailing spaces and leading blank lines, keeping inner ones, even in a long body of spaces", () => {
    expect(createAnnotationSchema.parse({ ...base, body: "\n  \nHello  \n\n  there \t\n\n " }).body).toBe("Hello  \n\n  there");
    // As long as a body may be: spaces between two words, then spaces to the end.
    const spaced = `a${" ".repeat(MAX_BODY_LENGTH / 2 - 2)}b${" \n".repeat(MAX_BODY_LENGTH / 4 - 1)}`;
    expect(spaced.length).toBeLessThanOrEqual(MAX_BODY_LENGTH);
    expect(createAnnotationSchema.parse({ ...base, body: spaced }).body).toBe(`a${" ".repeat(MAX_BODY_LENGTH / 2 - 2)}b`);
    const words = `${"word ".repeat(MAX_BODY_LENGTH / 5 - 1)}end`;
    expect(createAnnotationSchema.parse({ ...base, body: words }).body).toBe(words);
  });
  it("refuses what it cannot store, with a message for each field", () => {
    const cases: [Record<string, unknown>, string, RegExp][] = [
      [{ kind: "shout" }, "kind", /highlight, comment or question/],
      [{ kind: "highlight", color: "mauve" }, "color", /yellow, green, blue, pink/],
      [{ body: "  " }, "body", /Write your comment/],
      [{ kind: "question", body: "" }, "body", /Write your question/],
      [{ body: "x".repeat(MAX_BODY_LENGTH + 1) }, "body", /under 10,000/],
      [{ body: "bell\u0007" }, "body", /control characters/],
      [{ id: "123" }, "id", /UUID/],
      [{ visibility: "secret" }, "visibility", /group or private/],
      [{ anchor: { ...anchor, startOffset: -1 } }, "anchor", /negative/],
      [{ anchor: { ...anchor, endOffset: 2.5 } }, "anchor", /whole numbers/],
      [{ anchor: { ...anchor, exact: "" } }, "anchor", /empty/],
    ];
    for (const [change, field, message] of cases) {
      const result = createAnnotationSchema.safeParse({ ...base, ...change });
      expect(result.success, JSON.stringify(change)).toBe(false);
      const issue = result.error!.issues.find((i) => i.path[0] === field);
      expect(issue?.message, JSON.stringify(change)).toMatch(message);
    }
  });
});

describe("patchKind", () => {
  it("tells the four kinds of change apart by their fields", () => {
    expect(patchKind({ hidden: true }).type).toBe("hide");
    expect(patchKind({ deleted: false }).type).toBe("restore");
    expect(patchKind({ anchor }).type).toBe("place");
    expect(patchKind({ revision: 1, body: "x" }).type).toBe("edit");
  });
  it("an edit needs its revision and something to change, and nothing else", () => {
    expect(editAnnotationSchema.safeParse({ body: "x" }).success).toBe(false);
    expect(editAnnotationSchema.safeParse({ revision: 1 }).success).toBe(false);
    expect(editAnnotationSchema.safeParse({ revision: 1, body: "x", authorId: "someone" }).success).toBe(false);
    expect(editAnnotationSchema.safeParse({ revision: 2, visibility: "private" }).success).toBe(true);
  });
});

describe("JSON-LD", () => {
  const note: AnnotationView = {
    id: base.id,
    kind: "question",
    color: null,
    body: "Why *now*?",
    visibility: "private",
    author: { id: "u1", name: "Ana" },
    createdAt: "2026-11-22T10:00:00.000Z",
    editedAt: null,
    revision: 1,
    hidden: false,
    anchorState: "exact",
    versionId: anchor.versionId,
    position: { startBlockId: "p-abc", startOffset: 0, endBlockId: "p-def", endOffset: 7 },
    quote: { exact: "Words", prefix: "", suffix: " follow" },
    target: "passage",
    title: null,
    promptId: null,
    parentId: null,
    threadId: null,
    deleted: false,
    replyCount: 0,
    answerId: null,
    resolved: false,
    pinned: false,
    forMeeting: false,
    tags: [],
    fieldTags: [],
    mentions: [],
    reactions: [],
  };
  const where = { origin: "https://circle.example", groupId: "g1", textSlug: "a-text" };

  it("is a W3C Web Annotation with quote and range selectors", () => {
    expect(toWebAnnotation(note, where)).toEqual({
      "@context": "http://www.w3.org/ns/anno.jsonld",
      id: `https://circle.example/api/groups/g1/annotations/${base.id}`,
      type: "Annotation",
      motivation: "questioning",
      created: "2026-11-22T10:00:00.000Z",
      creator: { type: "Person", name: "Ana" },
      audience: { type: "Person", name: "Ana" },
      body: { type: "TextualBody", value: "Why *now*?", format: "text/markdown", purpose: "questioning" },
      target: {
        type: "SpecificResource",
        source: "https://circle.example/texts/a-text",
        selector: [
          { type: "TextQuoteSelector", exact: "Words", prefix: "", suffix: " follow" },
          {
            type: "RangeSelector",
            startSelector: { type: "FragmentSelector", conformsTo: "http://tools.ietf.org/rfc/rfc3986", value: "p-abc", refinedBy: { type: "TextPositionSelector", start: 0, end: 0 } },
            endSelector: { type: "FragmentSelector", conformsTo: "http://tools.ietf.org/rfc/rfc3986", value: "p-def", refinedBy: { type: "TextPositionSelector", start: 7, end: 7 } },
          },
        ],
      },
    });
  });
  it("an orphan has only its quote; a page lists items without repeating the context", () => {
    const page = toAnnotationPage([{ ...note, position: null, visibility: "group" }], where);
    expect(page.type).toBe("AnnotationPage");
    expect(page.items[0]).not.toHaveProperty("@context");
    expect((page.items[0]!.target as { selector: unknown }).selector).toEqual([{ type: "TextQuoteSelector", exact: "Words", prefix: "", suffix: " follow" }]);
    expect(page.items[0]!.audience).toEqual({ type: "Group", id: "https://circle.example/groups/g1" });
  });
  it("is chosen by the Accept header", () => {
    expect(wantsJsonLd(new Request("http://x", { headers: { accept: "application/ld+json" } }))).toBe(true);
    expect(wantsJsonLd(new Request("http://x", { headers: { accept: "application/json" } }))).toBe(false);
  });
});
