import { openDatabase } from './src/core/db/client.js';
import { migrate } from './src/core/db/migrate.js';
import { searchPapers } from './src/core/papers/search.js';
import { loadFeed } from './bench/relevance-feed.js';
const d = await openDatabase({ dataDir: 'memory://' }); await migrate(d);
await loadFeed(d);
const orig = d.db.execute.bind(d.db);
let log = false;
(d.db as any).execute = async (q: any) => { const t = performance.now(); const r = await orig(q); const ms = performance.now() - t; if (log) console.log('   stmt', ms.toFixed(1), 'ms');
 if (log && ms > 30) { const { sql: text, params } = (d.db as any).dialect.sqlToQuery(q); const e = await (d as any).db.$client.query('explain (analyze, costs off) ' + text, params); console.log(e.rows.map((x: any) => x['QUERY PLAN']).join('\n')); }
 return r; };
const now = new Date('2025-05-31');
for (const q of ['models']) {
  await searchPapers(d.db, { text: q, page: 1, pageSize: 10 }, now);
  log = true;
  const t = performance.now();
  const r = await searchPapers(d.db, { text: q, page: 1, pageSize: 10 }, now);
  console.log(q, (performance.now() - t).toFixed(1), 'ms', r.hits.length);
  log = false;
}
