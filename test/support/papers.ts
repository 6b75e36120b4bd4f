import type { Paper } from '../../src/core/papers/paper.js';
import type { ListedPaper } from '../../src/core/ports.js';

let counter = 0;

/** A complete Paper with plausible values; override what a test cares about. */
export function makePaper(overrides: Partial<Paper> = {}): Paper {
  counter += 1;
  const n = String(10000 + counter).padStart(5, '0');
  return {
    id: `2611.${n}`,
    title: `A study of things number ${counter}`,
    abstract: 'We study things. Our method improves results on several benchmarks. Code is available.',
    authors: ['Ada Lovelace', 'Alan Turing', 'Grace Hopper', 'Edsger Dijkstra'],
    publishedAt: new Date('2026-11-26T17:00:00.000Z'),
    upvotes: 10,
    comments: 0,
    organization: null,
    githubRepo: null,
    githubStars: null,
    projectPage: null,
    thumbnail: null,
    aiSummary: null,
    aiKeywords: [],
    source: 'hf',
    ...overrides,
  };
}

/** Papers listed on one day, as a source would return them. */
export function listedOn(day: string, papers: Paper[]): ListedPaper[] {
  return papers.map((paper) => ({ paper, day }));
}
