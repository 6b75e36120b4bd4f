import type { FeedPaper } from './relevance-feed.js';
import type { KnownItemQuery, RelevanceKind } from './relevance-queries.js';

// How well any system could do on these queries by telling papers apart only by *which fields*
// hold the typed words: for each query, the papers whose fields hold them as the target's do
// (title: every word in the title; name: likewise; author: the surname among the authors' words
// and the word in the title; abstract: every word in the abstract) are a tie, and a system that
// orders a tie at random puts the target at each of its places alike. The expected reciprocal
// rank of that system, averaged per kind, is the "field-tie ceiling": a score above it needs more
// than field matches (proximity, how much of the title the words cover, exact word forms), and a
// kind whose ceiling is low is one whose queries are ambiguous as written ("Wang synthesis": ten
// papers by a Wang have "synthesis" in their title). Words are compared lower-cased and whole,
// unstemmed. Typo queries have no ceiling of their own (the misspelt word matches nothing whole).

export type CeilingKind = Exclude<RelevanceKind, 'typo'>;

export interface Ceiling {
  kind: CeilingKind | 'all but typo';
  queries: number;
  /** Queries the target shares its field matches with another paper. */
  ambiguous: number;
  hits_at_1: number;
  hits_at_10: number;
  mrr_at_10: number;
}

const words = (text: string): Set<string> => new Set(text.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter((w) => w !== ''));

export function fieldTieCeiling(papers: FeedPaper[], queries: KnownItemQuery[]): Ceiling[] {
  const fields = papers.map((p) => ({ title: words(p.title), names: words(p.authors.join(' ')), abstract: words(p.abstract) }));
  const ties = new Map<CeilingKind, number[]>();
  for (const q of queries) {
    if (q.kind === 'typo') continue;
    const typed = [...words(q.text)];
    const [surname = '', ...rest] = typed;
    const holds = q.kind === 'author'
      ? (f: (typeof fields)[number]) => f.names.has(surname) && rest.every((w) => f.title.has(w))
      : q.kind === 'abstract'
        ? (f: (typeof fields)[number]) => typed.every((w) => f.abstract.has(w))
        : (f: (typeof fields)[number]) => typed.every((w) => f.title.has(w));
    const tie = Math.max(1, fields.filter(holds).length);
    const list = ties.get(q.kind) ?? [];
    list.push(tie);
    ties.set(q.kind, list);
  }
  const summarize = (kind: CeilingKind | 'all but typo', tiesOf: number[]): Ceiling => {
    const n = Math.max(tiesOf.length, 1);
    const share = (sum: number): number => Math.round((sum / n) * 1000) / 1000;
    const rr = (k: number): number => {
      let sum = 0;
      for (let i = 1; i <= Math.min(k, 10); i++) sum += 1 / i;
      return sum / k;
    };
    return {
      kind,
      queries: tiesOf.length,
      ambiguous: tiesOf.filter((k) => k > 1).length,
      hits_at_1: share(tiesOf.reduce((s, k) => s + 1 / k, 0)),
      hits_at_10: share(tiesOf.reduce((s, k) => s + Math.min(1, 10 / k), 0)),
      mrr_at_10: share(tiesOf.reduce((s, k) => s + rr(k), 0)),
    };
  };
  const kinds = [...ties.keys()];
  return [...kinds.map((k) => summarize(k, ties.get(k) ?? [])), summarize('all but typo', kinds.flatMap((k) => ties.get(k) ?? []))];
}
