import { openDatabase } from './src/core/db/client.js';
import { searchPapers } from './src/core/papers/search.js';
const d = await openDatabase({ url: 'postgres://root@127.0.0.1:5432/paperboy_bench_100k_m6', maxConnections: 1 });
const client = (d.db as any).$client;
const orig = d.db.execute.bind(d.db);
let explain = false;
(d.db as any).execute = async (q: any) => {
  const t = performance.now(); const r = await orig(q); const ms = performance.now() - t;
  console.log('stmt', ms.toFixed(1));
  if (explain && ms > 20) { const { sql: text, params } = (d.db as any).dialect.sqlToQuery(q); const e = await client.unsafe('explain (analyze, costs off, timing on) ' + text, params); console.log(e.map((x: any) => x['QUERY PLAN']).filter((l: string) => /actual/.test(l)).map((l: string) => l.slice(0, 170)).join('\n')); }
  return r;
};
const text = process.argv[2] ?? 'designing convolutional networks';
await searchPapers(d.db, { text, page: 1, pageSize: 10 }, new Date('2026-07-01'));
explain = true;
await searchPapers(d.db, { text, page: 1, pageSize: 10 }, new Date('2026-07-01'));
await d.close();
