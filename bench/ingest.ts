import { readFile } from 'node:fs/promises';
import { sql } from 'drizzle-orm';
import { openDatabase, type Database, type Db } from '../src/core/db/client.js';
import { migrate } from '../src/core/db/migrate.js';
import { dailyListings, papers } from '../src/core/db/schema.js';
import type { Paper } from '../src/core/papers/paper.js';
import { createPgPaperStore } from '../src/core/papers/paper-store.js';
import type { ListedPaper, UpsertCounts } from '../src/core/ports.js';
import { parseDailyItems } from '../src/core/sources/hf-items.js';
import { openServer } from '../test/support/databases.js';

// Ingestion throughput on the same fresh database in the same run:
// - batched: the store's upsert, one statement per 500 papers (papers and listings together);
// - store_batch_1: the same SQL with one paper per statement, isolating what batching saves;
// - row_by_row: the obvious ORM code, an upsert per paper plus one per listing, each its own commit.
// The per-row cost of the schema's generated tsvector (three to_tsvector calls per paper) is paid by
// every mode, which bounds how far batching alone can go.

export interface IngestBenchOptions {
  /** Papers per run; 5,000 by default. */
  papers?: number;
  /** Papers for the one-at-a-time modes; their rate is flat, so 1,000 by default keeps the run short. */
  rowByRowPapers?: number;
  /** A Postgres server to include; defaults to BENCH_DATABASE_URL, then TEST_DATABASE_URL. */
  serverUrl?: string;
  log?: (line: string) => void;
}

const DAY = '2026-11-27';
const fixture = new URL('../test/fixtures/hf/daily-papers-2026-11-27.json', import.meta.url);

export async function runIngestBench(options: IngestBenchOptions = {}): Promise<Record<string, unknown>[]> {
  const count = options.papers ?? 5_000;
  const rowCount = Math.min(count, options.rowByRowPapers ?? 1_000);
  const log = options.log ?? ((line: string) => console.log(line));
  const serverUrl = options.serverUrl ?? (process.env.BENCH_DATABASE_URL?.trim() || process.env.TEST_DATABASE_URL?.trim() || undefined);
  const templates = await loadTemplates();
  const rows: Record<string, unknown>[] = [];

  const targets: { name: 'pglite' | 'postgres'; open: () => Promise<Database> }[] = [
    { name: 'pglite', open: openPglite },
    ...(serverUrl ? [{ name: 'postgres' as const, open: () => openServer(serverUrl) }] : []),
  ];
  for (const target of targets) {
    const database = await target.open();
    try {
      const batched = await measure(database, synthetic(templates, count), (items) => createPgPaperStore(database.db, { batchSize: 500 }).upsert(items));
      const updated = await measure(database, synthetic(templates, count), (items) => createPgPaperStore(database.db, { batchSize: 500 }).upsert(items), false);
      const batchOne = await measure(database, synthetic(templates, rowCount), (items) => createPgPaperStore(database.db, { batchSize: 1 }).upsert(items));
      const naive = await measure(database, synthetic(templates, rowCount), (items) => upsertRowByRow(database.db, items));
      const speedup = batched.perSecond / naive.perSecond;
      const base = { backend: target.name, day: DAY };
      rows.push(
        {
          ...base,
          mode: 'batched',
          batch_size: 500,
          papers: count,
          ...batched.figures,
          speedup: round(speedup),
          speedup_vs_store_batch_1: round(batched.perSecond / batchOne.perSecond),
        },
        { ...base, mode: 'batched_update', batch_size: 500, papers: count, ...updated.figures },
        { ...base, mode: 'store_batch_1', batch_size: 1, papers: rowCount, ...batchOne.figures },
        { ...base, mode: 'row_by_row', batch_size: 1, papers: rowCount, ...naive.figures },
      );
      log(
        `ingest ${target.name}: batched ${fmt(batched.perSecond)} papers/s (update pass ${fmt(updated.perSecond)}), ` +
          `store one per statement ${fmt(batchOne.perSecond)}, row by row ${fmt(naive.perSecond)} -> ${round(speedup)}x`,
      );
    } finally {
      await database.close();
    }
  }
  return rows;
}

interface Measured {
  perSecond: number;
  figures: { seconds: number; papers_per_s: number; stored: number; updated: number };
}

/** Times one upsert of `items`; `fresh` empties the tables first so inserts are measured. */
async function measure(
  database: Database,
  items: ListedPaper[],
  upsert: (items: ListedPaper[]) => Promise<UpsertCounts>,
  fresh = true,
): Promise<Measured> {
  if (fresh) await database.db.execute(sql`truncate papers, daily_listings cascade`);
  const started = performance.now();
  const counts = await upsert(items);
  const seconds = (performance.now() - started) / 1000;
  const perSecond = items.length / seconds;
  return { perSecond, figures: { seconds: round(seconds, 3), papers_per_s: Math.round(perSecond), ...counts } };
}

/** The baseline: what a first version without batching would do, two statements per paper. */
async function upsertRowByRow(db: Db, items: ListedPaper[]): Promise<UpsertCounts> {
  let stored = 0;
  for (const { paper, day } of items) {
    const values = {
      id: paper.id,
      title: paper.title,
      abstract: paper.abstract,
      authors: paper.authors,
      publishedAt: paper.publishedAt,
      upvotes: paper.upvotes,
      comments: paper.comments,
      organization: paper.organization,
      githubRepo: paper.githubRepo,
      githubStars: paper.githubStars,
      projectPage: paper.projectPage,
      thumbnail: paper.thumbnail,
      aiSummary: paper.aiSummary,
      aiKeywords: paper.aiKeywords,
      keywordsText: paper.aiKeywords.join(' '),
      source: paper.source,
    };
    const { id: _id, ...set } = values;
    await db.insert(papers).values(values).onConflictDoUpdate({ target: papers.id, set: { ...set, updatedAt: new Date() } });
    if (day) {
      await db
        .insert(dailyListings)
        .values({ day, paperId: paper.id, upvotes: paper.upvotes })
        .onConflictDoUpdate({ target: [dailyListings.day, dailyListings.paperId], set: { upvotes: paper.upvotes } });
    }
    stored += 1;
  }
  return { stored, updated: 0 };
}

async function openPglite(): Promise<Database> {
  const database = await openDatabase({ dataDir: 'memory://' });
  await migrate(database);
  return database;
}

/** Real titles and abstracts from the fixture day, so the generated search vectors cost what real ones do. */
async function loadTemplates(): Promise<Paper[]> {
  const parsed = parseDailyItems(JSON.parse(await readFile(fixture, 'utf8')) as unknown[], DAY);
  return parsed.items.map((i) => i.paper);
}

function synthetic(templates: Paper[], count: number): ListedPaper[] {
  return Array.from({ length: count }, (_, i) => {
    const template = templates[i % templates.length] as Paper;
    return {
      day: DAY,
      paper: { ...template, id: `2612.${String(i).padStart(5, '0')}`, title: `${template.title} (${i})`, upvotes: i % 300 },
    };
  });
}

function round(value: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

function fmt(value: number): string {
  return Math.round(value).toLocaleString('en-US');
}
