import { describe, expect, it } from "vitest";
import { MARK_END as E, MARK_START as S, readHeadline, snippetPieces } from "./snippet";

describe("readHeadline", () => {
  it("turns ts_headline's markers into offsets over plain text", () => {
    const { snippet, marks } = readHeadline(`the ${S}party${E} of the ${S}masses${E}`);
    expect(snippet).toBe("the party of the masses");
    expect(marks.map(([a, b]) => snippet.slice(a, b))).toEqual(["party", "masses"]);
  });

  it("joins words marked one after another, and drops Markdown emphasis and stray markers", () => {
    const { snippet, marks } = readHeadline(`**${S}dual${E} ${S}power${E}** is ${E}brief${S}`);
    expect(snippet).toBe("dual power is brief");
    expect(marks).toEqual([[0, 10]]);
  });

  it("keeps markup as text: a snippet is never HTML", () => {
    const { snippet } = readHeadline(`<img src=x onerror=alert(1)> ${S}word${E}`);
    expect(snippetPieces(snippet, readHeadline(`<img src=x onerror=alert(1)> ${S}word${E}`).marks)).toEqual([
      { text: "<img src=x onerror=alert(1)> ", marked: false },
      { text: "word", marked: true },
    ]);
  });
});

describe("snippetPieces", () => {
  it("ignores marks outside the snippet or out of order", () => {
    expect(snippetPieces("abcdef", [[2, 4], [1, 3], [5, 99]])).toEqual([
      { text: "ab", marked: false },
      { text: "cd", marked: true },
      { text: "ef", marked: false },
    ]);
  });
});
