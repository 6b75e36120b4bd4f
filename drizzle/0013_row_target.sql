-- Keep a paper's short columns in its row (issue 9, search latency). Postgres starts moving values
-- out of line (TOAST) once a row passes about 2 kB and keeps going, largest first, until it fits
-- in 2 kB; with the weighted vector inline (0004: about 1.7 kB) that moved nearly every other
-- column out, down to the title and the authors: three more buffer reads for each paper whose
-- authors an author: filter checks (three quarters of such a scan's reads at a million papers),
-- and for each candidate's title that scoring reads. With a 4 kB target (half a page) only what
-- does not fit goes out, largest first: the abstract and the AI summary, which search reads for
-- the page's ten papers alone. New and rewritten rows take it; VACUUM FULL papers rewrites the
-- rest (at 100k papers the heap went from 223 to 391 MB and TOAST from 205 to 52 MB).
ALTER TABLE "papers" SET (toast_tuple_target = 4080);
