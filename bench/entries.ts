import { existsSync } from 'node:fs';
import { claimsNotes, runClaimsBench } from './claims.js';
import { commandsNotes, runCommandsBench } from './commands.js';
import { fanoutNotes } from './fanout-notes.js';
import { runFeedbackBench } from './feedback.js';
import { feedbackNotes } from './feedback-notes.js';
import { runFanoutBench } from './fanout.js';
import { embeddedMemoryNotes, runEmbeddedMemoryBench } from './memory-embedded.js';
import { memoryNotes, runMemoryBench, serverScenarios } from './memory.js';
import { withEarlierRows } from './partial-results.js';
import { relevanceNotes } from './relevance-notes.js';
import { runRelevanceBench } from './relevance.js';
import { runSearchBench } from './search.js';
import { searchNotes } from './search-notes.js';

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
  /** Sizes asked for on the command line (`--server-sizes=`, `--pglite-sizes=`), where a benchmark has sizes. */
  serverSizes?: number[];
  pgliteSizes?: number[];
  /** `--part=`: one part of a benchmark that has several (memory: embedded or server). */
  part?: string;
}

const searchColumns = ['backend', 'postgres', 'papers', 'p50_ms', 'p95_ms', 'p99_ms', 'max_ms', 'baseline_queries',
  'baseline_p50_ms', 'baseline_p95_ms', 'speedup', 'queries_with_hits', 'fuzzy_results'];

export const entries: Record<string, BenchEntry> = {
  search: {
    description: 'Search p50/p95 over 270 queries (words, invented names, phrases, or/-exclusion, typos, filters, and the relevance benchmark\'s kinds: title words, surname + word, abstract words) against an ILIKE scan of the same rows: server at 10k, 100k and 1M papers, PGlite at 100k (`--server-sizes=`, `--pglite-sizes=` pick some).',
    quick: false,
    columns: searchColumns,
    notes: searchNotes,
    run: ({ serverUrl, log, serverSizes, pgliteSizes }) =>
      runSearchBench({ serverUrl, serverSizes: serverSizes ?? [10_000, 100_000, 1_000_000], pgliteSizes: pgliteSizes ?? [100_000], log }),
  },
  relevance: {
    description: 'Known-item relevance on the real Daily Papers feed (a year, ingested by Paperboy): Hits@1, Hits@10 and MRR@10 per query kind (title words, typo, method name, surname + word, abstract gist) for Paperboy, MiniSearch and arxiv-sanity-lite\'s search_rank, same queries, same run, with latency, on two sets of queries (`terms`: words drawn as the discriminative known-item model draws them, and a harder set drawn by idf); and the field-tie ceiling of the same queries (an oracle that knows which field each word came from).',
    quick: false,
    columns: ['terms', 'system', 'backend', 'kind', 'queries', 'hits_at_1', 'hits_at_10', 'mrr_at_10', 'old_targets', 'old_found_at_10', 'p50_ms', 'p95_ms', 'ambiguous'],
    notes: relevanceNotes,
    run: ({ serverUrl, log }) => runRelevanceBench({ serverUrl, log }),
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
  claims: {
    description: 'Claiming one digest tick as channels grow (10k and 100k due channels with ten days of ledger history, server): the tick\'s openDue, then two instances claiming every due channel in batches of 64 at once, per claim statement, against the claim statement before issue 10 (slots worked out in every claim) in the same run.',
    quick: false,
    notes: claimsNotes,
    run: ({ serverUrl, log, serverSizes }) => runClaimsBench({ serverUrl, sizes: serverSizes ?? [10_000, 100_000], log }),
  },
  memory: {
    description: 'Resident memory and start-up: the embedded default (first start on an empty data folder, restart, both chat adapters through a 1,000-channel fan-out; targets idle <= 180 MB terminal, <= 220 MB with both adapters, tree peak <= 400 MB, `npm start` ready <= 3 s), the wall time of `paperboy --help` (<= 0.3 s) and `paperboy search` (server <= 0.8 s); then the server: one instance through a whole 10,000-channel tick, and two instances sharing a 100,000-channel tick (target: peak VmHWM <= 200 MB per instance, flat as channels grow). `--part=embedded` or `--part=server` runs one part, `--server-sizes=10k` one server scenario.',
    quick: false,
    notes: [...embeddedMemoryNotes, ...memoryNotes],
    async run({ serverUrl, log, part, serverSizes }) {
      if (part !== undefined && part !== 'embedded' && part !== 'server') throw new Error(`--part=${part}: the memory benchmark has the parts embedded and server`);
      const embedded = part === 'server' ? [] : (await runEmbeddedMemoryBench({ serverUrl, log })).map((row) => ({ part: 'embedded', ...row }));
      // The server part needs a server; the embedded one is what a newcomer runs.
      const server = part === 'embedded' || !serverUrl ? [] : (await runMemoryBench({ serverUrl, log, ...(serverSizes ? { scenarios: serverScenarios.filter((s) => serverSizes.includes(s.channels)) } : {}) })).map((row) => ({ part: 'server', ...row }));
      // A run of one part (or one server scenario) keeps the other rows of the committed results.
      return withEarlierRows('memory', [...embedded, ...server], (row) => `${row.part}|${row.scenario}|${row.instance ?? ''}`, (row) => row.part !== 'server' || row.instance !== undefined);
    },
  },
};
