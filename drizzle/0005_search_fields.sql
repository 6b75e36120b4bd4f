-- Search by field (issue 9). Titles get their own full-text index so a query's title matches are
-- found at any age without reading the papers whose abstracts merely mention the words, and
-- authors and organisation become searchable words ("Fauber accurate", author:Fauber) through an
-- index instead of a substring check on capped candidates. Both are expression indexes: no column
-- is added and the table is not rewritten. array_to_string is only STABLE, so the names vector is
-- an IMMUTABLE SQL function over the two columns (authors weight A, organisation weight B).
CREATE OR REPLACE FUNCTION paperboy_names(authors text[], organization text) RETURNS tsvector
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ select setweight(to_tsvector('english'::regconfig, array_to_string(authors, ' ; ')), 'A')
    || setweight(to_tsvector('english'::regconfig, coalesce(organization, '')), 'B') $$;
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "papers_title_search_idx" ON "papers" USING gin (to_tsvector('english'::regconfig, "title"));
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "papers_names_search_idx" ON "papers" USING gin (paperboy_names("authors", "organization"));
