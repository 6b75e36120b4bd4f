import { mkdirSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import { openDatabase, queryRows, type Database, type Db } from '../src/core/db/client.js';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import { migrate, migrationsFolder } from '../src/core/db/migrate.js';
import { buildModel, CORPUS_SEED, generatePaper, type CorpusModel } from './corpus.js';

// Loads the synthetic corpus into a benchmark database, or reuses one that already holds exactly
// that corpus (a marker in the papers table's comment says which seed and size it holds).

const MARKER_VERSION = 1;

export interface LoadReport {
  database: Database;
  reused: boolean;
  loadSeconds: number;
}

export type Progress = (done: number, total: number) => void;

/**
 * A database `paperboy_bench_<size>_m<migrations>` next to adminUrl's, created, migrated and filled
 * as needed. The migration count is in the name so that a branch with a new migration loads its
 * own corpus instead of migrating (and rewriting) one that other checkouts benchmark against.
 */
export async function serverCorpus(adminUrl: string, size: number, model: CorpusModel, progress?: Progress): Promise<LoadReport> {
  const name = `paperboy_bench_${sizeLabel(size)}_m${readMigrationFiles({ migrationsFolder }).length}`;
  const { default: postgres } = await import('postgres');
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    const exists = await admin`select 1 from pg_database where datname = ${name}`;
    if (exists.length === 0) await admin.unsafe(`create database ${name}`);
  } finally {
    await admin.end({ timeout: 5 });
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const database = await openDatabase({ url: url.toString(), maxConnections: 4 });
  return fill(database, size, model, 5000, progress);
}

/** A PGlite database kept in bench/tmp/pglite-<size> (git-ignored) between runs. */
export async function pgliteCorpus(size: number, model: CorpusModel, progress?: Progress): Promise<LoadReport> {
  const dir = new URL(`./tmp/pglite-${sizeLabel(size)}`, import.meta.url).pathname;
  mkdirSync(dir, { recursive: true });
  const database = await openDatabase({ dataDir: dir });
  return fill(database, size, model, 2000, progress);
}

async function fill(database: Database, size: number, model: CorpusModel, batch: number, progress?: Progress): Promise<LoadReport> {
  await migrate(database);
  const marker = `paperboy bench corpus v${MARKER_VERSION} seed ${CORPUS_SEED} size ${size}`;
  const [row] = await queryRows<{ comment: string | null; n: number }>(database.db,
    sql`select obj_description('papers'::regclass, 'pg_class') as comment, (select count(*)::int from papers) as n`);
  if (row?.comment === marker && Number(row.n) === size) return { database, reused: true, loadSeconds: 0 };

  const started = performance.now();
  await database.db.execute(sql`truncate papers cascade`);
  const indexes = await dropSecondaryIndexes(database.db);
  // Generate the next batch while the database digests earlier ones (one statement per batch);
  // on a server, two batches in flight keep two cores busy computing the tsvector column.
  const inFlight = database.kind === 'postgres' ? 2 : 1;
  const pending: Promise<unknown>[] = [];
  for (let from = 0; from < size; from += batch) {
    const rows = [];
    for (let i = from; i < Math.min(size, from + batch); i++) rows.push(generatePaper(model, i));
    if (pending.length >= inFlight) await pending.shift();
    pending.push(insertBatch(database.db, JSON.stringify(rows)));
    progress?.(Math.min(size, from + batch), size);
  }
  await Promise.all(pending);
  for (const definition of indexes) await database.db.execute(sql.raw(definition));
  await database.db.execute(sql`analyze papers`);
  await database.db.execute(sql.raw(`comment on table papers is '${marker}'`));
  return { database, reused: false, loadSeconds: (performance.now() - started) / 1000 };
}

function insertBatch(db: Db, json: string): Promise<unknown> {
  return db.execute(sql`
    insert into papers (id, title, abstract, authors, published_at, upvotes, comments, organization, ai_keywords,
                        keywords_text, source)
    select id, title, abstract, authors, published_at, upvotes, comments, organization, ai_keywords, keywords_text, source
    from json_to_recordset(${json}::json) as x(id text, title text, abstract text, authors text[],
      published_at timestamptz, upvotes int, comments int, organization text, ai_keywords text[], keywords_text text,
      source text)`);
}

/**
 * Bulk loads go faster without index upkeep: drop every index but the primary key and return the
 * definitions (read from the catalog, so they follow whatever the migrations created) to rebuild.
 */
async function dropSecondaryIndexes(db: Db): Promise<string[]> {
  const rows = await queryRows<{ name: string; definition: string }>(db, sql`
    select indexname as name, indexdef as definition from pg_indexes
    where schemaname = current_schema() and tablename = 'papers' and indexname <> 'papers_pkey'`);
  await db.execute(sql`set maintenance_work_mem = '512MB'`);
  for (const index of rows) await db.execute(sql.raw(`drop index if exists "${index.name.replace(/"/g, '""')}"`));
  return rows.map((r) => r.definition);
}

export function sizeLabel(size: number): string {
  return size >= 1_000_000 && size % 1_000_000 === 0 ? `${size / 1_000_000}m` : size % 1000 === 0 ? `${size / 1000}k` : String(size);
}

export { buildModel };
