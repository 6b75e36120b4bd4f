import { openDatabase } from './src/core/db/client.js';
import { migrate } from './src/core/db/migrate.js';
import { searchPapers } from './src/core/papers/search.js';
import { loadFeed } from './bench/relevance-feed.js';
import { knownItemQueries } from './bench/relevance-queries.js';
import { miniSearchPeer } from './bench/relevance-peers.js';
const d = await openDatabase({ dataDir: 'memory://' }); await migrate(d);
const feed = await loadFeed(d);
const byId = new Map(feed.papers.map((p) => [p.id, p]));
const ms = miniSearchPeer(feed.papers);
const now = new Date('2025-05-31');
const qs = knownItemQueries(feed.papers, 120);
for (const q of qs) {
  const r = await searchPapers(d.db, { text: q.text, page: 1, pageSize: 10 }, now);
  const ids = r.hits.map((h) => h.paper.id);
  const pr = ids.indexOf(q.target) + 1;
  const mr = ms.search(q.text, 10).indexOf(q.target) + 1;
  if (pr !== 1 && mr === 1 || (pr === 0 && mr > 0)) {
    console.log(`${q.kind} "${q.text}" paperboy ${pr} minisearch ${mr} | target: ${byId.get(q.target)?.title.slice(0, 80)} [${new Date(byId.get(q.target)!.publishedMs).toISOString().slice(0,10)}]`);
    console.log(`     pb#1: ${r.hits[0]?.score} ${r.hits[0]?.paper.title.slice(0, 80)} | target score ${r.hits.find((h) => h.paper.id === q.target)?.score}`);
  }
}
