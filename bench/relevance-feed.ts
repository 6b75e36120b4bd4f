import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { queryRows, type Database } from '../src/core/db/client.js';
import { createIngestor } from '../src/core/ingest/ingestor.js';
import { silentLogger } from '../src/core/logger.js';
import { createPgPaperStore } from '../src/core/papers/paper-store.js';
import { toStringArray } from '../src/core/papers/paper-row.js';
import type { PaperSource } from '../src/core/ports.js';

// The real Daily Papers feed (../shared/data/hf-daily: a year of the API's answers, gzipped) loaded
// through Paperboy's own ingest (`ingestFile`, as `paperboy ingest --file FILE --date DAY` does),
// then read back as stored, so Paperboy and the peers see exactly the same papers.

export const FEED_DIR = new URL('../../shared/data/hf-daily/', import.meta.url).pathname;

export interface FeedPaper {
  id: string;
  title: string;
  abstract: string;
  authors: string[];
  organization: string;
  keywords: string[];
  publishedMs: number;
}

/** Every day file ingested into the (migrated, empty) database; the papers as stored. */
export async function loadFeed(database: Database): Promise<{ papers: FeedPaper[]; days: number; skipped: number }> {
  // The ingestor needs a source for its cron path; files never reach it.
  const source: PaperSource = {
    fetchDay: () => Promise.reject(new Error('offline benchmark: no fetching')),
    fetchPaper: () => Promise.resolve(null),
  };
  const papers = createPgPaperStore(database.db);
  const ingest = createIngestor({ db: database.db, papers, source, logger: silentLogger });
  const files = readdirSync(FEED_DIR).filter((f) => /^daily-\d{4}-\d{2}-\d{2}\.json\.gz$/.test(f)).sort();
  if (files.length === 0) throw new Error(`no daily-*.json.gz files in ${FEED_DIR}`);
  let skipped = 0;
  for (const file of files) {
    const result = await ingest.ingestFile(join(FEED_DIR, file), file.slice(6, 16));
    if (!result.ok) throw new Error(`ingest of ${file} failed: ${result.error}`);
    skipped += result.skipped;
  }
  await database.db.execute(sql`analyze papers`);
  const rows = await queryRows<Record<string, unknown>>(database.db, sql`
    select id, title, abstract, authors, coalesce(organization, '') as organization, ai_keywords,
      (extract(epoch from published_at) * 1000)::float8 as published_ms
    from papers order by id`);
  return {
    days: files.length,
    skipped,
    papers: rows.map((r) => ({
      id: String(r.id),
      title: String(r.title),
      abstract: String(r.abstract),
      authors: toStringArray(r.authors),
      organization: String(r.organization ?? ''),
      keywords: toStringArray(r.ai_keywords),
      publishedMs: Number(r.published_ms),
    })),
  };
}
