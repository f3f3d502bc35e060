import { describe as group, expect, it } from "vitest";
import { AnchorError, checkSelector, describe, wholeBlock } from "./describe";
import { matchQuote } from "./match-quote";
import { reanchor } from "./reanchor";
import { TextIndex } from "./text";

const blocks = [
  { id: "h-one", plainText: "One" },
  { id: "p-a", plainText: "The party is the vanguard of the class." },
  { id: "p-b", plainText: "Organisation 👩🏽‍🏭 comes before spontaneity, says the café." },
  { id: "p-c", plainText: "" },
  { id: "p-d", plainText: "The party is the vanguard of the class." },
];

group("TextIndex", () => {
  it("maps block offsets to one offset and back, across separators", () => {
    const index = new TextIndex(blocks);
    expect(index.text.split("\n")).toEqual(blocks.map((b) => b.plainText));
    for (const b of blocks)
      for (const offset of [0, Math.floor(b.plainText.length / 2), b.plainText.length]) {
        const global = index.toGlobal(b.id, offset)!;
        const back = index.toLocal(global, "start");
        if (offset < b.plainText.length || b.plainText.length === 0) expect(back.blockId === b.id || b.plainText.length === 0).toBe(true);
        expect(index.toLocal(global, offset === 0 ? "start" : "end").offset).toBe(
          offset === 0 || back.blockId === b.id ? offset : b.plainText.length,
        );
      }
    expect(index.toGlobal("p-missing", 0)).toBeUndefined();
  });
});

group("describe", () => {
  it("gives the quote with up to 32 characters of context, across blocks", () => {
    const start = blocks[1]!.plainText.indexOf("the class");
    const s = describe(blocks, { startBlockId: "p-a", startOffset: start, endBlockId: "p-b", endOffset: 12 });
    expect(s.exact).toBe("the class.\nOrganisation");
    expect(s.prefix).toBe("One\nThe party is the vanguard of ".slice(-32));
    expect(s.suffix).toBe(" 👩🏽‍🏭 comes before spontaneity, s".slice(0, 32));
  });

  it("moves a start at a block's end to the next block, and an end at a block's start back", () => {
    const s = describe(blocks, { startBlockId: "p-a", startOffset: 39, endBlockId: "p-d", endOffset: 0 });
    expect(s).toMatchObject({ startBlockId: "p-b", startOffset: 0, endBlockId: "p-b", endOffset: blocks[2]!.plainText.length });
    expect(s.exact).toBe(blocks[2]!.plainText);
  });

  it("refuses what does not fit the text, saying why", () => {
    const bad: [Parameters<typeof describe>[1], RegExp][] = [
      [{ startBlockId: "p-x", startOffset: 0, endBlockId: "p-a", endOffset: 3 }, /no block p-x/],
      [{ startBlockId: "p-a", startOffset: 0, endBlockId: "p-a", endOffset: 400 }, /offset 400 is past the end of p-a \(39 characters\)/],
      [{ startBlockId: "p-a", startOffset: -1, endBlockId: "p-a", endOffset: 3 }, /whole numbers/],
      [{ startBlockId: "p-a", startOffset: 1.5, endBlockId: "p-a", endOffset: 3 }, /whole numbers/],
      [{ startBlockId: "p-b", startOffset: 5, endBlockId: "p-a", endOffset: 3 }, /ends before it starts/],
      [{ startBlockId: "p-a", startOffset: 3, endBlockId: "p-a", endOffset: 3 }, /ends before it starts, or is empty/],
      [{ startBlockId: "p-a", startOffset: 3, endBlockId: "p-a", endOffset: 4 }, /no words/],
      [{ startBlockId: "p-a", startOffset: 39, endBlockId: "p-b", endOffset: 0 }, /no words|empty/],
    ];
    for (const [position, message] of bad) expect(() => describe(blocks, position), JSON.stringify(position)).toThrow(message);
  });

  it("checks the words the reader saw against the text", () => {
    const position = { startBlockId: "p-b", startOffset: 0, endBlockId: "p-b", endOffset: 12 };
    expect(checkSelector(blocks, { ...position, exact: "Organisation" }).exact).toBe("Organisation");
    expect(() => checkSelector(blocks, { ...position, exact: "Organization" })).toThrow(AnchorError);
    expect(wholeBlock(blocks, "p-b")).toEqual({ startBlockId: "p-b", startOffset: 0, endBlockId: "p-b", endOffset: blocks[2]!.plainText.length });
    expect(() => wholeBlock(blocks, "p-zz")).toThrow(AnchorError);
  });

  it("counts offsets in UTF-16 units, as the browser does, so emoji and accents keep their place", () => {
    const text = blocks[2]!.plainText;
    const start = text.indexOf("comes");
    const s = describe(blocks, { startBlockId: "p-b", startOffset: start, endBlockId: "p-b", endOffset: text.length });
    expect(s.exact).toBe("comes before spontaneity, says the café.");
  });
});

group("matchQuote", () => {
  const text = "the party is the vanguard. Later: the party is the vanguard of the class, they said.";
  it("prefers the occurrence whose context agrees", () => {
    const m = matchQuote(text, "the party is the vanguard", { prefix: "Later: ", suffix: " of the class" })!;
    expect(m.start).toBe(text.lastIndexOf("the party is the vanguard"));
  });
  it("uses the position hint between equal candidates", () => {
    expect(matchQuote(text, "the party", { hint: 30 })!.start).toBe(34);
    expect(matchQuote(text, "the party", { hint: 0 })!.start).toBe(0);
  });
  it("finds a quote with a few errors, and scores it lower", () => {
    const m = matchQuote(text, "the partey is the vangard of the class")!;
    expect(text.slice(m.start, m.end)).toMatch(/^the party is the vanguard of the clas/);
    expect(m.quoteScore).toBeLessThan(1);
  });
  it("returns null for an empty quote or text", () => {
    expect(matchQuote("", "x")).toBeNull();
    expect(matchQuote("x", "")).toBeNull();
  });
});

group("reanchor", () => {
  const before = [
    { id: "p-1", plainText: "Workers must organise themselves before they can act together." },
    { id: "p-2", plainText: "A union is a school of solidarity." },
  ];
  const s = describe(before, { startBlockId: "p-2", startOffset: 2, endBlockId: "p-2", endOffset: 7 });

  it("keeps a note exactly when its words are where they were", () => {
    expect(reanchor(s, before, [{ id: "p-0", plainText: "New." }, ...before])).toMatchObject({ state: "exact", selector: { exact: "union" } });
  });
  it("finds the words in the block that replaced the old one", () => {
    const after = [before[0]!, { id: "p-2b", plainText: "Indeed a union is a school of solidarity." }];
    expect(reanchor(s, before, after)).toMatchObject({ state: "moved", selector: { startBlockId: "p-2b", startOffset: 9, exact: "union" } });
  });
  it("leaves an orphan when the words are gone", () => {
    expect(reanchor(s, before, [before[0]!])).toEqual({ state: "orphan" });
  });
});
