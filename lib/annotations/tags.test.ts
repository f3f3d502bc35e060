import { describe, expect, it } from "vitest";
import { bodyTags, fieldTagsSchema, noteTags, splitTagInput, tagSchema } from "./tags";

// lib/search/search.int.test.ts holds this grammar to Postgres's note_tags() on the same bodies.
describe("tags", () => {
  it("finds #tags after a space, a bracket or the start, not in words, URLs, numbers or headings", () => {
    expect(bodyTags("#Strike and (#dual-power) [#the_party] a#b http://x.org/#frag #1917 # heading ##double")).toEqual(["strike", "dual-power", "the_party"]);
    expect(bodyTags("#Kollontaï #café-society #日本語")).toEqual(["kollontaï", "café-society", "日本語"]);
  });

  it("keeps a note's tags sorted and each once, the tag field's with the body's", () => {
    expect(noteTags("#b #a #B", ["c", "a"])).toEqual(["a", "b", "c"]);
  });

  it("reads the tag field as people type it, and refuses what is not a tag", () => {
    expect(splitTagInput(" #Strike, dual-power  strike ")).toEqual(["strike", "dual-power"]);
    expect(tagSchema.parse("#Week-1")).toBe("week-1");
    expect(tagSchema.safeParse("1917").success).toBe(false);
    expect(tagSchema.safeParse("two words").success).toBe(false);
    expect(tagSchema.safeParse("x".repeat(41)).success).toBe(false);
    expect(fieldTagsSchema.safeParse(Array.from({ length: 11 }, (_, i) => `t${i}`)).success).toBe(false);
    expect(fieldTagsSchema.parse(["a", "#A"])).toEqual(["a"]);
  });
});
