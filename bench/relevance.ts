import { openDatabase, type Database } from '../src/core/db/client.js';
import { migrate } from '../src/core/db/migrate.js';
import { searchPapers } from '../src/core/papers/search.js';
import { freshDatabase } from './fanout-data.js';
import { postgresVersion } from './machine.js';
import { fieldTieCeiling } from './relevance-ceiling.js';
import { loadFeed, type FeedPaper } from './relevance-feed.js';
import { rankOf, summarize, type Outcome } from './relevance-metrics.js';
import { arxivSanityPeer, miniSearchPeer, type Peer } from './relevance-peers.js';
import { knownItemQueries, RELEVANCE_KINDS, RELEVANCE_SEED, TERM_SELECTIONS, type KnownItemQuery, type TermSelection } from './relevance-queries.js';

// Relevance on real papers: the year of the Daily Papers feed loaded through Paperboy's ingest,
// known-item queries of five kinds (bench/relevance-queries.ts), and for each the rank of the one
// right paper in Paperboy's top ten (PGlite, and the Postgres server when one answers) and in the
// peers' (bench/relevance-peers.ts), with each one's latency, in the same run.

export const PER_KIND = 120;
const SIX_MONTHS_MS = 182.5 * 86_400_000;

export interface RelevanceOptions {
  serverUrl?: string;
  log?: (line: string) => void;
}

export async function runRelevanceBench(options: RelevanceOptions): Promise<Record<string, unknown>[]> {
  const log = options.log ?? ((line: string) => console.log(line));
  const pglite = await openDatabase({ dataDir: 'memory://' });
  await migrate(pglite);
  const started = performance.now();
  const feed = await loadFeed(pglite);
  log(`relevance: ${feed.papers.length} papers from ${feed.days} days ingested in ${Math.round(performance.now() - started)} ms (${feed.skipped} items skipped)`);
  const now = feedClock(feed.papers);
  const sets = TERM_SELECTIONS.map((terms) => ({ terms, queries: knownItemQueries(feed.papers, PER_KIND, RELEVANCE_SEED, terms) }));
  const byId = new Map(feed.papers.map((p) => [p.id, p]));
  const isOld = (q: KnownItemQuery): boolean => now.getTime() - (byId.get(q.target)?.publishedMs ?? 0) > SIX_MONTHS_MS;

  const rows: Record<string, unknown>[] = [];
  const report = (set: QuerySet, system: string, backend: string, outcomes: Outcome[]): void => {
    for (const kind of [...RELEVANCE_KINDS, 'all' as const, 'all but typo' as const]) {
      const of = outcomes.filter((_, i) => kind === 'all' || (kind === 'all but typo' ? set.queries[i]?.kind !== 'typo' : set.queries[i]?.kind === kind));
      rows.push({ terms: set.terms, system, backend, kind, ...summarize(of) });
    }
    const all = summarize(outcomes);
    log(`relevance ${set.terms} ${system} (${backend}): MRR@10 ${all.mrr_at_10}, Hits@1 ${all.hits_at_1}, Hits@10 ${all.hits_at_10}, p95 ${all.p95_ms} ms`);
  };

  try {
    const version = await postgresVersion(pglite.db);
    for (const set of sets) {
      report(set, 'paperboy', `pglite (${version})`, await paperboyOutcomes(pglite, set.queries, now, isOld, (line) => log(`${set.terms}${line}`)));
    }
  } finally {
    await pglite.close();
  }
  if (options.serverUrl) {
    // The feed is small: reloaded into a fresh database each run.
    const server = await freshDatabase(options.serverUrl, 'paperboy_bench_hf_daily', 2);
    try {
      await loadFeed(server);
      const version = await postgresVersion(server.db);
      for (const set of sets) report(set, 'paperboy', `postgres (${version})`, await paperboyOutcomes(server, set.queries, now, isOld, () => {}));
    } finally {
      await server.close();
    }
  }
  for (const peer of [miniSearchPeer(feed.papers), arxivSanityPeer(feed.papers)]) {
    for (const set of sets) report(set, peer.name, 'in-process', peerOutcomes(peer, set.queries, isOld));
  }
  for (const set of sets) {
    const ceiling = fieldTieCeiling(feed.papers, set.queries);
    for (const row of ceiling) rows.push({ terms: set.terms, system: 'field-tie ceiling', backend: 'ties in random order', ...row });
    log(`relevance ${set.terms} field-tie ceiling: MRR@10 ${ceiling.at(-1)?.mrr_at_10} (all but typo)`);
  }
  rows.push({ terms: '', system: 'corpus', backend: '', kind: 'papers', queries: feed.papers.length,
    old_targets: sets[0]?.queries.filter(isOld).length });
  return rows;
}

interface QuerySet {
  terms: TermSelection;
  queries: KnownItemQuery[];
}

/** The benchmark's "today": the day after the feed's last paper, so ages are those of a live bot. */
export function feedClock(papers: FeedPaper[]): Date {
  const newest = Math.max(...papers.map((p) => p.publishedMs));
  return new Date(Math.ceil(newest / 86_400_000) * 86_400_000);
}

export async function paperboyOutcomes(database: Database, queries: KnownItemQuery[], now: Date, isOld: (q: KnownItemQuery) => boolean,
  log: (line: string) => void): Promise<Outcome[]> {
  const run = (q: KnownItemQuery) => searchPapers(database.db, { text: q.text, page: 1, pageSize: 10 }, now);
  // One untimed pass: figures are for a running bot whose working set and caches are warm.
  for (const q of queries) await run(q);
  const outcomes: Outcome[] = [];
  const misses: string[] = [];
  for (const q of queries) {
    const t = performance.now();
    const result = await run(q);
    const ms = performance.now() - t;
    const rank = rankOf(result.hits.map((h) => h.paper.id), q.target);
    if (rank === null && misses.length < 40) misses.push(` miss ${q.kind}: "${q.text}" -> ${q.target}`);
    outcomes.push({ rank, ms, old: isOld(q) });
  }
  for (const line of misses) log(line);
  return outcomes;
}

export function peerOutcomes(peer: Peer, queries: KnownItemQuery[], isOld: (q: KnownItemQuery) => boolean): Outcome[] {
  for (const q of queries) peer.search(q.text, 10);
  return queries.map((q) => {
    const t = performance.now();
    const ids = peer.search(q.text, 10);
    return { rank: rankOf(ids, q.target), ms: performance.now() - t, old: isOld(q) };
  });
}

export type { FeedPaper };
