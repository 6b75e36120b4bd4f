import { openDatabase } from './src/core/db/client.js';
import { migrate } from './src/core/db/migrate.js';
import { searchPapers } from './src/core/papers/search.js';
import { loadFeed } from './bench/relevance-feed.js';
const d = await openDatabase({ dataDir: 'memory://' }); await migrate(d);
const feed = await loadFeed(d);
const byId = new Map(feed.papers.map((p) => [p.id, p]));
const now = new Date('2025-05-31');
for (const [q, t] of [['taming titans infernece', '2504.19720'], ['muultimodal evaluation', '2410.10563'], ['bennchmarking understanding', '2501.15747'], ['evtexxture video', '2406.13457'], ['mba gradient', '2411.19460'], ['human modeling', '2502.04270']]) {
  const r = await searchPapers(d.db, { text: q, page: 1, pageSize: 10 }, now);
  console.log(q, '| target:', byId.get(t)?.title, '| rank', r.hits.findIndex((h) => h.paper.id === t) + 1, 'fuzzy', r.fuzzy);
  for (const h of r.hits.slice(0, 3)) console.log('    ', h.score, h.paper.title.slice(0, 90));
}
