import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import type { SQL } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { lockDataDir } from './data-dir-lock.js';
import { initFromBase, isEmptyDataDir, pgliteBase } from './pglite-base.js';
import { pgliteSettings } from './pglite-settings.js';
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
  /** How an embedded database was created by this open: from the shipped base, or by initdb. */
  readonly created?: 'base' | 'initdb';
}

export interface OpenOptions {
  /** postgres:// URL; when absent the embedded PGlite is used. */
  url?: string | undefined;
  /** PGlite data folder; 'memory://' keeps it in memory. */
  dataDir?: string;
  /** postgres.js pool size. */
  maxConnections?: number;
  /** PGlite cache (shared_buffers) in MB; the other memory settings follow it. */
  cacheMb?: number;
  /** Told when a new data folder could not start from the base and initdb runs instead. */
  warn?: (message: string, fields?: Record<string, unknown>) => void;
}

/** Seconds before a reconnect after `retries` failed attempts: 0.1 s doubling, at most 2 s, jittered by up to half. */
function reconnectDelaySeconds(retries: number): number {
  return (0.5 + Math.random() / 2) * Math.min(0.1 * 2 ** retries, 2);
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
      // Reconnecting after the server went away (a restart, a failover): postgres.js's default wait
      // grows with every failed attempt of any connection in the pool, up to 20 s, so a restart of
      // a few seconds left deliveries idle for 10-20 s after the server was back. Capped at 2 s
      // (jittered), a pool of 10 still tries no more than a few times a second.
      backoff: reconnectDelaySeconds,
      // Sessions in UTC whatever the server's default: day arithmetic never follows the server's zone.
      // No JIT: every statement the bot runs is short, but search's plans carry branches that
      // rarely run (older candidate tiers) whose estimated cost passes jit_above_cost, and
      // compiling them took 250-300 ms of a 10 ms search at a million papers. (PGlite has no JIT.)
      // work_mem 16 MB (the default is 4): a search's GIN bitmap of a common word at a million
      // papers (70,000 of them) outgrew 4 MB and went lossy, and every paper on a lossy page was
      // then read and tested again (`goodness org:"UC Berkeley"`: 2,649 papers read for 1,237
      // matches, 37 ms; exact, 22 ms). A session uses it per sort or bitmap, a pool has 10.
      connection: { TimeZone: 'UTC', jit: 'off', work_mem: '16MB' },
    });
    const db = drizzle({ client, schema }) as unknown as Db;
    return {
      db,
      kind: 'postgres',
      location: redactUrl(options.url),
      close: () => client.end({ timeout: 5 }),
    };
  }
  // Baseline-compiled WebAssembly only: optimising pglite.wasm (9 MB) costs ~40 MB of resident
  // memory for good. In a side test here 100 full-text queries ran as fast; a 50,000-row GIN
  // index build took 1.4x as long.
  setFlagsFromString('--liftoff-only');
  const { PGlite } = await import('@electric-sql/pglite');
  const { pg_trgm } = await import('@electric-sql/pglite/contrib/pg_trgm');
  const { drizzle } = await import('drizzle-orm/pglite');
  const dataDir = options.dataDir ?? './data';
  const inMemory = dataDir.startsWith('memory://');
  if (!inMemory) mkdirSync(dataDir, { recursive: true });
  const release = inMemory ? async () => {} : await lockDataDir(resolve(dataDir));
  const startParams = [...PGlite.defaultStartParams, ...pgliteSettings(options.cacheMb)];
  let client;
  let created: 'base' | 'initdb' | undefined;
  try {
    if (inMemory) {
      // Tests: the base saves initdb's seconds; memory does not matter there.
      const base = pgliteBase();
      created = base ? 'base' : 'initdb';
      client = await PGlite.create(dataDir, { extensions: { pg_trgm }, startParams, ...(base ? { loadDataDir: base } : {}) });
    } else {
      if (isEmptyDataDir(resolve(dataDir))) {
        const init = await initFromBase(resolve(dataDir), startParams.slice(PGlite.defaultStartParams.length));
        created = init.ok ? 'base' : 'initdb';
        if (!init.ok) options.warn?.('new database: running initdb (slower, more memory) because the base could not be used', { error: init.error });
      }
      client = await PGlite.create(resolve(dataDir), { extensions: { pg_trgm }, startParams });
    }
  } catch (error) {
    await release();
    throw error;
  }
  const db = drizzle({ client, schema }) as unknown as Db;
  return {
    db,
    kind: 'pglite',
    location: inMemory ? 'in memory (embedded)' : `${resolve(dataDir)} (embedded PGlite)`,
    ...(created ? { created } : {}),
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
