import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows, type Database } from '../../../src/core/db/client.js';
import type { Paper } from '../../../src/core/papers/paper.js';
import { createPgPaperStore } from '../../../src/core/papers/paper-store.js';
import { searchPapers, similarPapers } from '../../../src/core/papers/search.js';
import type { SearchResult } from '../../../src/core/ports.js';
import { backends } from '../../support/databases.js';
import { listedOn, makePaper } from '../../support/papers.js';

// The test's clock: the search's freshness tie-breaker reads it.
const now = new Date('2026-11-28T08:00:00Z');

// One corpus, every backend: what users type must find the right papers in the right order.

const day = new Date('2026-11-20T12:00:00Z');
const older = new Date('2023-01-10T12:00:00Z');
const filler = 'We evaluate on standard benchmarks and report results.';

// Default authors of makePaper are famous names; these papers get plain ones unless a test needs more.
const paper = (overrides: Partial<Paper>): Paper => makePaper({ authors: ['Sam Example', 'Kim Sample'], ...overrides });

function corpus(): Paper[] {
  return [
    paper({ id: '2611.00001', title: 'Diffusion Models Beat GANs on Image Synthesis', abstract: `A generative model study. ${filler}`, publishedAt: day }),
    paper({ id: '2611.00002', title: 'Scaling Image Generators', abstract: `Diffusion diffusion diffusion: we scale diffusion samplers with diffusion guidance. ${filler}`, publishedAt: day }),
    paper({ id: '2611.00003', title: 'Sparse Routing Networks', abstract: `A sparse mixture of experts layer routes tokens. ${filler}`, upvotes: 5, publishedAt: day }),
    paper({ id: '2611.00004', title: 'Sparse Routing Networks', abstract: `A sparse mixture of experts layer routes tokens. ${filler}`, upvotes: 80, publishedAt: day }),
    paper({ id: '2611.00005', title: 'Experts in the Wild', abstract: `Human experts label a mixture dataset of photos. ${filler}`, publishedAt: day }),
    paper({ id: '2611.00006', title: 'Quantization of LLM Weights to Four Bits', abstract: `Post-training quantization for LLM inference. ${filler}`, publishedAt: day }),
    paper({ id: '2611.00007', title: 'Quantization of Vision Transformers', abstract: `Quantization for image classifiers. ${filler}`, publishedAt: day }),
    paper({ id: '2611.00008', title: 'Knowledge Distillation Revisited', abstract: `Distillation from a large teacher. ${filler}`, publishedAt: day,
      authors: ['Grace Hopper', 'Alan Turing'], organization: 'Google DeepMind', aiKeywords: ['teacher', 'student'] }),
    paper({ id: '2301.00009', title: 'Knowledge Distillation for Speech', abstract: `Distillation of speech recognizers. ${filler}`, publishedAt: older,
      authors: ['Ada Lovelace'], organization: 'Meta AI' }),
    paper({ id: '2611.00010', title: 'Compilers for 50%_Off Hardware', abstract: `A compiler paper. ${filler}`, publishedAt: day,
      authors: ['Edsger Dijkstra'], organization: 'ACME 100% Labs' }),
    ...Array.from({ length: 23 }, (_, i) => paper({
      id: `2610.${String(20000 + i)}`,
      title: `Benchmarking Agents Volume ${i + 1}`,
      abstract: `An agentic evaluation suite, part ${i + 1}. ${filler}`,
      upvotes: i,
      publishedAt: day,
    })),
  ];
}

const hostile = [
  '', ' ', '\u0000', 'a\u0000b', 'x'.repeat(10_000), 'diffusion '.repeat(2_000), '!!!???...', '()[]{}<>|&!:*\\',
  "'; drop table papers; --", "' or 1=1 --", '"unterminated phrase', '-', '- - -', 'or or or', '!diffusion & | ! <->',
  "diffusion:* & 'a':A", '😀🚀', '🚀 diffusion 🔥', 'שלום עולם', 'مرحبا بالعالم', '\u202emodels\u202c', 'ｄｉｆｆｕｓｉｏｎ',
  'author:"', 'author:"\'; drop table papers; --"', 'org:%', 'org:_', 'since:2024-13-45', 'since:99999-01-01', '\ud800',
  'the of and a', 'the author:hopper', '%%%%', '\\', '$1', '${}', 'null', 'undefined', '\n\t\r', '🧑‍🔬'.repeat(300),
];

