import MiniSearch from 'minisearch';
import type { FeedPaper } from './relevance-feed.js';

// The peers Paperboy is measured against, in the same run on the same papers.
// - MiniSearch (npm `minisearch`): an in-memory BM25 index, every field indexed, the title
//   boosted, fuzzy (0.2 of the term length) and prefix matching on, terms OR-ed (its default).
// - arxiv-sanity-lite's `search_rank` (karpathy/arxiv-sanity-lite, serve.py), re-implemented
//   line for line: for each lower-cased query word, 20 points if the title contains it, 10 if
//   the joined author names do, and its count in the abstract (at most 3); substring counts, no
//   index, every paper scanned; ties broken by arXiv id descending, as Python's reverse sort of
//   (score, pid) pairs does.

export interface Peer {
  name: string;
  /** The ids of the best matches, best first, at most `limit`. */
  search(text: string, limit: number): string[];
}

export function miniSearchPeer(papers: FeedPaper[]): Peer {
  const index = new MiniSearch<FeedPaper & { authorsText: string; keywordsText: string }>({
    fields: ['title', 'abstract', 'authorsText', 'organization', 'keywordsText'],
    searchOptions: { boost: { title: 2 }, fuzzy: 0.2, prefix: true },
  });
  index.addAll(papers.map((p) => ({ ...p, authorsText: p.authors.join(' '), keywordsText: p.keywords.join(' ') })));
  return {
    name: 'minisearch',
    search: (text, limit) => index.search(text).slice(0, limit).map((r) => String(r.id)),
  };
}

export function arxivSanityPeer(papers: FeedPaper[]): Peer {
  const docs = papers.map((p) => ({
    id: p.id,
    title: p.title.toLowerCase(),
    authors: p.authors.join(' ').toLowerCase(),
    summary: p.abstract.toLowerCase(),
  }));
  return {
    name: 'arxiv-sanity-lite',
    search(text, limit) {
      const qs = text.toLowerCase().trim().split(/\s+/).filter((q) => q !== '');
      if (qs.length === 0) return [];
      const pairs: { score: number; id: string }[] = [];
      for (const doc of docs) {
        let score = 0;
        for (const q of qs) {
          if (doc.authors.includes(q)) score += 10;
          if (doc.title.includes(q)) score += 20;
          score += Math.min(3, count(doc.summary, q));
        }
        if (score > 0) pairs.push({ score, id: doc.id });
      }
      pairs.sort((a, b) => b.score - a.score || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
      return pairs.slice(0, limit).map((p) => p.id);
    },
  };
}

/** Non-overlapping occurrences, as Python's str.count. */
function count(haystack: string, needle: string): number {
  let n = 0;
  for (let at = haystack.indexOf(needle); at !== -1; at = haystack.indexOf(needle, at + needle.length)) n += 1;
  return n;
}
