import { sql, type SQL } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows, type Database } from '../../../src/core/db/client.js';
import { createPgPaperStore } from '../../../src/core/papers/paper-store.js';
import { searchPapers } from '../../../src/core/papers/search.js';
import { dayWords, newestIds, storeTiers, tierCover, type PoolScan, type Tier } from '../../../src/core/papers/search-pool.js';
import { backends } from '../../support/databases.js';
import { listedOn, makePaper } from '../../support/papers.js';

const dialect = new PgDialect();
const day = (iso: string): number => Date.parse(`${iso}T00:00:00Z`) / 86_400_000;

describe('dayWords', () => {
  it('writes a tier of days as the fewest words: whole years, whole months, then days', () => {
    expect(dayWords(day('2026-06-29'), day('2026-06-30'))).toBe("('~2026-06-29' | '~2026-06-30')");
    expect(dayWords(day('2026-06-30'), day('2026-06-30'))).toBe("'~2026-06-30'");
    expect(dayWords(day('2024-12-30'), day('2026-02-02'))).toBe(
      "('~2024-12-30' | '~2024-12-31' | '~2025' | '~2026-01' | '~2026-02-01' | '~2026-02-02')");
  });

  it('counts leap days and month ends in the calendar, not in 30-day months', () => {
    expect(dayWords(day('2024-02-01'), day('2024-02-29'))).toBe("'~2024-02'");
    expect(dayWords(day('2024-02-01'), day('2024-02-28'))).toContain("'~2024-02-28'");
    expect(dayWords(day('2023-12-01'), day('2024-03-01'))).toBe("('~2023-12' | '~2024-01' | '~2024-02' | '~2024-03-01')");
  });
});

describe('tierCover', () => {
  const store = { first: day('2015-07-18'), newest: day('2026-06-30') };

  it('walks a whole month or year for a tier inside it when fewer words cost less than the days walked again', () => {
    // June 1-14, June 15-30 walked already: one month word, and a date test drops the newer days.
    expect(tierCover(day('2026-06-01'), day('2026-06-14'), store)).toEqual({ tier: "'~2026-06'", wider: true, walked: 30, words: 1 });
    // Ten months of 2025 (November and December walked already): the year.
    expect(tierCover(day('2025-01-01'), day('2025-10-31'), store)).toEqual({ tier: "'~2025'", wider: true, walked: 365, words: 1 });
    // Two days are two words: a month would walk fifteen times the papers.
    expect(tierCover(day('2026-06-29'), day('2026-06-30'), store)).toEqual({ tier: "('~2026-06-29' | '~2026-06-30')", wider: false, walked: 2, words: 2 });
  });

  it('reaches back before the store\'s first paper for free, and into older papers only when that is much cheaper', () => {
    // The oldest tier starts mid-2015: whole years, the days before July 18 holding no paper.
    expect(tierCover(day('2015-07-18'), day('2020-12-31'), store)).toEqual({
      tier: "('~2015' | '~2016' | '~2017' | '~2018' | '~2019' | '~2020')", wider: true, walked: day('2020-12-31') - day('2015-07-18') + 1, words: 6 });
    // A since: day mid-month, a week long: its days; reading the older half of the month for
    // nothing costs more than seven words.
    expect(tierCover(day('2026-06-15'), day('2026-06-22'), store).wider).toBe(false);
  });
});