for (const backend of backends) {
  describe(`search on ${backend.name}`, () => {
    let database: Database;
    const search = (text: string, page = 1, pageSize = 10): Promise<SearchResult> =>
      searchPapers(database.db, { text, page, pageSize }, now);
    const ids = (result: SearchResult): string[] => result.hits.map((h) => h.paper.id);

    beforeAll(async () => {
      database = await backend.open();
      await createPgPaperStore(database.db, { now: () => now }).upsert(listedOn('2026-11-20', corpus()));
    });
    afterAll(async () => {
      await database?.close();
    });

    it('ranks a title match above an abstract that only mentions the word', async () => {
      const result = await search('diffusion');
      expect(ids(result).slice(0, 2)).toEqual(['2611.00001', '2611.00002']);
      expect(result.fuzzy).toBe(false);
      expect(result.problem).toBeUndefined();
    });

    it('ranks more upvotes above fewer for the same text', async () => {
      expect(ids(await search('sparse routing'))).toEqual(['2611.00004', '2611.00003']);
    });

    it('matches "quoted phrases" as phrases', async () => {
      const phrase = ids(await search('"mixture of experts"'));
      expect(phrase).toEqual(expect.arrayContaining(['2611.00003', '2611.00004']));
      expect(phrase).not.toContain('2611.00005');
      expect(ids(await search('mixture experts'))).toContain('2611.00005');
    });

    it('supports or and -exclusion', async () => {
      expect(ids(await search('quantization -llm'))).toEqual(['2611.00007']);
      const either = ids(await search('transformers or speech'));
      expect(either).toEqual(expect.arrayContaining(['2611.00007', '2301.00009']));
      expect(either).toHaveLength(2);
    });

    it('filters by author, org and since in SQL', async () => {
      expect(ids(await search('distillation author:hopper'))).toEqual(['2611.00008']);
      expect(ids(await search('distillation author:"ada lovelace"'))).toEqual(['2301.00009']);
      expect(ids(await search('distillation org:deepmind'))).toEqual(['2611.00008']);
      expect(ids(await search('distillation since:2024-01-01'))).toEqual(['2611.00008']);
      expect(ids(await search('distillation since:2023-01-10'))).toHaveLength(2);
      expect(ids(await search('author:dijkstra'))).toEqual(['2611.00010']);
      // A name's start is enough, down to one letter ("Lovelace": 'l'), and for each word of the value.
      expect(ids(await search('distillation author:hopp'))).toEqual(['2611.00008']);
      expect(ids(await search('distillation author:l'))).toEqual(['2301.00009']);
      expect(ids(await search('distillation org:"google deep"'))).toEqual(['2611.00008']);
    });

    it('takes % and _ in filters literally', async () => {
      expect(ids(await search('org:"100%"'))).toEqual(['2611.00010']);
      expect(ids(await search('org:"1_0"'))).toEqual([]);
    });

    it('finds papers despite a typo, and says the results are fuzzy', async () => {
      const result = await search('difusion');
      expect(result.fuzzy).toBe(true);
      expect(ids(result)).toContain('2611.00001');
      const typo = await search('knowlege distilation');
      expect(ids(typo)).toContain('2611.00008');
      expect(typo.fuzzy).toBe(true);
      // Past spelling variants (two letters off), trigram title similarity still finds it.
      expect(ids(await search('difffusionn'))).toContain('2611.00001');
    });

    it('pages through results with hasMore', async () => {
      const pages = [await search('agentic', 1), await search('agentic', 2), await search('agentic', 3)];
      expect(pages.map((p) => p.hits.length)).toEqual([10, 10, 3]);
      expect(pages.map((p) => p.hasMore)).toEqual([true, true, false]);
      const all = pages.flatMap(ids);
      expect(new Set(all).size).toBe(23);
      // Highest upvotes first among equal text.
      expect(all[0]).toBe('2610.20022');
      expect((await search('agentic', 9)).hits).toEqual([]);
    });

    it('reports queries made only of stop words', async () => {
      const result = await search('the of and');
      expect(result.hits).toEqual([]);
      expect(result.problem).toMatch(/too common/);
    });

    it('finds similar papers, never the paper itself', async () => {
      const result = await similarPapers(database.db, '2611.00008', 1, 5, now);
      expect(result.problem).toBeUndefined();
      expect(ids(result)[0]).toBe('2301.00009');
      expect(ids(result)).not.toContain('2611.00008');
      expect((await similarPapers(database.db, 'arXiv:2611.00008v2', 1, 5, now)).hits.length).toBeGreaterThan(0);
    });

    it('explains an unknown or malformed id for similar papers', async () => {
      expect((await similarPapers(database.db, '2612.99999', 1, 5, now)).problem).toMatch(/not in the store/);
      expect((await similarPapers(database.db, "'; drop table papers; --", 1, 5, now)).problem).toMatch(/arXiv id/);
    });

    it('never raises on hostile input, and leaves the table alone', async () => {
      for (const text of hostile) {
        const result = await search(text);
        expect(Array.isArray(result.hits), JSON.stringify(text.slice(0, 40))).toBe(true);
        expect(result.problem === undefined || result.problem.length > 0).toBe(true);
      }
      const [row] = await queryRows<{ n: number }>(database.db, sql`select count(*)::int as n from papers`);
      expect(Number(row?.n)).toBe(corpus().length);
      // Filters still work around hostile text; an empty query says what to type.
      expect((await search('')).problem).toMatch(/search for/);
      const injected = await search("' or 1=1 -- author:hopper");
      expect(injected.hits.every((h) => h.paper.authors.includes('Grace Hopper'))).toBe(true);
    });

    it('clamps silly paging values instead of failing', async () => {
      for (const [page, size] of [[0, 0], [-5, 1e9], [Number.NaN, Number.NaN], [1e9, 3]] as const) {
        const result = await search('agentic', page, size);
        expect(result.hits.length).toBeLessThanOrEqual(50);
      }
    });
  });
}
