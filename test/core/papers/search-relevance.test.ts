import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../../src/core/db/client.js';
import type { Paper } from '../../../src/core/papers/paper.js';
import { createPgPaperStore } from '../../../src/core/papers/paper-store.js';
import { BODY_CANDIDATES, TITLE_CANDIDATES } from '../../../src/core/papers/search-pages.js';
import { searchPapers } from '../../../src/core/papers/search.js';
import type { SearchResult } from '../../../src/core/ports.js';
import { backends } from '../../support/databases.js';
import { listedOn, makePaper } from '../../support/papers.js';

// The misses issue 9 traced, one test each: a known item must come first whatever its age, however
// many newer papers mention its words, whatever punctuation its name has.

const now = new Date('2026-11-28T12:00:00Z');
const recent = new Date('2026-11-20T12:00:00Z');
const yearOld = new Date('2025-11-10T12:00:00Z');
const old = new Date('2023-03-01T12:00:00Z');

const paper = (overrides: Partial<Paper>): Paper => makePaper({ authors: ['Sam Example'], upvotes: 5, publishedAt: recent, ...overrides });

// More newer papers mentioning the words than search scores by date: the old titles below must be
// found through the title index, not among the newest matches.
const crowd = Array.from({ length: BODY_CANDIDATES + 60 }, (_, i) => paper({
  id: `2611.${String(30000 + i)}`,
  title: `Agent Study Number ${i + 1}`,
  abstract: `We report enhanced mathematical reasoning and accurate modeling of dynamic dependency in agent number ${i + 1}.`,
  upvotes: 50 + (i % 40),
}));

// Newer still, with the words only in their abstracts: the newest matches in any field are these,
// the newest title matches the crowd's, so a broad query has both candidate sets in full.
const mentions = Array.from({ length: BODY_CANDIDATES + 10 }, (_, i) => paper({
  id: `2611.${String(40000 + i)}`,
  title: `Field Report ${i + 1}`,
  abstract: `An agent study of field report ${i + 1}.`,
  publishedAt: new Date(recent.getTime() + 3_600_000),
  upvotes: 1,
}));

function corpus(): Paper[] {
  return [
    ...crowd,
    ...mentions,
    paper({ id: '2303.00001', title: 'Enhanced Mathematical Reasoning with Verifier Feedback', abstract: 'Verifiers help.', publishedAt: old, upvotes: 1 }),
    paper({ id: '2303.00002', title: 'Modeling Dynamic Dependency for Sequential Recommendation', abstract: 'Recommenders.', publishedAt: old, upvotes: 0 }),
    paper({ id: '2303.00003', title: 'Fast Neural Potentials', abstract: 'An accurate potential for molecules.', publishedAt: old, authors: ['Jan Fauber', 'Kim Sample'] }),
    paper({ id: '2303.00004', title: 'Accurate Force Fields at Scale', abstract: 'Force fields.', publishedAt: old, authors: ['R. Fauber'] }),
    paper({ id: '2607.00005', title: 'FusionAudio-1.2M: Towards Fine-grained Audio Captioning', abstract: 'An audio corpus.', publishedAt: yearOld }),
    paper({ id: '2607.00006', title: 'A.S.E: A Repository-Level Benchmark for Evaluating Security in AI-Generated Code', abstract: 'Security.', publishedAt: yearOld }),
    paper({ id: '2607.00007', title: 'CoAct-1: Computer-using Agents with Coding as Actions', abstract: 'Agents act.', publishedAt: yearOld }),
    paper({ id: '2607.00008', title: 'COLLEAGUE.SKILL: Distilling Expertise into Agent Skills', abstract: 'Skills.', publishedAt: yearOld }),
    // Same subject, one a year old with the words in its title, one new and well voted with them
    // only in its abstract: the title match wins, the tie-breakers do not halve it.
    paper({ id: '2511.00009', title: 'Sparse Photon Tomography', abstract: 'Imaging.', publishedAt: yearOld, upvotes: 2 }),
    paper({ id: '2611.00010', title: 'Imaging at Scale', abstract: 'We revisit sparse photon tomography for imaging.', publishedAt: recent, upvotes: 400 }),
    // Stemming makes "rendering" match "render": the title holding the word as typed comes first,
    // although its cousin is shorter, newer and better voted.
    paper({ id: '2511.00011', title: 'Graph Rendering for Molecule Viewers', abstract: 'Viewers.', publishedAt: yearOld, upvotes: 1 }),
    paper({ id: '2611.00012', title: 'Graph Render Toolkit', abstract: 'Toolkits.', publishedAt: recent, upvotes: 300 }),
    // Slash-joined words are one token to Postgres' parser ('yes/no') unless split on both sides.
    paper({ id: '2607.00013', title: 'TurtleBench: Evaluating Top Language Models via Real-World Yes/No Puzzles',
      abstract: 'Its RFT-core unifies synchronous/asynchronous and on-policy/off-policy training.', publishedAt: yearOld }),
  ];
}

