import { describe, expect, it } from "vitest";
import { findMentions, matchMembers, mentionQueryAt, splitMentions } from "./mentions";

const ann = { id: "1", name: "Ann" };
const annLee = { id: "2", name: "Ann Lee" };
const bo = { id: "3", name: "Bo Ödegaard" };
const members = [ann, annLee, bo];

describe("findMentions", () => {
  it("finds members named with @, each once, longest name first", () => {
    expect(findMentions("@Ann Lee and @ann, and @Ann again", members).map((m) => m.id).sort()).toEqual(["1", "2"]);
    expect(findMentions("@Ann Lee, what do you think?", members)).toEqual([annLee]);
    expect(findMentions("Thanks @bo ödegaard!", members)).toEqual([bo]);
  });
  it("ignores names that are nobody's, addresses, and names that run on into a longer word", () => {
    expect(findMentions("@Zed, see someone@Ann.org and @Anna", members)).toEqual([]);
    expect(findMentions("no at sign here", members)).toEqual([]);
  });
});

describe("splitMentions", () => {
  it("marks each mention of the given people and keeps the rest as text", () => {
    expect(splitMentions("Hi @Ann Lee and @Zed.", [annLee])).toEqual([
      { text: "Hi " },
      { text: "@Ann Lee", person: annLee },
      { text: " and @Zed." },
    ]);
    expect(splitMentions("plain", [ann])).toEqual([{ text: "plain" }]);
  });
});

describe("mentionQueryAt", () => {
  it("is the @word being typed before the caret", () => {
    expect(mentionQueryAt("Hello @An", 9)).toEqual({ start: 6, query: "An" });
    expect(mentionQueryAt("@", 1)).toEqual({ start: 0, query: "" });
    expect(mentionQueryAt("Hello @Ann Lee", 14)).toEqual({ start: 6, query: "Ann Lee" });
  });
  it("is nothing in an address, after a line break, or far from the @", () => {
    expect(mentionQueryAt("mail me@exa", 11)).toBeNull();
    expect(mentionQueryAt("@Ann\nnext", 9)).toBeNull();
    expect(mentionQueryAt("@a b c d e f", 12)).toBeNull();
    expect(mentionQueryAt("no mention", 5)).toBeNull();
  });
});

describe("matchMembers", () => {
  const people = [ann, annLee, bo, { id: "4", name: "Zoë Annan" }];
  it("puts names starting with the query first, then names with a word starting with it, ignoring accents", () => {
    expect(matchMembers(people, "ann").map((m) => m.name)).toEqual(["Ann", "Ann Lee", "Zoë Annan"]);
    expect(matchMembers(people, "zoe").map((m) => m.name)).toEqual(["Zoë Annan"]);
    expect(matchMembers(people, "ode").map((m) => m.name)).toEqual(["Bo Ödegaard"]);
    expect(matchMembers(people, "x")).toEqual([]);
  });
  it("offers everyone (up to the limit) right after the @", () => {
    expect(matchMembers(people, "", 2)).toHaveLength(2);
  });
});
