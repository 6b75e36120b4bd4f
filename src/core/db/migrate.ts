import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import type { Database } from './client.js';

export const migrationsFolder = fileURLToPath(new URL('../../../drizzle', import.meta.url));

// Any fixed number: serializes migrations when several instances start at once on one server.
const MIGRATION_LOCK = 7_302_144_001;

export interface MigrateOptions {
  /** Called before anything is applied when migrations are pending (some rewrite a large table for minutes). */
  onPending?: (pending: number, total: number) => void;
}

/** Applies drizzle/ migrations that have not run yet. Safe to call from several processes at once. */
export async function migrate(database: Database, options: MigrateOptions = {}): Promise<{ applied: number }> {
  const total = readMigrationFiles({ migrationsFolder }).length;
  const announce = (before: number) => {
    if (total > before) options.onPending?.(total - before, total);
  };
  if (database.kind === 'pglite') {
    const { migrate: run } = await import('drizzle-orm/pglite/migrator');
    const before = await appliedCount(database);
    announce(before);
    await run(database.db as never, { migrationsFolder });
    return { applied: Math.min(total, total - before) };
  }
  // postgres.js: one reserved connection holds an advisory lock while the pool migrates, so
  // instances starting together take turns.
  const client = (database.db as unknown as { $client: import('postgres').Sql }).$client;
  const reserved = await client.reserve();
  try {
    await reserved`select pg_advisory_lock(${MIGRATION_LOCK})`;
    const { migrate: run } = await import('drizzle-orm/postgres-js/migrator');
    const before = await appliedCount(database);
    announce(before);
    await run(database.db as never, { migrationsFolder });
    return { applied: Math.max(0, total - before) };
  } finally {
    await reserved`select pg_advisory_unlock(${MIGRATION_LOCK})`.catch(() => {});
    reserved.release();
  }
}

async function appliedCount(database: Database): Promise<number> {
  try {
    const result = (await database.db.execute(sql`select count(*)::int as n from drizzle.__drizzle_migrations`)) as unknown;
    const rows = Array.isArray(result) ? result : ((result as { rows: unknown[] }).rows ?? []);
    return Number((rows[0] as { n?: number } | undefined)?.n ?? 0);
  } catch {
    return 0;
  }
}
