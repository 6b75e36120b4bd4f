import { afterAll, beforeAll, beforeEach } from 'vitest';
import type { Database } from '../../src/core/db/client.js';
import { truncateAll, type Backend } from './databases.js';

// What the tests of a describe block share: a running harness (a database, a fake platform, a real
// adapter) or just a database. Starting one takes a second or more (a fresh PGlite migrates), emptying
// its tables a few milliseconds. Kept apart from databases.ts, which the benchmarks import outside vitest.

interface Harness {
  readonly database: Database;
  close(): Promise<void>;
}

/**
 * Starts the harness before the block's first test and closes it after its last; before each test
 * empties its tables and calls `reset` (the fake forgets what reached it, the clock goes back). The
 * returned object is that harness from the first beforeAll on. Call it before the block's own hooks,
 * which then run after the reset.
 */
export function useHarness<H extends Harness>(start: () => Promise<H>, reset: (harness: H) => void): H {
  let started: H | undefined;
  const harness = (): H => {
    if (!started) throw new Error('the harness starts in beforeAll; use it from a hook or a test');
    return started;
  };
  beforeAll(async () => {
    started = await start();
  });
  beforeEach(async () => {
    await truncateAll(harness().database);
    reset(harness());
  });
  afterAll(async () => {
    await started?.close();
    started = undefined;
  });
  // Reads go to the running harness; an assignment to the stand-in itself would go nowhere, so it throws.
  return new Proxy({} as H, { get: (_, key) => Reflect.get(harness(), key), set: () => false });
}

/** The database alone: a file's suite on one backend, emptied before each test. */
export function useBackend(backend: Backend): { readonly database: Database } {
  return useHarness(async () => {
    const database = await backend.open();
    return { database, close: () => database.close() };
  }, () => {});
}
