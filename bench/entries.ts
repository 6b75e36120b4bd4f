import { existsSync } from 'node:fs';
import { runSearchBench } from './search.js';

// The benchmarks `npm run bench` knows. A new one is one entry here; bench/README.md follows.

export interface BenchEntry {
  description: string;
  /** Run when no name is given (seconds, not minutes). */
  quick: boolean;
  /** Columns for the README table; every scalar column when absent. */
  columns?: string[];
  notes?: string[];
  run(context: BenchContext): Promise<Record<string, unknown>[]>;
}

export interface BenchContext {
  serverUrl: string | undefined;
  log: (line: string) => void;
}

const searchColumns = ['backend', 'postgres', 'papers', 'p50_ms', 'p95_ms', 'p99_ms', 'max_ms', 'baseline_queries',
  'baseline_p50_ms', 'baseline_p95_ms', 'speedup', 'queries_with_hits', 'fuzzy_results'];

export const entries: Record<string, BenchEntry> = {
  search: {
    description: 'Search p50/p95 over 200 queries (words, invented names, phrases, or/-exclusion, typos, filters) against an ILIKE scan of the same rows: server at 10k, 100k and 1M papers, PGlite at 100k.',
    quick: false,
    columns: searchColumns,
    notes: [
      'Corpus: synthetic, drawn from the real Daily Papers page in `bench/fixtures/` (bigram walks over its titles and abstracts, plus Zipf-distributed invented method names); deterministic, built by `bench/corpus.ts`.',
      'Latency is wall time of `searchPapers()` as the bot calls it (parse, every statement, row decoding), second pass over the 200 queries (the first warms the cache).',
      'Baseline: `(title || \' \' || abstract) ILIKE \'%term%\' ORDER BY upvotes DESC LIMIT 10`; every 10th query at 1M papers and every 4th at 100k (each one scans the table; its cost hardly depends on the term).',
      'Server databases `paperboy_bench_<size>` are created next to BENCH_DATABASE_URL and reused when they already hold the same corpus.',
      '`by_kind` in `results/search.json` splits the figures by query kind.',
    ],
    run: ({ serverUrl, log }) =>
      runSearchBench({ serverUrl, serverSizes: [10_000, 100_000, 1_000_000], pgliteSizes: [100_000], log }),
  },
  'search-quick': {
    description: 'The search benchmark at 10k papers only (both backends): a smoke run.',
    quick: true,
    columns: searchColumns,
    run: ({ serverUrl, log }) => runSearchBench({ serverUrl, serverSizes: [10_000], pgliteSizes: [10_000], log }),
  },
  ingest: {
    description: 'Ingestion papers/second: batched upsert against one row at a time, same run.',
    quick: true,
    async run({ serverUrl, log }) {
      // bench/ingest.ts belongs to the ingestion work; loaded by path so this file builds without it.
      const path = './ingest.js';
      if (!existsSync(new URL('./ingest.ts', import.meta.url))) throw new Error('bench/ingest.ts is not there yet');
      const module = (await import(path)) as {
        runIngestBench(options: { serverUrl?: string; log?: (line: string) => void }): Promise<Record<string, unknown>[]>;
      };
      return module.runIngestBench({ ...(serverUrl ? { serverUrl } : {}), log });
    },
  },
  // Planned: `fanout` (digest delivery to N channels under rate limits) and `commands`
  // (/papers round trips through each adapter). Add an entry here; the README follows.
};
