import { openDatabase } from '../src/core/db/client.js';
import { migrate } from '../src/core/db/migrate.js';
import { fieldTieCeiling } from './relevance-ceiling.js';
import { loadFeed } from './relevance-feed.js';
import { summarize } from './relevance-metrics.js';
import { miniSearchPeer } from './relevance-peers.js';
import { knownItemQueries, RELEVANCE_KINDS } from './relevance-queries.js';
import { feedClock, paperboyOutcomes, peerOutcomes, PER_KIND } from './relevance.js';

// The relevance benchmark's queries drawn with other seeds, for weighing a ranking change without
// fitting it to seed 9's 600 queries: MRR@10 per kind for Paperboy (PGlite) and MiniSearch, and
// the field-tie ceiling, one line a seed; with --misses, the queries whose target Paperboy's top
// ten lacks; with --terms=idf, the harder set's term selection (bench/relevance-queries.ts).
//   node --import tsx bench/relevance-seeds.ts 9,1,2 [--misses] [--terms=idf]
const seeds = (process.argv[2] ?? '9,1,2').split(',').map(Number).filter(Number.isFinite);
const terms = process.argv.includes('--terms=idf') ? 'idf' : 'discriminative';
const log = process.argv.includes('--misses') ? (line: string) => console.log(line) : () => {};

const database = await openDatabase({ dataDir: 'memory://' });
await migrate(database);
const feed = await loadFeed(database);
const now = feedClock(feed.papers);
const miniSearch = miniSearchPeer(feed.papers);
const never = () => false;

for (const seed of seeds) {
  const queries = knownItemQueries(feed.papers, PER_KIND, seed, terms);
  const ours = await paperboyOutcomes(database, queries, now, never, log);
  const peer = peerOutcomes(miniSearch, queries, never);
  const mrr = (outcomes: typeof ours, kind?: string) => summarize(outcomes.filter((_, i) => !kind || queries[i]?.kind === kind)).mrr_at_10;
  const ceiling = fieldTieCeiling(feed.papers, queries).at(-1)?.mrr_at_10;
  console.log(`${terms} seed ${seed}: Paperboy ${mrr(ours)}, MiniSearch ${mrr(peer)}, ceiling (but typo) ${ceiling}; `
    + RELEVANCE_KINDS.map((k) => `${k} ${mrr(ours, k)}/${mrr(peer, k)}`).join(', '));
}
await database.close();
