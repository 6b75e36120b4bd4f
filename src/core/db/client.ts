import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { SQL } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { lockDataDir } from './data-dir-lock.js';
import * as schema from './schema.js';

/** The one database type every store is written against: PGlite and postgres.js both extend it. */
export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;

export interface Database {
  readonly db: Db;
  /** 'pglite' (embedded, in a data folder or in memory) or 'postgres' (a server through postgres.js). */
  readonly kind: 'pglite' | 'postgres';
  /** Where the data lives, safe to print (no password). */
  readonly location: string;
  close(): Promise<void>;
}

export interface OpenOptions {
  /** postgres:// URL; when absent the embedded PGlite is used. */
  url?: string | undefined;
  /** PGlite data folder; 'memory://' keeps it in memory. */
  dataDir?: string;
  /** postgres.js pool size. */
  maxConnections?: number;
}

/** Opens the database the config asks for. Callers then run migrate(). */
export async function openDatabase(options: OpenOptions): Promise<Database> {
  if (options.url) {
    const { default: postgres } = await import('postgres');
    const { drizzle } = await import('drizzle-orm/postgres-js');
    const client = postgres(options.url, {
      max: options.maxConnections ?? 10,
      onnotice: () => {},
      connect_timeout: 10,
      // Sessions in UTC whatever the server's default: day arithmetic never follows the server's zone.
      connection: { TimeZone: 'UTC' },
    });
    const db = drizzle({ client, schema }) as unknown as Db;
    return {
      db,
      kind: 'postgres',
      location: redactUrl(options.url),
      close: () => client.end({ timeout: 5 }),
    };
  }
  const { PGlite } = await import('@electric-sql/pglite');
  const { pg_trgm } = await import('@electric-sql/pglite/contrib/pg_trgm');
  const { drizzle } = await import('drizzle-orm/pglite');
  const dataDir = options.dataDir ?? './data';
  const inMemory = dataDir.startsWith('memory://');
  if (!inMemory) mkdirSync(dataDir, { recursive: true });
  const release = inMemory ? async () => {} : await lockDataDir(resolve(dataDir));
  let client;
  try {
    client = await PGlite.create(inMemory ? dataDir : resolve(dataDir), { extensions: { pg_trgm } });
  } catch (error) {
    await release();
    throw error;
  }
  const db = drizzle({ client, schema }) as unknown as Db;
  return {
    db,
    kind: 'pglite',
    location: inMemory ? 'in memory (embedded)' : `${resolve(dataDir)} (embedded PGlite)`,
    close: async () => {
      try {
        await client.close();
      } finally {
        await release();
      }
    },
  };
}

/** Runs a raw statement and returns its rows, whichever driver is underneath. */
export async function queryRows<T>(db: Db, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown;
  if (Array.isArray(result)) return result as T[];
  return ((result as { rows?: T[] }).rows ?? []) as T[];
}

/** postgres://user:secret@host/db -> postgres://user:***@host/db */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'postgres://(unparseable URL)';
  }
}