for (const backend of backends) {
  describe(`search tiers on ${backend.name}`, () => {
    let database: Database;
    const now = new Date('2026-11-28T08:00:00Z');
    const search = (text: string) => searchPapers(database.db, { text, page: 1, pageSize: 10 }, now);
    const store = () => createPgPaperStore(database.db, { now: () => now });

    beforeAll(async () => {
      database = await backend.open();
    });
    afterAll(async () => {
      await database?.close();
    });

    it('finds papers ingested after a search, newer or far older than any before, in every tier', async () => {
      const at = (iso: string) => new Date(`${iso}T12:00:00Z`);
      await store().upsert(listedOn('2024-03-01', [makePaper({ id: '2403.00001', title: 'Tiered Velorin Search', publishedAt: at('2024-03-01') })]));
      expect((await search('velorin')).hits.map((h) => h.paper.id)).toEqual(['2403.00001']);
      // More newer matches than one scan reads (the tiers run) fill the newest tiers; the old ones
      // are still found by title.
      const newer = Array.from({ length: 850 }, (_, i) => makePaper({
        id: `2611.${String(30000 + i)}`, title: `Routine study ${i}`, abstract: `Velorin appears in passing, part ${i}.`,
        publishedAt: new Date(at('2026-11-20').getTime() - i * 3_600_000),
      }));
      await store().upsert(listedOn('2026-11-20', [...newer,
        makePaper({ id: '1501.00002', title: 'Velorin Tiers Revisited', publishedAt: at('2015-01-02') })]));
      const ids = (await search('velorin tiers')).hits.map((h) => h.paper.id);
      expect(ids.slice(0, 2).sort()).toEqual(['1501.00002', '2403.00001']);
      expect((await search('velorin since:2026-11-19')).hits.map((h) => h.paper.id)).toHaveLength(10);
      expect((await search('velorin since:2026-11-21')).hits).toEqual([]);
    });

    it('walks the tiers its matches will need as one statement once it has seen how densely they match', async () => {
      // Three papers a day with the word, for sixty days before the newest paper.
      const base = Date.parse('2026-11-27T12:00:00Z');
      const daily = Array.from({ length: 180 }, (_, i) => makePaper({
        id: `2611.${String(70000 + i)}`, title: `Zentrix daily ${i}`, abstract: 'Plain text.',
        publishedAt: new Date(base - Math.floor(i / 3) * 86_400_000 - (i % 3) * 3_600_000),
      }));
      await store().upsert(listedOn('2026-11-27', daily));
      const truth = (await queryRows<{ id: string }>(database.db, sql`
        select id from papers p where p.search @@ 'zentrix'::tsquery order by published_at desc, id limit 50`)).map((r) => r.id);
      expect(truth).toHaveLength(50);
      const tiers = await storeTiers(database.db);
      // Tier by tier, this many statements would run before 50 matches were found.
      let days = 0;
      const oneByOne = tiers.spans.findIndex((span) => (days += span.days) * 3 >= 50) + 1;
      const sent: SQL[] = [];
      const execute = database.db.execute.bind(database.db);
      Object.assign(database.db, { execute: (q: SQL) => (sent.push(q), execute(q)) });
      try {
        const where = (tier?: Tier) => sql`p.search @@ ${tier === undefined ? "'zentrix'" : `'zentrix' & ${tier}`}::tsquery`;
        // A store of three papers a day, all of them matching.
        const ids = await newestIds(database.db, { where, limit: 50, postings: 1e12, matches: 0, indexes: 1, store: 3 * tiers.days, quick: false }, tiers);
        expect(ids).toEqual(truth);
      } finally {
        Object.assign(database.db, { execute });
      }
      expect(oneByOne).toBeGreaterThan(3);
      expect(sent.length).toBeLessThan(oneByOne);
    });

    it('returns the same newest matches whichever way it walks the store: one scan, tiers, or tiers then the rest', async () => {
      // 120 papers with a rare word, one every 30 days for ten years, and some without it.
      const base = Date.parse('2026-11-27T12:00:00Z');
      const spread = Array.from({ length: 160 }, (_, i) => makePaper({
        id: `2611.${String(50000 + i)}`,
        title: i % 4 === 3 ? `Survey of methods ${i}` : i % 4 === 2 ? `Methods of zorblat survey ${i}` : `Survey of zorblat methods ${i}`,
        abstract: 'Plain text.', publishedAt: new Date(base - i * 30 * 86_400_000),
      }));
      await store().upsert(listedOn('2026-11-27', spread));
      const where = (tier?: Tier) => sql`p.search @@ ${tier === undefined ? "'zorblat'" : `'zorblat' & ${tier}`}::tsquery`;
      const truth = (await queryRows<{ id: string }>(database.db, sql`
        select id from papers p where p.search @@ 'zorblat'::tsquery order by published_at desc, id limit 50`)).map((r) => r.id);
      expect(truth).toHaveLength(50);
      const tiers = await storeTiers(database.db);
      // The tiers take every day once, newest first; some walk a whole month or year.
      expect(tiers.spans.reduce((days, span) => days + span.days, 0)).toBe(tiers.days);
      for (const [i, span] of tiers.spans.entries()) {
        const older = tiers.spans[i + 1];
        if (older) expect(older.from + older.days).toBe(span.from);
      }
      expect(tiers.spans.some((span) => span.wider)).toBe(true);
      // Quick: one scan of the whole store holds every match. Tiers: tier after tier, newest first
      // (postings this many never make the rest one scan). Rest: after the first tiers, the rest of
      // the store as one scan (a store this size and postings this few make the older tiers look
      // dearer). Each path is told apart by the statements it sent.
      const paths = [['quick', true, 10, 1e7], ['tiers', false, 1e12, 1e3], ['rest', false, 10, 1e7]] as const;
      const walk = async (scan: Omit<PoolScan, 'quick' | 'postings' | 'matches' | 'indexes' | 'store'>, path: (typeof paths)[number]) => {
        const [name, quick, postings, store] = path;
        const sent: string[] = [];
        const execute = database.db.execute.bind(database.db);
        Object.assign(database.db, { execute: (q: SQL) => (sent.push(dialect.sqlToQuery(q).sql), execute(q)) });
        try {
          const ids = await newestIds(database.db, { ...scan, quick, postings, matches: 0, indexes: 1, store }, tiers);
          // The rest is bounded only above; a tier walking a whole month or year is bounded both ways.
          const walked = sent[0]?.includes('select q.id from') ? 'quick'
            : sent.some((text) => text.includes("published_at + interval '0 seconds' <") && !text.includes("interval '0 seconds' >=")) ? 'rest'
              : 'tiers';
          expect(walked).toBe(name);
          return ids;
        } finally {
          Object.assign(database.db, { execute });
        }
      };
      for (const path of paths) expect(await walk({ where, limit: 50 }, path), path[0]).toEqual(truth);
      // With a phrase to check paper by paper: the newest `limit` of the newest `checked` matches
      // that hold it, whichever way the store is walked and whichever bound stops it.
      const test = sql`p.search @@ '''zorblat'':A <-> ''method'':A'::tsquery`;
      for (const [limit, checked] of [[25, 60], [25, 30]] as const) {
        const phrased = (await queryRows<{ id: string }>(database.db, sql`
          select n.id from (select id, published_at, title_words from papers p where p.search @@ 'zorblat'::tsquery
            order by published_at desc, id limit ${checked}) n
          where n.title_words @@ '''zorblat'' <-> ''method'''::tsquery order by n.published_at desc, n.id limit ${limit}`)).map((r) => r.id);
        expect(phrased).toHaveLength(limit === 25 && checked === 60 ? 25 : 20);
        for (const path of paths) expect(await walk({ where, limit, keep: { test, checked } }, path), `${path[0]} ${checked}`).toEqual(phrased);
      }
    });
  });
}
