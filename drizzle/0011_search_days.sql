-- The day, month and year of publication as words of every indexed vector (issue 9, search
-- latency). Search takes the newest matches of a broad query tier by tier (search-pool.ts); a
-- tier used to AND the GIN bitmap of the query's words (all their papers, of every age: 50,000 to
-- 300,000 TIDs for a common word or surname, 50-130 ms a scan at a million papers, rebuilt for
-- every tier) with a published_at range, or walk published_at reading and decompressing every
-- paper of the tier. With its days in the vector, a tier is one GIN scan of
-- `words & (days of the tier)`: GIN drives a scan by its rarest required entries, so it visits
-- the tier's few hundred papers and skips through the common words' postings, whatever their size.
-- The words start with '~' ('~2026', '~2026-06', '~2026-06-30'), which the text parser never
-- makes a word of, and carry no position, so no query, phrase or rank sees them.
-- The weighted vector also holds the names (authors, organisation) at weight D, which no field
-- test reads: a query whose words are partly a surname ("zhang former") is then one GIN scan of
-- one index, which intersects a common surname's postings with the rarer word's, instead of the
-- bitmaps of two indexes (the names index and this one) built whole and then intersected (320,000
-- papers for 'zhang': 115 ms), or a row-by-row check that decompressed every candidate's vector.
-- The generated columns are re-created with the days added (PG15 cannot alter a generated
-- expression), which rewrites the table and rebuilds its indexes once; the weighted vector stays
-- inline (drizzle/0004), set in the same statement so that the rewrite already stores it so.
CREATE OR REPLACE FUNCTION paperboy_days(published_at timestamptz) RETURNS tsvector
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ select array_to_tsvector(array[
      '~' || to_char(published_at at time zone 'UTC', 'YYYY'),
      '~' || to_char(published_at at time zone 'UTC', 'YYYY-MM'),
      '~' || to_char(published_at at time zone 'UTC', 'YYYY-MM-DD')]) $$;
--> statement-breakpoint
-- Every prefix (2 characters and more) of every word of the names, as words of their own ('>tur',
-- '>turi', ... for 'ture'): author:/org: narrow by word prefix, which GIN answers as a partial
-- match by collecting every paper of every word the prefix covers (17,000 papers for one
-- organisation, once per candidate tier) before it can intersect anything; '>ture' is one exact
-- word, which it intersects with the query's other words and the tier's days like any other.
-- '>' starts no word the text parser makes.
CREATE OR REPLACE FUNCTION paperboy_name_prefixes(names tsvector) RETURNS tsvector
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ select array_to_tsvector(coalesce(array(select distinct '>' || left(l, n)
      from unnest(tsvector_to_array(names)) as l, generate_series(2, length(l)) as n), '{}')) $$;
--> statement-breakpoint
ALTER TABLE "papers"
  DROP COLUMN "search",
  DROP COLUMN "names",
  DROP COLUMN "title_words",
  ADD COLUMN "search" tsvector GENERATED ALWAYS AS (setweight(to_tsvector('english'::regconfig, "title"), 'A') || setweight(to_tsvector('english'::regconfig, "keywords_text"), 'B') || setweight(to_tsvector('english'::regconfig, "abstract"), 'C')
    || setweight(paperboy_names("authors", "organization"), 'D') || paperboy_days("published_at")) STORED NOT NULL,
  ADD COLUMN "names" tsvector GENERATED ALWAYS AS (paperboy_names("authors", "organization")
    || paperboy_name_prefixes(paperboy_names("authors", "organization")) || paperboy_days("published_at")) STORED NOT NULL,
  ADD COLUMN "title_words" tsvector GENERATED ALWAYS AS (to_tsvector('english'::regconfig, "title") || paperboy_days("published_at")) STORED NOT NULL,
  ALTER COLUMN "search" SET STORAGE MAIN;
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "papers_search_idx" ON "papers" USING gin ("search") WITH (fastupdate = off);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "papers_names_search_idx" ON "papers" USING gin ("names") WITH (fastupdate = off);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "papers_title_words_idx" ON "papers" USING gin ("title_words") WITH (fastupdate = off);
--> statement-breakpoint
-- The new vectors have no statistics yet; the planner reads their words' frequencies from them.
ANALYZE "papers";
