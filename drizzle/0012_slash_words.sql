-- Words joined by a slash ("Yes/No Puzzles", "on-policy/off-policy", "synchronous/asynchronous",
-- "CodeI/O") are one 'file' token to Postgres' text parser ('yes/no'), so a paper saying
-- "on-policy/off-policy" had no word 'off-policy' and "rft-core synchronous off-policy" found
-- nothing (issue 9; the relevance benchmark's one abstract miss). paperboy_words() turns a slash
-- between two letters or digits into a space before the parser sees the text, on the stored side
-- (these columns) and on the query side (search's tokeniser, the digest's topic queries, the
-- subscribe check) alike, so "yes/no" typed is the two words 'yes' and 'no', as stored. Addresses
-- become their host and path words ("github.com zjunlp easyedit"), which a person can search by.
-- The generated columns are re-created (PG15 cannot alter a generated expression) as 0011 did:
-- one rewrite of the table, the weighted vector inline, its indexes rebuilt.
CREATE OR REPLACE FUNCTION paperboy_words(input text) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ select regexp_replace(input, '(?<=[[:alnum:]])/(?=[[:alnum:]])', ' ', 'g') $$;
--> statement-breakpoint
ALTER TABLE "papers"
  DROP COLUMN "search",
  DROP COLUMN "title_words",
  ADD COLUMN "search" tsvector GENERATED ALWAYS AS (setweight(to_tsvector('english'::regconfig, paperboy_words("title")), 'A') || setweight(to_tsvector('english'::regconfig, paperboy_words("keywords_text")), 'B') || setweight(to_tsvector('english'::regconfig, paperboy_words("abstract")), 'C')
    || setweight(paperboy_names("authors", "organization"), 'D') || paperboy_days("published_at")) STORED NOT NULL,
  ADD COLUMN "title_words" tsvector GENERATED ALWAYS AS (to_tsvector('english'::regconfig, paperboy_words("title")) || paperboy_days("published_at")) STORED NOT NULL,
  ALTER COLUMN "search" SET STORAGE MAIN;
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "papers_search_idx" ON "papers" USING gin ("search") WITH (fastupdate = off);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "papers_title_words_idx" ON "papers" USING gin ("title_words") WITH (fastupdate = off);
--> statement-breakpoint
ANALYZE "papers";
