import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { queryRows, type Database, type Db } from '../../../src/core/db/client.js';
import { createPgPaperStore } from '../../../src/core/papers/paper-store.js';
import { backends } from '../../support/databases.js';
import { listedOn, makePaper } from '../../support/papers.js';

/** The same database, counting every statement the store sends. */
function counting(db: Db): { db: Db; statements: () => number } {
  let n = 0;
  const proxy = new Proxy(db, {
    get(target, prop) {
      const value = Reflect.get(target, prop, target) as unknown;
      if (prop === 'execute' && typeof value === 'function') {
        return (...args: unknown[]) => {
          n += 1;
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        };
      }
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
  return { db: proxy, statements: () => n };
}

describe.each(backends)('paper store on $name', (backend) => {
  let database: Database;
  let db: Db;

  beforeAll(async () => {
    database = await backend.open();
    db = database.db;
  });
  afterAll(async () => {
    await database?.close();
  });
  beforeEach(async () => {
    await db.execute(sql`truncate papers, daily_listings cascade`);
  });

  const listings = (paperId: string) =>
    queryRows<{ day: string | Date; upvotes: number }>(
      db,
      sql`select day::text as day, upvotes from daily_listings where paper_id = ${paperId} order by day`,
    );

  it('counts stored and updated papers and reads them back', async () => {
    const store = createPgPaperStore(db);
    const [a, b, c] = [makePaper(), makePaper(), makePaper()];
    expect(await store.upsert(listedOn('2026-11-26', [a!, b!]))).toEqual({ stored: 2, updated: 0 });
    expect(await store.upsert(listedOn('2026-11-27', [b!, c!]))).toEqual({ stored: 1, updated: 1 });
    const read = await store.get(a!.id);
    expect(read).toEqual(a);
    expect(await store.upsert([])).toEqual({ stored: 0, updated: 0 });
  });

  it('sends one statement per batch, however many papers', async () => {
    const { db: countingDb, statements } = counting(db);
    const store = createPgPaperStore(countingDb, { batchSize: 500 });
    const papers = Array.from({ length: 1203 }, () => makePaper());
    expect(await store.upsert(listedOn('2026-11-27', papers))).toEqual({ stored: 1203, updated: 0 });
    expect(statements()).toBe(3);
    const [row] = await queryRows<{ papers: number; listed: number }>(
      db,
      sql`select (select count(*)::int from papers) as papers, (select count(*)::int from daily_listings) as listed`,
    );
    expect(row).toEqual({ papers: 1203, listed: 1203 });
  });

  it('merges the same paper twice in one batch instead of failing the batch', async () => {
    const store = createPgPaperStore(db);
    const first = makePaper({ aiSummary: 'Kept from the first copy.', upvotes: 3 });
    const second = { ...first, id: `${first.id}v2`, aiSummary: null, upvotes: 8 };
    expect(await store.upsert([{ paper: first, day: '2026-11-27' }, { paper: second, day: '2026-11-27' }])).toEqual({
      stored: 1,
      updated: 0,
    });
    const read = await store.get(first.id);
    expect(read?.upvotes).toBe(8);
    expect(read?.aiSummary).toBe('Kept from the first copy.');
    expect(await listings(first.id)).toEqual([{ day: '2026-11-27', upvotes: 8 }]);
  });

  it('keeps the upvotes seen on each day a paper was listed', async () => {
    const store = createPgPaperStore(db);
    const paper = makePaper({ upvotes: 5 });
    await store.upsert(listedOn('2026-11-26', [paper]));
    await store.upsert(listedOn('2026-11-27', [{ ...paper, upvotes: 12 }]));
    // The feed is fetched again later in the day: that day's listing follows.
    await store.upsert(listedOn('2026-11-27', [{ ...paper, upvotes: 20 }]));
    expect(await listings(paper.id)).toEqual([
      { day: '2026-11-26', upvotes: 5 },
      { day: '2026-11-27', upvotes: 20 },
    ]);
    expect((await store.get(paper.id))?.upvotes).toBe(20);
  });

  it('never overwrites richer fields with nulls from a poorer source', async () => {
    const store = createPgPaperStore(db);
    const rich = makePaper({
      aiSummary: 'A one-line summary.',
      aiKeywords: ['mixture of experts', 'routing'],
      organization: 'University of Trento',
      githubRepo: 'https://github.com/marco-garosi/CIRCLE',
      githubStars: 9,
      projectPage: 'https://circle-lmm.github.io/',
      thumbnail: 'https://cdn-thumbnails.huggingface.co/social-thumbnails/papers/x.png',
      comments: 4,
      upvotes: 10,
    });
    await store.upsert(listedOn('2026-11-27', [rich]));
    const poor = makePaper({ id: rich.id, title: rich.title, upvotes: 11, comments: 0, authors: [], source: 'arxiv' });
    expect(await store.upsert([{ paper: poor }])).toEqual({ stored: 0, updated: 1 });
    const read = await store.get(rich.id);
    expect(read).toMatchObject({
      aiSummary: 'A one-line summary.',
      aiKeywords: ['mixture of experts', 'routing'],
      organization: 'University of Trento',
      githubRepo: 'https://github.com/marco-garosi/CIRCLE',
      githubStars: 9,
      projectPage: 'https://circle-lmm.github.io/',
      authors: rich.authors,
      source: 'hf',
      // A fetch by id carries no comment count; the listing's stays. Upvotes take the newest.
      comments: 4,
      upvotes: 11,
    });
    // A later listing does carry comments and newer keywords.
    await store.upsert(listedOn('2026-11-28', [{ ...rich, comments: 6, aiKeywords: ['sparse experts'] }]));
    expect(await store.get(rich.id)).toMatchObject({ comments: 6, aiKeywords: ['sparse experts'] });
  });

  it('keeps keywords_text in step with ai_keywords for the weighted search vector', async () => {
    const store = createPgPaperStore(db);
    const paper = makePaper({ title: 'A study', abstract: 'Nothing here.', aiKeywords: ['speculative decoding', 'KV cache'] });
    await store.upsert(listedOn('2026-11-27', [paper]));
    const [row] = await queryRows<{ keywords_text: string; hit: boolean }>(
      db,
      sql`select keywords_text, search @@ websearch_to_tsquery('english', 'speculative') as hit from papers where id = ${paper.id}`,
    );
    expect(row).toEqual({ keywords_text: 'speculative decoding KV cache', hit: true });
  });

  it('stores ids without their version and finds papers by URL or versioned id', async () => {
    const store = createPgPaperStore(db);
    const paper = makePaper({ id: '2602.23229v3' });
    await store.upsert(listedOn('2026-11-27', [paper]));
    expect((await store.get('https://arxiv.org/abs/2602.23229v1'))?.id).toBe('2602.23229');
    expect((await store.get('2602.23229v7'))?.id).toBe('2602.23229');
    expect(await store.get('2602.99999')).toBeNull();
    expect(await store.get("'; drop table papers; --")).toBeNull();
  });

  it('skips a paper with no usable id or date rather than storing part of it', async () => {
    const store = createPgPaperStore(db);
    const good = makePaper();
    const badId = makePaper({ id: 'not an id' });
    const badDate = makePaper({ publishedAt: new Date(Number.NaN) });
    expect(await store.upsert(listedOn('2026-11-27', [badId, good, badDate]))).toEqual({ stored: 1, updated: 0 });
    const [row] = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from daily_listings`);
    expect(row?.n).toBe(1);
  });
});
