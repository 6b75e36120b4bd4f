-- Titles as their own stored vector (issue 9, search latency). Search reads a title's words for
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
