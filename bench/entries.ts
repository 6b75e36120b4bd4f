import { existsSync } from 'node:fs';
import { commandsNotes, runCommandsBench } from './commands.js';
import { fanoutNotes } from './fanout-notes.js';
import { runFeedbackBench } from './feedback.js';
import { feedbackNotes } from './feedback-notes.js';
import { runFanoutBench } from './fanout.js';
import { embeddedMemoryNotes, runEmbeddedMemoryBench } from './memory-embedded.js';
import { memoryNotes, runMemoryBench } from './memory.js';
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
      'Corpus: synthetic, drawn from the real Daily Papers page in `bench/fixtures/` (bigram walks over its titles and abstracts, biased to one seed paper each, plus Zipf-distributed invented method names; 250 papers a day going back from 2026-06-30); deterministic, built by `bench/corpus.ts`. Loading 1M papers took about 14 minutes on this shared machine: the generated tsvector column costs ~270 µs of server CPU per paper.',
      'Latency is the wall time of `searchPapers()` as the bot calls it (parse, every statement, row decoding), page size 10, second pass over the 200 queries (the first warms the cache). `by_kind` in `results/search.json` splits it by query kind.',
      'Baseline: `(title || \' \' || abstract) ILIKE \'%term%\' ORDER BY upvotes DESC LIMIT 10`; every 10th query at 1M papers and every 4th at 100k (each one reads the whole table; its cost hardly depends on the term).',
      'What makes large stores fast, and its price: a query ranks the newest 100 papers that match it (found tier by tier through the published_at index: 2 weeks, 2 months, 1 year, 3 years, the rest), and a phrase or an author/org filter is checked against the newest 400 papers holding all the words. Below those counts results are exact.',
      'The machine is shared: other test suites ran during these runs (load average 4 to 8 on 2 cores), so figures are noisy; the server runs default settings (shared_buffers 128MB).',
      'Slowest kinds at 1M are phrases and author/org filters: every row-level check reads the paper\'s tsvector from TOAST (it is ~1.6 kB, pushed out of line with the abstract). Storing it inline (`ALTER TABLE papers ALTER COLUMN search SET STORAGE MAIN`, then a rewrite) made the heavy queries 3-8x faster at 100k in a side test; trigram GIN indexes on `organization` and on an authors text column would let filters use the index.',
      'Server databases `paperboy_bench_<size>` are created next to BENCH_DATABASE_URL and reused when they already hold the same corpus; the PGlite one lives in `bench/tmp/` (git-ignored).',
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
  fanout: {
    description: 'One digest tick: planning 1k and 10k due channels (5 topics each of 500) set-wise against one query per channel, with SQL statements counted; then delivery through the real Discord and Slack adapters to fakes that enforce the platforms\' rate limits (throughput as a share of the limit, 429s).',
    quick: false,
    notes: fanoutNotes,
    run: ({ serverUrl, log }) => runFanoutBench({ serverUrl, log }),
  },
  commands: {
    description: '200 concurrent `/papers search` through the fake Discord gateway and the real discord.js adapter on the 1M-paper store: acknowledgement time p50/p99/max (Discord\'s limit is 3 s).',
    quick: false,
    notes: commandsNotes,
    run: ({ serverUrl, log }) => runCommandsBench({ serverUrl, log }),
  },
  feedback: {
    description: 'Digests that learn from votes: 8 simulated channels (broad topics, a hidden interest made of the papers\' own ai_keywords) over 30 days of the real Daily Papers feed; precision@5 per day with votes (from days 1-5 only, and every day) against the same channel without votes.',
    quick: false,
    columns: ['day', 'date', 'baseline_p5', 'votes_first5_p5', 'votes_daily_p5', 'best_possible_p5'],
    notes: feedbackNotes,
    run: ({ log }) => runFeedbackBench({ log }),
  },
  memory: {
    description: 'Resident memory and start-up: the embedded default (first start on an empty data folder, restart, both chat adapters through a 1,000-channel fan-out; targets idle <= 180 MB terminal, <= 220 MB with both adapters, tree peak <= 400 MB, `npm start` ready <= 3 s), the wall time of `paperboy --help` (<= 0.3 s) and `paperboy search` (server <= 0.8 s); then one process on the server with 10,000 channels, idle and during a fan-out (target under 200 MB).',
    quick: false,
    notes: [...embeddedMemoryNotes, ...memoryNotes],
    async run({ serverUrl, log }) {
      const embedded = (await runEmbeddedMemoryBench({ serverUrl, log })).map((row) => ({ part: 'embedded', ...row }));
      // The server part needs a server; the embedded one is what a newcomer runs.
      return [...embedded, ...(serverUrl ? (await runMemoryBench({ serverUrl, log })).map((row) => ({ part: 'server', ...row })) : [])];
    },
  },
};
