import { readdirSync, readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { openDatabase, type Database } from '../src/core/db/client.js';
import { migrate } from '../src/core/db/migrate.js';
import type { Paper } from '../src/core/papers/paper.js';
import { createPgPaperStore } from '../src/core/papers/paper-store.js';
import { parseDailyItems } from '../src/core/sources/hf-items.js';

// The feedback benchmark's world: the real Daily Papers feed in ../shared/data/hf-daily/ (the API's
// own format) ingested into PGlite through Paperboy's own parser and paper store, and simulated
// channels, each with broad topics and a hidden interest made of the papers' own ai_keywords.

export const FEED_DIR = new URL('../../shared/data/hf-daily/', import.meta.url);

export interface LoadedFeed {
  database: Database;
  /** Listing days in order, with their papers. */
  days: { day: string; papers: Paper[] }[];
  papers: number;
  skipped: number;
}

/** Every day file of the feed, ingested as `paperboy ingest --file FILE --date DAY` would. */
export async function loadFeed(dir: URL = FEED_DIR): Promise<LoadedFeed> {
  const files = readdirSync(dir).filter((f) => /^daily-\d{4}-\d{2}-\d{2}\.json\.gz$/.test(f)).sort();
  if (files.length === 0) throw new Error(`no daily-*.json.gz files in ${dir.pathname}`);
  const database = await openDatabase({ dataDir: 'memory://' });
  await migrate(database);
  // The papers' first_seen_at is irrelevant here; a fixed clock keeps runs identical.
  const store = createPgPaperStore(database.db, { now: () => new Date('2025-06-01T00:00:00Z') });
  const days: LoadedFeed['days'] = [];
  let papers = 0;
  let skipped = 0;
  for (const file of files) {
    const day = file.slice(6, 16);
    const body = JSON.parse(gunzipSync(readFileSync(new URL(file, dir))).toString('utf8')) as unknown[];
    const parsed = parseDailyItems(body, day);
    skipped += parsed.skipped;
    if (parsed.items.length === 0) continue;
    await store.upsert(parsed.items);
    papers += parsed.items.length;
    days.push({ day, papers: parsed.items.map((i) => i.paper) });
  }
  return { database, days, papers, skipped };
}

export interface ChannelSpec {
  name: string;
  /** Topics as a channel would type them; empty follows every paper. */
  topics: string[];
  /** Which of the papers' own ai_keywords make up the hidden interest. */
  interest: RegExp;
}

/** Broad topics, and a narrower hidden interest inside or across them, as a team's taste would be. */
export const channelSpecs: ChannelSpec[] = [
  { name: 'video-people', topics: ['diffusion', 'generation'], interest: /\bvideo/ },
  { name: 'reasoning', topics: ['language model', 'llm'], interest: /reasoning|math/ },
  { name: 'code', topics: ['language model', 'llm', 'agent'], interest: /\bcode\b|coding|program|software/ },
  { name: '3d', topics: ['image', 'vision'], interest: /\b3d\b|gaussian|point cloud|depth|scene reconstruction/ },
  { name: 'rl', topics: ['learning'], interest: /reinforcement|\brl\b|reward|policy optimization/ },
  { name: 'audio', topics: ['multimodal', 'model'], interest: /speech|audio|music|voice/ },
  { name: 'efficiency', topics: [], interest: /quantiz|pruning|compression|efficien|sparse|distillation/ },
  { name: 'safety', topics: ['model'], interest: /safety|jailbreak|alignment|harm|attack|privacy/ },
];

/** A paper is relevant to a channel when one of its own keywords falls in the hidden interest. */
export function isRelevant(paper: Paper, spec: ChannelSpec): boolean {
  return paper.aiKeywords.some((k) => spec.interest.test(k.toLowerCase()));
}

/** The last `count` listing days on which most papers carry ai_keywords (older items have none). */
export function simulatedDays(days: LoadedFeed['days'], count: number): LoadedFeed['days'] {
  const usable = days.filter((d) => d.papers.length >= 5 && d.papers.filter((p) => p.aiKeywords.length > 0).length >= 0.7 * d.papers.length);
  return usable.slice(-count);
}
