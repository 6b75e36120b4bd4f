import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { openDatabase, queryRows, type Database } from '../../src/core/db/client.js';
import { migrate } from '../../src/core/db/migrate.js';

// One suite, two backends: PGlite always; the Postgres server too when TEST_DATABASE_URL is set.

export interface Backend {
  name: 'pglite' | 'postgres';
  /** A fresh, migrated, empty database of its own (a new PGlite, or a new database on the server). */
  open(): Promise<Database>;
}

const serverUrl = process.env.TEST_DATABASE_URL?.trim() || undefined;

export const backends: Backend[] = [
  { name: 'pglite', open: openPglite },
  ...(serverUrl ? [{ name: 'postgres' as const, open: () => openServer(serverUrl) }] : []),
];

async function openPglite(): Promise<Database> {
  const database = await openDatabase({ dataDir: 'memory://' });
  await migrate(database);
  return database;
}

/** Creates a throwaway database next to TEST_DATABASE_URL's and drops it on close. */
export async function openServer(url: string, options: { maxConnections?: number } = {}): Promise<Database> {
  const { default: postgres } = await import('postgres');
  const admin = postgres(url, { max: 1, onnotice: () => {} });
  const name = `paperboy_test_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  try {
    await admin.unsafe(`create database ${name}`);
  } finally {
    await admin.end({ timeout: 5 });
  }
  const target = new URL(url);
  target.pathname = `/${name}`;
  const database = await openDatabase({ url: target.toString(), maxConnections: options.maxConnections ?? 5 });
  await migrate(database);
  return {
    ...database,
    /** The throwaway database's URL, for tests that start a second process on it. */
    location: target.toString(),
    close: async () => {
      await database.close();
      const cleanup = postgres(url, { max: 1, onnotice: () => {} });
      try {
        await cleanup.unsafe(`drop database if exists ${name} with (force)`);
      } finally {
        await cleanup.end({ timeout: 5 });
      }
    },
  };
}

/**
 * Empties every table of the database (whatever tables the migrations made), so the tests of a file
 * can share one database: opening and migrating a fresh PGlite takes seconds.
 */
export async function truncateAll(database: Database): Promise<void> {
  const rows = await queryRows<{ tablename: string }>(database.db, sql`select tablename from pg_tables where schemaname = 'public'`);
  if (rows.length === 0) return;
  const names = rows.map((r) => `"${r.tablename.replace(/"/g, '""')}"`).join(', ');
  await database.db.execute(sql.raw(`truncate ${names} restart identity cascade`));
}
