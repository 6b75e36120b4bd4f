import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type Database, type Db } from '../../src/core/db/client.js';
import { migrate } from '../../src/core/db/migrate.js';
import type { Backend } from './databases.js';

// An embedded database that a test can stop and start again, like a server restarted under a
// running Paperboy: PGlite in a folder on disk, closed (every statement then fails with "PGlite is
// closed") and reopened on the same folder. The core holds one Db; it forwards to whichever PGlite
// is open, as a connection pool reconnects to a restarted server.

export interface ReopenableDatabase extends Database {
  stop(): Promise<void>;
  start(): Promise<void>;
  readonly running: boolean;
}

export async function openReopenablePglite(): Promise<ReopenableDatabase> {
  const dir = mkdtempSync(join(tmpdir(), 'paperboy-outage-'));
  let current = await openDatabase({ dataDir: dir });
  await migrate(current);
  let running = true;
  const db = new Proxy({} as Db, {
    get(_target, prop) {
      const target = current.db as unknown as Record<string | symbol, unknown>;
      const value = target[prop];
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
  return {
    db,
    kind: 'pglite',
    location: `${dir} (reopenable PGlite)`,
    get running() {
      return running;
    },
    async stop() {
      running = false;
      await current.close();
    },
    async start() {
      current = await openDatabase({ dataDir: dir });
      running = true;
    },
    async close() {
      if (running) await current.close();
      running = false;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A Backend whose open() hands out this one database (for harnesses that take a Backend). */
export function backendOf(database: Database): Backend {
  return { name: 'pglite', open: async () => database };
}
