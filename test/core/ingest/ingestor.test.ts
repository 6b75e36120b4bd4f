import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { sql } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { queryRows, type Database } from '../../../src/core/db/client.js';
import { createIngestor, type Ingestor } from '../../../src/core/ingest/ingestor.js';
import { createLogger } from '../../../src/core/logger.js';
import { createPgPaperStore } from '../../../src/core/papers/paper-store.js';
import { createHfSource } from '../../../src/core/sources/hf-source.js';
import { startFakeHf, type FakeHf } from '../../fakes/hf/fake-hf-server.js';
import { FIXTURE_DAY, fixtureDayItems, fixtureDayPath, itemMissing, syntheticDay } from '../../fakes/hf/payloads.js';
import { backends } from '../../support/databases.js';

describe.each(backends)('ingestor on $name', (backend) => {
  let database: Database;
  let hf: FakeHf;
  let clock: Date;
  let ingestor: Ingestor;
  let dir: string;

  beforeAll(async () => {
    database = await backend.open();
    dir = await mkdtemp(join(tmpdir(), 'paperboy-ingest-'));
  });
  afterAll(async () => {
    await database?.close();
  });
  beforeEach(async () => {
    await database.db.execute(sql`truncate papers, daily_listings, ingest_runs cascade`);
    hf = await startFakeHf({ days: { [FIXTURE_DAY]: fixtureDayItems() } });
    clock = new Date('2026-11-27T10:00:00Z');
    ingestor = makeIngestor(hf.url);
  });
  afterEach(async () => {
    await hf.close();
  });

  function makeIngestor(baseUrl: string): Ingestor {
    const logger = createLogger({ level: 'silent' });
    return createIngestor({
      db: database.db,
      papers: createPgPaperStore(database.db),
      source: createHfSource({ baseUrl, timeoutMs: 500, logger, retries: 1, backoff: { baseDelayMs: 1, maxDelayMs: 5 } }),
      logger,
      now: () => clock,
    });
  }

  const runs = () =>
    queryRows<{ day: string; status: string; stored: number; updated: number; skipped: number; error: string | null }>(
      database.db,
      sql`select day::text as day, status, stored, updated, skipped, error from ingest_runs order by id`,
    );
  const count = async (table: 'papers' | 'daily_listings') =>
    Number((await queryRows<{ n: number }>(database.db, sql`select count(*)::int as n from ${sql.raw(table)}`))[0]?.n);

  it('ingests a day, records the run, and updates on the next pass', async () => {
    expect(await ingestor.ingestDay(FIXTURE_DAY)).toEqual({ day: FIXTURE_DAY, stored: 30, updated: 0, skipped: 2, ok: true });
    expect(await ingestor.ingestDay(FIXTURE_DAY)).toEqual({ day: FIXTURE_DAY, stored: 0, updated: 30, skipped: 2, ok: true });
    expect(await runs()).toEqual([
      { day: FIXTURE_DAY, status: 'ok', stored: 30, updated: 0, skipped: 2, error: null },
      { day: FIXTURE_DAY, status: 'ok', stored: 0, updated: 30, skipped: 2, error: null },
    ]);
    expect(await count('papers')).toBe(30);
    expect(await count('daily_listings')).toBe(30);
    // The invalid items were not stored in part.
    const ids = await queryRows<{ id: string }>(database.db, sql`select id from papers where id in ('2611.29001', '2611.29002')`);
    expect(ids).toEqual([]);
  });

  it('records a failed day without throwing', async () => {
    hf.fail({ kind: 'status', status: 500 }, { times: 10 });
    const result = await ingestor.ingestDay(FIXTURE_DAY);
    expect(result).toMatchObject({ day: FIXTURE_DAY, ok: false, stored: 0 });
    expect(result.error).toMatch(/HTTP 500/);
    expect(await runs()).toMatchObject([{ day: FIXTURE_DAY, status: 'failed', error: expect.stringMatching(/HTTP 500/) }]);
    expect(await ingestor.ingestDay('2026-13-01')).toMatchObject({ ok: false, error: expect.stringMatching(/not a date/) });
  });

  it('fails a day on which every item is invalid, so a later tick looks again', async () => {
    hf.setDay('2026-11-26', [itemMissing('title'), itemMissing('upvotes', '2611.39998')]);
    expect(await ingestor.ingestDay('2026-11-26')).toMatchObject({ ok: false, skipped: 2, error: 'all 2 items were invalid' });
  });

  it('ticks today and yesterday, plus failed days of the last week, never throwing', async () => {
    hf.setDay('2026-11-23', syntheticDay('2026-11-23', 5));
    hf.setDay('2026-11-24', syntheticDay('2026-11-24', 5, 31000));
    // Earlier failures: the 23rd still failed, the 24th failed then succeeded, the 15th is too old.
    hf.fail({ kind: 'status', status: 503 }, { times: 2 });
    await ingestor.ingestDay('2026-11-23');
    hf.fail({ kind: 'status', status: 503 }, { times: 2 });
    await ingestor.ingestDay('2026-11-24');
    await ingestor.ingestDay('2026-11-24');
    hf.fail({ kind: 'status', status: 503 }, { times: 2 });
    await ingestor.ingestDay('2026-11-15');
    hf.requests.length = 0;

    const results = await ingestor.tick();
    expect(results.map((r) => [r.day, r.ok])).toEqual([
      ['2026-11-27', true],
      ['2026-11-26', true],
      ['2026-11-23', true],
    ]);
    expect(hf.requests.map((r) => r.query.date)).toEqual(['2026-11-27', '2026-11-26', '2026-11-23']);
    // Fixed now: the next tick is back to today and yesterday.
    expect((await ingestor.tick()).map((r) => r.day)).toEqual(['2026-11-27', '2026-11-26']);
  });

  it('survives the source being down and retries those days once it is back', async () => {
    const url = hf.url;
    await hf.close();
    const down = await ingestor.tick();
    expect(down.map((r) => [r.day, r.ok])).toEqual([
      ['2026-11-27', false],
      ['2026-11-26', false],
    ]);
    expect(down[0]?.error).toMatch(/network error/);
    // A day later the 26th is no longer "yesterday" but is retried because its run failed.
    clock = new Date('2026-11-28T00:30:00Z');
    hf = await startFakeHf({ days: { [FIXTURE_DAY]: fixtureDayItems() } });
    ingestor = makeIngestor(hf.url);
    expect(url).not.toBe(hf.url);
    const back = await ingestor.tick();
    expect(back.map((r) => [r.day, r.ok])).toEqual([
      ['2026-11-28', true],
      ['2026-11-27', true],
      ['2026-11-26', true],
    ]);
    expect(back[1]?.stored).toBe(30);
  });

  it('retries a day whose run died while running', async () => {
    await database.db.execute(
      sql`insert into ingest_runs (day, started_at, status) values ('2026-11-22', '2026-11-27T07:00:00Z', 'running'),
                                                               ('2026-11-21', '2026-11-27T09:45:00Z', 'running')`,
    );
    expect((await ingestor.tick()).map((r) => r.day)).toEqual(['2026-11-27', '2026-11-26', '2026-11-22']);
  });

  it('ingests a range oldest first and reports progress', async () => {
    const progress: string[] = [];
    const results = await ingestor.ingestRange('2026-11-26', FIXTURE_DAY, (done, total, last) =>
      progress.push(`${done}/${total} ${last.day} ${last.stored}`),
    );
    expect(results.map((r) => r.ok)).toEqual([true, true]);
    expect(progress).toEqual(['1/2 2026-11-26 0', `2/2 ${FIXTURE_DAY} 30`]);
    await expect(ingestor.ingestRange(FIXTURE_DAY, '2026-11-26')).rejects.toThrow(RangeError);
    await expect(ingestor.ingestRange('yesterday', FIXTURE_DAY)).rejects.toThrow(/not a date/);
  });

  it('ingests a file in the API format, listed on each item’s own day or on the day given', async () => {
    const result = await ingestor.ingestFile(fixtureDayPath);
    expect(result).toEqual({ path: fixtureDayPath, days: [FIXTURE_DAY], stored: 30, updated: 0, skipped: 2, ok: true });
    const again = await ingestor.ingestFile(fixtureDayPath, '2026-12-01');
    expect(again).toMatchObject({ days: ['2026-12-01'], stored: 0, updated: 30, skipped: 2, ok: true });
    const days = await queryRows<{ day: string; n: number }>(
      database.db,
      sql`select day::text as day, count(*)::int as n from daily_listings group by day order by day`,
    );
    expect(days).toEqual([
      { day: FIXTURE_DAY, n: 30 },
      { day: '2026-12-01', n: 30 },
    ]);
    expect(hf.requests).toEqual([]);
  });

  it('reads a gzipped file as the feed archives keep a day, whatever its name', async () => {
    const zipped = join(dir, 'day.json.gz');
    await writeFile(zipped, gzipSync(await readFile(fixtureDayPath)));
    expect(await ingestor.ingestFile(zipped)).toEqual({ path: zipped, days: [FIXTURE_DAY], stored: 30, updated: 0, skipped: 2, ok: true });
    const renamed = join(dir, 'day.json');
    await writeFile(renamed, gzipSync(await readFile(fixtureDayPath)));
    expect(await ingestor.ingestFile(renamed)).toMatchObject({ days: [FIXTURE_DAY], stored: 0, updated: 30, ok: true });
    const truncated = join(dir, 'cut.json.gz');
    await writeFile(truncated, gzipSync(await readFile(fixtureDayPath)).subarray(0, 200));
    expect(await ingestor.ingestFile(truncated)).toMatchObject({ ok: false, error: expect.stringMatching(/looks gzipped but does not decompress/) });
  });

  it('answers an unreadable file with a clear error, never a throw', async () => {
    const notJson = join(dir, 'broken.json');
    const notArray = join(dir, 'object.json');
    const allBad = join(dir, 'all-bad.json');
    await writeFile(notJson, '[{"paper": {"id": "2611.00001"');
    await writeFile(notArray, '{"papers": []}');
    await writeFile(allBad, JSON.stringify([itemMissing('title'), { hello: 'world' }]));
    expect(await ingestor.ingestFile(join(dir, 'missing.json'))).toMatchObject({ ok: false, error: expect.stringMatching(/no such file/) });
    expect(await ingestor.ingestFile(dir)).toMatchObject({ ok: false, error: expect.stringMatching(/folder/) });
    expect(await ingestor.ingestFile(notJson)).toMatchObject({ ok: false, error: expect.stringMatching(/not valid JSON/) });
    expect(await ingestor.ingestFile(notArray)).toMatchObject({ ok: false, error: expect.stringMatching(/JSON array/) });
    expect(await ingestor.ingestFile(allBad)).toMatchObject({ ok: false, stored: 0, skipped: 2 });
    expect(await ingestor.ingestFile(fixtureDayPath, '27/11/2026')).toMatchObject({ ok: false, error: expect.stringMatching(/not a date/) });
    expect(await count('papers')).toBe(0);
  });
});
