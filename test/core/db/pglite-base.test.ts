import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase, queryRows, type Database } from '../../../src/core/db/client.js';
import { migrate } from '../../../src/core/db/migrate.js';
import { initFromBase, isEmptyDataDir } from '../../../src/core/db/pglite-base.js';
import { pgliteSettings } from '../../../src/core/db/pglite-settings.js';

// A new embedded database starts from assets/pglite-base.tar.gz, not initdb; it runs with the
// small-machine settings, and PAPERBOY_DB_CACHE_MB raises them.

const setting = async (database: Database, name: string) =>
  (await queryRows<{ v: string }>(database.db, sql`select current_setting(${name}) as v`))[0]?.v;

describe('embedded database start-up', () => {
  const dirs: string[] = [];
  const tempDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'paperboy-base-'));
    dirs.push(dir);
    return dir;
  };
  afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  it('creates a new data folder from the shipped base (run `npm run db:base` after a Postgres major upgrade)', async () => {
    const dir = tempDir();
    const warnings: string[] = [];
    const first = await openDatabase({ dataDir: dir, warn: (message) => warnings.push(message) });
    try {
      expect(warnings).toEqual([]);
      expect(first.created).toBe('base');
      expect(readdirSync(dir)).not.toContain('.paperboy-base');
      expect((await migrate(first)).applied).toBeGreaterThan(0);
      expect(await setting(first, 'shared_buffers')).toBe('16MB');
      expect(await setting(first, 'work_mem')).toBe('2MB');
      expect(await setting(first, 'TimeZone')).toBe('UTC');
    } finally {
      await first.close();
    }
    const again = await openDatabase({ dataDir: dir, cacheMb: 64 });
    try {
      expect(again.created).toBeUndefined();
      expect((await migrate(again)).applied).toBe(0);
      expect(await setting(again, 'shared_buffers')).toBe('64MB');
      expect(await setting(again, 'work_mem')).toBe('8MB');
      expect(await setting(again, 'maintenance_work_mem')).toBe('32MB');
    } finally {
      await again.close();
    }
  });

  it('leaves a folder as it found it when the base cannot be used, so initdb can run', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'notes.txt'), 'mine');
    const junk = join(tempDir(), 'not-a-tarball.tar.gz');
    writeFileSync(junk, 'this is not gzip');
    const result = await initFromBase(dir, pgliteSettings(), junk);
    expect(result.ok).toBe(false);
    expect(readdirSync(dir)).toEqual(['notes.txt']);
    expect(isEmptyDataDir(dir)).toBe(true);
    expect((await initFromBase(dir, pgliteSettings(), join(dir, 'missing.tar.gz'))).ok).toBe(false);
  });
});
