import { openDatabase } from './src/core/db/client.js';
import { searchPapers } from './src/core/papers/search.js';
import { buildModel } from './bench/corpus.js';
import { benchQueries } from './bench/search-queries.js';
const d = await openDatabase({ dataDir: new URL('./bench/tmp/pglite-100k', import.meta.url).pathname });
const qs = benchQueries(buildModel());
const now = new Date('2026-07-01');
for (const q of qs) await searchPapers(d.db, { text: q.text, page: 1, pageSize: 10 }, now);
const t: Record<string, number[]> = {};
const slow: string[] = [];
for (const q of qs) {
  const s = performance.now();
  await searchPapers(d.db, { text: q.text, page: 1, pageSize: 10 }, now);
  const ms = performance.now() - s;
  (t[q.kind] ??= []).push(ms);
  if (ms > 90) slow.push(`${ms.toFixed(0)} ${q.kind} ${q.text}`);
}
for (const [k, v] of Object.entries(t)) { v.sort((a, b) => a - b); console.log(k, 'p50', v[Math.floor(v.length / 2)]!.toFixed(1), 'p95', v[Math.floor(v.length * 0.95)]!.toFixed(1)); }
console.log(slow.join('\n'));
await d.close();
