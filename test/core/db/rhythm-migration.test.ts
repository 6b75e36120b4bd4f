import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase, queryRows } from '../../../src/core/db/client.js';
import { migrate, migrationsFolder } from '../../../src/core/db/migrate.js';

// 0009 on a database that already has deliveries: old rows become daily periods covering their
// day, and the ledger's key is (channel, period, key) from then on.

describe('the weekly/monthly migration on an existing ledger', () => {
  const folder = mkdtempSync(join(tmpdir(), 'paperboy-migrations-'));
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it('keeps old deliveries as daily ones and lets a weekly one share their date', async () => {
    cpSync(migrationsFolder, folder, { recursive: true });
    const journalPath = join(folder, 'meta', '_journal.json');
    const journal = JSON.parse(readFileSync(journalPath, 'utf8')) as { entries: { tag: string }[] };
    const later = journal.entries.filter((e) => e.tag >= '0009').length;
    journal.entries = journal.entries.filter((e) => e.tag < '0009');
    writeFileSync(journalPath, JSON.stringify(journal));
    const database = await openDatabase({ dataDir: 'memory://' });
    try {
      const { migrate: run } = await import('drizzle-orm/pglite/migrator');
      await run(database.db as never, { migrationsFolder: folder });
      await database.db.execute(sql`insert into channels (id, platform, workspace_id, channel_id) values (1, 'slack', 'T1', 'C1')`);
      await database.db.execute(sql`insert into deliveries (channel_id, digest_day, covers_day, slot_at, status)
        values (1, '2026-11-30', '2026-11-29', '2026-11-30T09:00:00Z', 'sent')`);

      // 0009 and whatever came after it, announced before the first is applied (a start on a large
      // store says why it takes a while).
      const announced: number[][] = [];
      const applied = await migrate(database, { onPending: (pending, total) => announced.push([pending, total]) });
      expect(applied.applied).toBe(later);
      expect(announced).toEqual([[later, journal.entries.length + later]]);
      // Nothing left: nothing announced.
      await migrate(database, { onPending: (pending, total) => announced.push([pending, total]) });
      expect(announced).toHaveLength(1);
      const [old] = await queryRows<{ period: string; covers_from: unknown; rhythm: string }>(
        database.db,
        sql`select d.period, d.covers_from::text as covers_from, c.rhythm from deliveries d join channels c on c.id = d.channel_id`,
      );
      expect(old).toEqual({ period: 'day', covers_from: '2026-11-29', rhythm: 'daily' });
      await database.db.execute(sql`insert into deliveries (channel_id, period, digest_day, covers_from, covers_day, slot_at, status)
        values (1, 'week', '2026-11-30', '2026-11-23', '2026-11-29', '2026-11-30T10:00:00Z', 'sent')`);
      await expect(
        database.db.execute(sql`insert into deliveries (channel_id, period, digest_day, covers_from, covers_day, slot_at, status)
          values (1, 'week', '2026-11-30', '2026-11-23', '2026-11-29', '2026-12-04T10:00:00Z', 'sent')`),
      ).rejects.toThrow();
    } finally {
      await database.close();
    }
  });
});
