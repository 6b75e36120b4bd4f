import cron from 'node-cron';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../../src/core/db/client.js';
import { createPgRunCoordinator } from '../../../src/core/delivery/run-coordinator.js';
import { backends } from '../../support/databases.js';

describe.each(backends)('cron run coordinator on $name', (backend) => {
  let database: Database;
  beforeAll(async () => {
    database = await backend.open();
  });
  afterAll(async () => database.close());

  it('lets exactly one instance run each fire', async () => {
    const a = createPgRunCoordinator(database.db, 'a');
    const b = createPgRunCoordinator(database.db, 'b');
    const results = await Promise.all([a.shouldRun('job:1', 60_000), b.shouldRun('job:1', 60_000)]);
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await b.shouldRun('job:2', 60_000)).toBe(true);
    expect(await a.shouldRun('job:2', 60_000)).toBe(false);
  });

  it('makes two node-cron tasks with the same name run once per fire', async () => {
    let runs = 0;
    const options = (holder: string) => ({
      name: 'paperboy-test-job',
      distributed: true,
      runCoordinator: createPgRunCoordinator(database.db, holder),
      distributedLease: 5_000,
    });
    const one = cron.schedule('* * * * * *', () => void (runs += 1), options('one'));
    const two = cron.schedule('* * * * * *', () => void (runs += 1), options('two'));
    await new Promise((r) => setTimeout(r, 3_500));
    await one.destroy();
    await two.destroy();
    // About three fires in 3.5 s; each ran once, never twice.
    expect(runs).toBeGreaterThanOrEqual(2);
    expect(runs).toBeLessThanOrEqual(4);
  });
});
