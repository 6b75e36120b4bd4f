import { openDatabase } from '../src/core/db/client.js';
import { migrate } from '../src/core/db/migrate.js';
import { searchPapers } from '../src/core/papers/search.js';
import { fieldTieCeiling } from './relevance-ceiling.js';
import { loadFeed } from './relevance-feed.js';
import { rankOf } from './relevance-metrics.js';
import { miniSearchPeer } from './relevance-peers.js';
import { knownItemQueries, RELEVANCE_KINDS, type RelevanceKind } from './relevance-queries.js';

// The relevance benchmark's queries drawn with other seeds, for weighing a ranking change without
// fitting it to seed 9's 600 queries: MRR@10 per kind for Paperboy (PGlite) and MiniSearch, and
// the field-tie ceiling, one line a seed; with SHOW=kind[,kind], each query of those kinds whose
// target is not first, with the target and what ranked above it.
//   node --import tsx bench/relevance-seeds.ts 9,1,2
const seeds = (process.argv[2] ?? '9,1,2').split(',').map(Number).filter(Number.isFinite);
const show = new Set((process.env.SHOW ?? '').split(',').filter((k) => k !== ''));

const database = await openDatabase({ dataDir: 'memory://' });
await migrate(database);
const feed = await loadFeed(database);
const byId = new Map(feed.papers.map((p) => [p.id, p]));
const newest = Math.max(...feed.papers.map((p) => p.publishedMs));
const now = new Date(Math.ceil(newest / 86_400_000) * 86_400_000);
const miniSearch = miniSearchPeer(feed.papers);
const mean = (xs: number[]): string => (xs.reduce((a, b) => a + b, 0) / Math.max(xs.length, 1)).toFixed(3);

for (const seed of seeds) {
  const queries = knownItemQueries(feed.papers, 120, seed);
  const ours = new Map<RelevanceKind, number[]>();
  const peer = new Map<RelevanceKind, number[]>();
  for (const q of queries) {
    const hits = (await searchPapers(database.db, { text: q.text, page: 1, pageSize: 10 }, now)).hits;
    const rank = rankOf(hits.map((h) => h.paper.id), q.target);
    const peerRank = rankOf(miniSearch.search(q.text, 10), q.target);
    ours.set(q.kind, [...(ours.get(q.kind) ?? []), rank === null ? 0 : 1 / rank]);
    peer.set(q.kind, [...(peer.get(q.kind) ?? []), peerRank === null ? 0 : 1 / peerRank]);
    if (show.has(q.kind) && rank !== 1) {
      console.log(`${q.kind} rank ${rank ?? '-'} (MiniSearch ${peerRank ?? '-'}) "${q.text}": ${byId.get(q.target)?.title ?? q.target}`);
      for (const h of hits.slice(0, rank === null ? 3 : Math.min(rank - 1, 3))) console.log(`    ${h.score} ${h.paper.title}`);
    }
  }
  const ceiling = fieldTieCeiling(feed.papers, queries).at(-1)?.mrr_at_10;
  console.log(`seed ${seed}: Paperboy ${mean([...ours.values()].flat())}, MiniSearch ${mean([...peer.values()].flat())}, ceiling (but typo) ${ceiling}; `
    + RELEVANCE_KINDS.map((k) => `${k} ${mean(ours.get(k) ?? [])}/${mean(peer.get(k) ?? [])}`).join(', '));
}
await database.close();
