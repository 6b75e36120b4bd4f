import { describe, expect, it } from 'vitest';
import { rankListings, selectPapers } from '../../../src/core/digest/select-papers.js';
import type { Affinity } from '../../../src/core/feedback/affinity.js';
import { rerankByVotes } from '../../../src/core/feedback/learned-rank.js';

const ranked = rankListings([
  { paperId: 'a', upvotes: 100 },
  { paperId: 'b', upvotes: 40 },
  { paperId: 'c', upvotes: 5 },
  { paperId: 'd', upvotes: 1 },
]);
const affinity = (liked: number, disliked: number, closeLiked = 0, evidence = liked - disliked): Affinity => ({
  liked,
  disliked,
  closeLiked,
  closeDisliked: disliked > 0 ? 1 : 0,
  evidence,
});

describe('rerankByVotes', () => {
  it('keeps the upvote order when votes say nothing about the day', () => {
    expect(rerankByVotes(ranked, new Map()).map((l) => l.paperId)).toEqual(['a', 'b', 'c', 'd']);
    expect(rerankByVotes(ranked, new Map([['x', affinity(1, 0, 1)]])).map((l) => l.paperId)).toEqual(['a', 'b', 'c', 'd']);
  });

  it('raises papers like the liked ones and drops papers only like the disliked ones', () => {
    const learned = new Map([
      ['c', affinity(0.9, 0, 2)],
      ['a', affinity(0, 2)],
      ['b', affinity(0.1, 0.1, 1)],
    ]);
    expect(rerankByVotes(ranked, learned).map((l) => l.paperId)).toEqual(['c', 'b', 'd']);
  });

  it('lets the words that separate liked from disliked papers outrank plain closeness', () => {
    // b is as close to the liked papers as c, but its shared words are the ones disliked papers use too.
    const learned = new Map([
      ['b', affinity(0.5, 0, 1, 0)],
      ['c', affinity(0.5, 0, 1, 2)],
    ]);
    expect(rerankByVotes(ranked, learned).map((l) => l.paperId)).toEqual(['c', 'b', 'a', 'd']);
  });

  it('does not drop a disliked-looking paper that is also close to a liked one', () => {
    const learned = new Map([['a', affinity(0, 1, 1)], ['d', affinity(0.5, 0, 1)]]);
    expect(rerankByVotes(ranked, learned).map((l) => l.paperId)).toEqual(['d', 'b', 'c', 'a']);
  });

  it('reports how many liked papers are close, and still honours the minimum upvotes', () => {
    const learned = new Map([['d', affinity(1, 0, 3)]]);
    const chosen = selectPapers({ topics: [], maxPapers: 2, minUpvotes: 2 }, ranked, new Map(), undefined, learned);
    expect(chosen).toEqual([
      { paperId: 'a', upvotes: 100, matchedTopics: [], closeLiked: 0 },
      { paperId: 'b', upvotes: 40, matchedTopics: [], closeLiked: 0 },
    ]);
    expect(selectPapers({ topics: [], maxPapers: 1, minUpvotes: 0 }, ranked, new Map(), undefined, learned)).toEqual([
      { paperId: 'd', upvotes: 1, matchedTopics: [], closeLiked: 3 },
    ]);
  });
});
