import { z } from "zod";

// A note's tags: words after a # in its body ("#strike", "#dual-power") and those typed in
// its tag field. Lower case, at most 40 characters, a word that does not start with a
// digit, "-" and "_" joining words. Postgres makes the stored list (note_tags() in the
// search migration); this module states the same grammar for forms, filters and the
// reader's optimistic notes — lib/annotations/tags.test.ts holds the two to the same answers.

export const MAX_TAG_LENGTH = 40;
/** Tags a note's tag field may hold. */
export const MAX_FIELD_TAGS = 10;

// Letters as code point ranges (Latin, Greek, Cyrillic, … CJK), the same as the migration's:
// Postgres's [[:alpha:]] beyond ASCII depends on the database's locale.
const LETTER = String.raw`A-Za-z\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u1FFF\u2C00-\u2DFF\u3040-\uD7FF\uF900-\uFDFF\uFE70-\uFEFE\uFF21-\uFF3A\uFF41-\uFF5A`;
const WORD = String.raw`0-9${LETTER}`;
const TAG_PATTERN = String.raw`[${LETTER}][${WORD}]*(?:[-_][${WORD}]+)*`;
const TAG = new RegExp(`^${TAG_PATTERN}$`, "u");
const IN_BODY = new RegExp(String.raw`(?:^|[ \t\n\r\f\v(\[])#(${TAG_PATTERN})`, "gu");

/** Lower case, without a leading #. */
export const normaliseTag = (tag: string) => tag.trim().replace(/^#/, "").toLowerCase();

export const isTag = (tag: string) => tag.length >= 1 && tag.length <= MAX_TAG_LENGTH && TAG.test(tag);

/** The #tags written in a body, in the order written, each once. */
export function bodyTags(body: string): string[] {
  const found = new Set<string>();
  for (const match of body.matchAll(IN_BODY)) {
    const tag = match[1]!.toLowerCase();
    if (tag.length <= MAX_TAG_LENGTH) found.add(tag);
  }
  return [...found];
}

/** Every tag of a note, as the database stores them: sorted, each once. */
export const noteTags = (body: string, fieldTags: readonly string[]) =>
  [...new Set([...bodyTags(body), ...fieldTags])].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));

/** Tag field input typed as "strike, #dual-power  reading": its tags. */
export const splitTagInput = (input: string) => [...new Set(input.split(/[\s,]+/u).map(normaliseTag).filter(Boolean))];

export const tagSchema = z
  .string({ error: "A tag must be a string." })
  .max(MAX_TAG_LENGTH + 1, `Keep a tag under ${MAX_TAG_LENGTH} characters.`)
  .transform(normaliseTag)
  .refine(isTag, "A tag is one word (letters and digits, joined by - or _), not starting with a digit.");

export const fieldTagsSchema = z
  .array(tagSchema, { error: "Tags must be a list." })
  .max(MAX_FIELD_TAGS, `A note can have at most ${MAX_FIELD_TAGS} tags in its tag field.`)
  .transform((tags) => [...new Set(tags)]);
