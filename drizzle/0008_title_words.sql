-- Titles as their own stored vector, and one index over all searchable words (issue 9, search
-- latency). Search reads a title's words for
-- every candidate it considers: to find title matches (tier by tier, newest first, when a word is
-- in thousands of titles), to check a phrase against the title, and to score. Through the
-- expression index of 0007 each of those re-parsed the title (tens of microseconds a paper:
-- 3,500 papers of one tier cost 130 ms at a million papers); the weighted `search` vector has the
-- title's positions too, but reading them decompresses the abstract's thousands of bytes. This
-- vector is a few dozen bytes, stored inline uncompressed, and the title index moves onto it.
ALTER TABLE "papers" ADD COLUMN IF NOT EXISTS "title_words" tsvector GENERATED ALWAYS AS (to_tsvector('english'::regconfig, "title")) STORED NOT NULL;
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "papers_title_words_idx" ON "papers" USING gin ("title_words") WITH (fastupdate = off);
--> statement-breakpoint
DROP INDEX IF EXISTS "papers_title_search_idx";
--> statement-breakpoint
-- One index over every searchable word, the weighted vector and the names together: a query's
-- words must all be in a paper, whichever of the two holds each ("Fauber accurate": the surname in
-- names, the word in the abstract). As two indexes that took an OR of alternatives, each an AND
-- of both indexes' bitmaps, and a common surname's bitmap (a third of a million papers) cost
-- 200 ms to build, once per candidate tier. In one index, GIN intersects the words' postings
-- itself, skipping through the common ones.
CREATE INDEX IF NOT EXISTS "papers_words_idx" ON "papers" USING gin (("search" || "names")) WITH (fastupdate = off);
