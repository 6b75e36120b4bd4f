-- pg_trgm powers typo-tolerant title search (papers_title_trgm_idx).
CREATE EXTENSION IF NOT EXISTS pg_trgm;
