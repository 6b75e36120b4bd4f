-- Keep the weighted tsvector inline (compressed) instead of out of line in TOAST: search checks
-- it row by row for phrases and filters, and an out-of-line read per row made those 3-8x slower.
-- Existing rows move on their next update; new rows are stored inline at once.
ALTER TABLE "papers" ALTER COLUMN "search" SET STORAGE MAIN;
