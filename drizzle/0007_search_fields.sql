-- Search by field (issue 9). Titles get their own full-text index (an expression index: titles
-- are short, and a title match needs no recheck) so a query's title matches are found at any age
-- without reading the papers whose abstracts merely mention the words. Authors and organisation
-- become searchable words ("Fauber accurate", author:Fauber) through an index instead of a
-- substring check on capped candidates: a stored `names` vector, because search scores it for
-- every candidate and parsing a dozen author names each time cost more than the score.
-- array_to_string is only STABLE, so the vector comes from an IMMUTABLE SQL function over the two
-- columns (authors weight A, organisation weight B).
-- Every GIN index search reads is written through (fastupdate off): with the default pending
-- list, papers inserted since the last VACUUM are scanned linearly by every query, and the
-- embedded database never vacuums (milliseconds per index per query after a day's ingest).
-- Ingest is a few hundred papers a day; search runs all day.
-- Every statement may run twice (IF NOT EXISTS, OR REPLACE): the file was first numbered 0005 on
-- its branch (then 0008), and databases that ran it then run it again under its new number.
CREATE OR REPLACE FUNCTION paperboy_names(authors text[], organization text) RETURNS tsvector
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ select setweight(to_tsvector('english'::regconfig, array_to_string(authors, ' ; ')), 'A')
    || setweight(to_tsvector('english'::regconfig, coalesce(organization, '')), 'B') $$;
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "papers_title_search_idx" ON "papers" USING gin (to_tsvector('english'::regconfig, "title")) WITH (fastupdate = off);
--> statement-breakpoint
ALTER TABLE "papers" ADD COLUMN IF NOT EXISTS "names" tsvector GENERATED ALWAYS AS (paperboy_names("authors", "organization")) STORED NOT NULL;
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "papers_names_search_idx" ON "papers" USING gin ("names") WITH (fastupdate = off);
--> statement-breakpoint
ALTER INDEX "papers_search_idx" SET (fastupdate = off);
--> statement-breakpoint
ALTER INDEX "papers_title_trgm_idx" SET (fastupdate = off);
--> statement-breakpoint
ALTER INDEX "papers_organization_trgm_idx" SET (fastupdate = off);
--> statement-breakpoint
SELECT gin_clean_pending_list(i::regclass) FROM unnest(array['papers_search_idx', 'papers_title_trgm_idx', 'papers_organization_trgm_idx']) AS i;
