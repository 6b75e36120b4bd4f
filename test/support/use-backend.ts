import { afterAll, beforeAll, beforeEach } from 'vitest';
import type { Database } from '../../src/core/db/client.js';
import { truncateAll, type Backend } from './databases.js';

// The per-file database of a suite run on each backend: opened once (a fresh PGlite takes seconds to
// migrate), emptied before every test, closed after the last. Kept apart from databases.ts, which the
// benchmarks import outside vitest.

export interface BackendDatabase {
  /** The file's database; there from the first beforeAll on. */
  readonly database: Database;
}

/**
 * Registers the hooks in the calling describe block and returns the database they open. Call it
 * before the block's own hooks: vitest runs before-hooks in order and after-hooks in reverse, so the
 * block's beforeEach sees an empty database and its afterAll runs before the close.
 */
export function useBackend(backend: Backend): BackendDatabase {
  let opened: Database | undefined;
  const database = (): Database => {
    if (!opened) throw new Error(`the ${backend.name} database is opened in beforeAll; read it from a hook or a test`);
    return opened;
  };
  beforeAll(async () => {
    opened = await backend.open();
  });
  afterAll(async () => {
    await opened?.close();
    opened = undefined;
  });
  beforeEach(async () => {
    await truncateAll(database());
  });
  return {
    get database() {
      return database();
    },
  };
}