for (const backend of backends) {
  describe(`search relevance on ${backend.name}`, () => {
    let database: Database;
    const search = (text: string): Promise<SearchResult> => searchPapers(database.db, { text, page: 1, pageSize: 10 }, now);
    const ids = (result: SearchResult): string[] => result.hits.map((h) => h.paper.id);

    beforeAll(async () => {
      database = await backend.open();
      await createPgPaperStore(database.db).upsert(listedOn('2026-11-20', corpus()));
    }, 60_000);
    afterAll(async () => {
      await database?.close();
    });

    it('finds an old paper by its title words although hundreds of newer abstracts use them', async () => {
      expect(ids(await search('enhanced mathematical reasoning'))[0]).toBe('2303.00001');
      expect(ids(await search('modeling dynamic dependency'))[0]).toBe('2303.00002');
    });

    it('filters by a rare author through the index, not among the newest word matches', async () => {
      expect(ids(await search('author:Fauber accurate')).sort()).toEqual(['2303.00003', '2303.00004']);
      expect(ids(await search('Fauber accurate')).slice(0, 2).sort()).toEqual(['2303.00003', '2303.00004']);
      // A filter matches names from the start of a word: "auber" is inside Fauber, not a name.
      expect(ids(await search('author:auber accurate'))).toEqual([]);
    });

    it('tokenises names with dots, digits and hyphens as the stored titles were', async () => {
      for (const [text, id] of [['FusionAudio-1.2M', '2607.00005'], ['A.S.E', '2607.00006'], ['CoAct-1', '2607.00007'],
        ['COLLEAGUE.SKILL', '2607.00008'], ['fusionaudio-1.2m captioning', '2607.00005'], ['coact-1 agents', '2607.00007']]) {
        expect(ids(await search(text ?? ''))[0], text).toBe(id);
      }
    });

    it('finds words a slash joins, typed alone or joined', async () => {
      for (const text of ['turtlebench yes puzzles', 'Yes/No puzzles', 'no puzzles', 'rft-core synchronous off-policy', 'on-policy/off-policy']) {
        expect(ids(await search(text)), text).toEqual(['2607.00013']);
      }
    });

    it('keeps a year-old title match above a new, better-voted abstract mention', async () => {
      expect(ids(await search('sparse photon tomography'))).toEqual(['2511.00009', '2611.00010']);
    });

    it('ranks the title holding a word as typed above one holding only its stem', async () => {
      expect(ids(await search('graph rendering')).slice(0, 2)).toEqual(['2511.00011', '2611.00012']);
    });

    it('still orders equal text by upvotes and freshness', async () => {
      const top = ids(await search('agent study'));
      expect(top).toHaveLength(10);
      // Same text, same date: the most voted of the crowd (upvotes 89) first.
      expect(top[0]).toBe('2611.30039');
    });

    it('pages past the reranked best without repeating or skipping a paper', async () => {
      const pages = await Promise.all([1, 2, 3, 4].map((page) => searchPapers(database.db, { text: 'agent study', page, pageSize: 50 }, now)));
      const all = pages.flatMap(ids);
      expect(all).toHaveLength(TITLE_CANDIDATES + BODY_CANDIDATES);
      expect(new Set(all).size).toBe(TITLE_CANDIDATES + BODY_CANDIDATES);
    });
  });
}
