import { sql, type SQL } from 'drizzle-orm';
import { openDatabase, type Db } from '../src/core/db/client.js';
import { searchPapers } from '../src/core/papers/search.js';
import { buildModel, NEWEST } from './corpus.js';
import { benchQueries } from './search-queries.js';
import { percentile } from './stats.js';

// Where a search's time goes, query by query, on a corpus the search benchmark loaded:
//   node --import tsx bench/search-profile.ts <postgres-url | pglite-dir> [kind|all] ["query text" to EXPLAIN]
// e.g. bench/tmp/pglite-100k, or postgres://root@127.0.0.1:5432/paperboy_bench_1m_m12. Prints the
// slowest queries (TOP, default 25) with each statement's milliseconds, then p50/p95 per kind and
// in all of the second pass over the benchmark's queries (the first warms caches); with a query's
// text, EXPLAIN ANALYZE of its statements (STMT=i for one). A tool for a quiet machine: figures
// under load mislead.
const target = process.argv[2] ?? '';
const kindFilter = process.argv[3] && process.argv[3] !== 'all' ? process.argv[3] : undefined;
const explainText = process.argv[4];
const database = await openDatabase(target.startsWith('postgres') ? { url: target, maxConnections: 4 } : { dataDir: target, cacheMb: Number(process.env.CACHE_MB ?? 16) });
const db = database.db;
const model = buildModel();
const queries = benchQueries(model).filter((q) => !kindFilter || q.kind === kindFilter);
let log: { ms: number; q: SQL }[] = [];
const orig = db.execute.bind(db);
(db as unknown as { execute: (q: SQL) => Promise<unknown> }).execute = async (q: SQL) => {
  const t = performance.now();
  const r = await orig(q);
  log.push({ ms: performance.now() - t, q });
  return r;
};
const run = (text: string) => searchPapers(db, { text, page: 1, pageSize: 10 }, new Date(NEWEST));
for (const q of queries) await run(q.text);
const rows: { text: string; kind: string; ms: number; stmts: number[]; hits: number }[] = [];
const stmtsOf = new Map<string, SQL[]>();
for (const q of queries) {
  log = [];
  const t = performance.now();
  const r = await run(q.text);
  const ms = performance.now() - t;
  rows.push({ text: q.text, kind: q.kind, ms, stmts: log.map((l) => Math.round(l.ms * 10) / 10), hits: r.hits.length });
  stmtsOf.set(q.text, log.map((l) => l.q));
}
rows.sort((a, b) => b.ms - a.ms);
for (const r of rows.slice(0, Number(process.env.TOP ?? 25))) console.log(r.ms.toFixed(1).padStart(7), r.kind.padEnd(9), JSON.stringify(r.text).padEnd(40), r.hits, r.stmts.join(' '));
// The benchmark's own percentiles (nearest rank), per kind and in all.
const p50p95 = (of: number[]): string => `${percentile(of, 50).toFixed(1)}/${percentile(of, 95).toFixed(1)}`;
console.log([...new Set(rows.map((r) => r.kind))].map((kind) => `${kind} ${p50p95(rows.filter((r) => r.kind === kind).map((r) => r.ms))}`).join(', '));
console.log('p50/p95', p50p95(rows.map((r) => r.ms)));
if (explainText) {
  const stmts = stmtsOf.get(explainText) ?? [];
  const which = Number(process.env.STMT ?? -1);
  for (const [i, s] of stmts.entries()) {
    if (which >= 0 && i !== which) continue;
    const res = await orig(sql`explain (analyze, buffers, verbose off) ${s}`) as unknown;
    const lines = Array.isArray(res) ? res : (res as { rows: unknown[] }).rows;
    console.log(`---- stmt ${i}`);
    for (const l of lines as Record<string, string>[]) console.log(Object.values(l)[0]);
  }
}
await database.close();
