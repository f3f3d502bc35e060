-- Search over texts and notes, and tags on notes.
--
-- Prisma's schema language cannot state generated columns, text search configurations or
-- functions: schema.prisma declares the columns and their GIN indexes, and this file (written
-- by hand from the generated diff) makes the columns generated. information_schema reports a
-- generated column with no default, as schema.prisma describes it, so the drift test agrees.

-- Accents are folded before stemming ("Kollontaï" finds "Kollontai"): unaccent ships with
-- Postgres (contrib) and is a trusted extension, so the app's own role may create it.
CREATE EXTENSION IF NOT EXISTS unaccent;

-- English stemming with accents folded first. A configuration named in to_tsvector makes
-- the call immutable, as a generated column needs (unaccent() on its own is only stable).
CREATE TEXT SEARCH CONFIGURATION study_search (COPY = pg_catalog.english);
ALTER TEXT SEARCH CONFIGURATION study_search
  ALTER MAPPING FOR hword, hword_part, word WITH unaccent, english_stem;

-- A note's tags: those of its tag field and the #tags in its body (a # after a space, a
-- bracket or the start, then a word that does not start with a digit; "-" and "_" join
-- words), lower case, at most 40 characters, sorted, each once. Letters are spelled out as
-- code point ranges rather than [[:alpha:]], whose meaning beyond ASCII depends on the
-- database's locale. lib/annotations/tags.ts states the same grammar for the browser.
CREATE FUNCTION note_tags(body text, field_tags text[]) RETURNS text[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT COALESCE(array_agg(DISTINCT tag ORDER BY tag), '{}'::text[])
  FROM (
    SELECT lower(m[1]) AS tag
    FROM regexp_matches(body, '(?:^|[ \t\n\r\f\v(\[])#([A-Za-z\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u1FFF\u2C00-\u2DFF\u3040-\uD7FF\uF900-\uFDFF\uFE70-\uFEFE\uFF21-\uFF3A\uFF41-\uFF5A][0-9A-Za-z\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u1FFF\u2C00-\u2DFF\u3040-\uD7FF\uF900-\uFDFF\uFE70-\uFEFE\uFF21-\uFF3A\uFF41-\uFF5A]*(?:[-_][0-9A-Za-z\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u1FFF\u2C00-\u2DFF\u3040-\uD7FF\uF900-\uFDFF\uFE70-\uFEFE\uFF21-\uFF3A\uFF41-\uFF5A]+)*)', 'g') AS m
    UNION
    SELECT unnest(field_tags)
  ) found
  WHERE length(tag) BETWEEN 1 AND 40
$$;

-- AlterTable
ALTER TABLE "Block" ADD COLUMN "searchVector" tsvector
  GENERATED ALWAYS AS (to_tsvector('study_search'::regconfig, "plainText")) STORED;

-- AlterTable
ALTER TABLE "Annotation" ADD COLUMN "fieldTags" TEXT[] DEFAULT ARRAY[]::TEXT[];
ALTER TABLE "Annotation" ADD COLUMN "tags" TEXT[]
  GENERATED ALWAYS AS (note_tags(body, COALESCE("fieldTags", '{}'::text[]))) STORED;
-- The title weighs most, then the body; a note's quote counts least (so a highlight
-- without words of its own is found by the passage it marks). Replies carry no quote.
ALTER TABLE "Annotation" ADD COLUMN "searchVector" tsvector
  GENERATED ALWAYS AS (
    setweight(to_tsvector('study_search'::regconfig, COALESCE(title, '')), 'A')
    || setweight(to_tsvector('study_search'::regconfig, body), 'B')
    || setweight(to_tsvector('study_search'::regconfig, CASE WHEN kind = 'reply' THEN '' ELSE exact END), 'D')
  ) STORED;

-- CreateIndex
CREATE INDEX "Block_searchVector_idx" ON "Block" USING GIN ("searchVector");

-- CreateIndex
CREATE INDEX "Annotation_searchVector_idx" ON "Annotation" USING GIN ("searchVector");

-- CreateIndex
CREATE INDEX "Annotation_tags_idx" ON "Annotation" USING GIN ("tags");
