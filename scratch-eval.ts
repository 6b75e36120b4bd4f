import { openDatabase } from './src/core/db/client.js';
import { migrate } from './src/core/db/migrate.js';
import { searchPapers } from './src/core/papers/search.js';
import { loadFeed } from './bench/relevance-feed.js';
import { knownItemQueries, RELEVANCE_KINDS } from './bench/relevance-queries.js';
const d = await openDatabase({ dataDir: 'memory://' }); await migrate(d);
const feed = await loadFeed(d);
const now = new Date('2025-05-31');
const qs = knownItemQueries(feed.papers, 120);
const rr: Record<string, number[]> = {};
for (const q of qs) {
  const r = await searchPapers(d.db, { text: q.text, page: 1, pageSize: 10 }, now);
  const rank = r.hits.map((h) => h.paper.id).indexOf(q.target) + 1;
  (rr[q.kind] ??= []).push(rank === 0 ? 0 : 1 / rank);
}
const all = Object.values(rr).flat();
console.log(RELEVANCE_KINDS.map((k) => `${k} ${(rr[k]!.reduce((a, b) => a + b, 0) / rr[k]!.length).toFixed(3)}`).join(' | '), '| all', (all.reduce((a, b) => a + b, 0) / all.length).toFixed(3));
