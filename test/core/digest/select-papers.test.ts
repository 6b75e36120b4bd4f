import { describe, expect, it } from 'vitest';
import { rankListings, selectPapers } from '../../../src/core/digest/select-papers.js';

const ranked = rankListings([
  { paperId: 'b', upvotes: 10 },
  { paperId: 'a', upvotes: 10 },
  { paperId: 'c', upvotes: 50 },
  { paperId: 'd', upvotes: 2 },
]);
const matches = new Map([
  ['diffusion', new Set(['a', 'c'])],
  ['"mixture of experts"', new Set(['b', 'c'])],
]);

describe('selectPapers', () => {
  it('ranks by upvotes, then id', () => {
    expect(ranked.map((l) => l.paperId)).toEqual(['c', 'a', 'b', 'd']);
  });

  it('keeps papers matching any topic and says which topics, in the order typed', () => {
    const chosen = selectPapers({ topics: ['"Mixture of Experts"', 'Diffusion'], maxPapers: 10, minUpvotes: 0 }, ranked, matches);
    expect(chosen).toEqual([
      { paperId: 'c', upvotes: 50, matchedTopics: ['"Mixture of Experts"', 'Diffusion'] },
      { paperId: 'a', upvotes: 10, matchedTopics: ['Diffusion'] },
      { paperId: 'b', upvotes: 10, matchedTopics: ['"Mixture of Experts"'] },
    ]);
  });

  it('takes every paper when there are no topics, honouring the cap, minimum and delivered papers', () => {
    expect(selectPapers({ topics: [], maxPapers: 10, minUpvotes: 0 }, ranked, matches).map((s) => s.paperId)).toEqual(['c', 'a', 'b', 'd']);
    expect(selectPapers({ topics: [], maxPapers: 2, minUpvotes: 0 }, ranked, matches).map((s) => s.paperId)).toEqual(['c', 'a']);
    expect(selectPapers({ topics: [], maxPapers: 10, minUpvotes: 10 }, ranked, matches).map((s) => s.paperId)).toEqual(['c', 'a', 'b']);
    expect(selectPapers({ topics: ['diffusion'], maxPapers: 10, minUpvotes: 0 }, ranked, matches, new Set(['c'])).map((s) => s.paperId)).toEqual(['a']);
  });

  it('finds nothing for a topic that matched nothing', () => {
    expect(selectPapers({ topics: ['quantum'], maxPapers: 10, minUpvotes: 0 }, ranked, matches)).toEqual([]);
  });
});
