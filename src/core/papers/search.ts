import type { Db } from '../db/client.js';
import type { SearchRequest, SearchResult } from '../ports.js';
import { empty, fuzzyPage, paging, rankedPage } from './search-pages.js';
import { fuzzyWords, parseSearchQuery, SEARCH_EXAMPLE } from './search-query.js';

export { similarPapers } from './search-similar.js';

// Search: full text on the weighted tsvector, ranked by relevance x upvotes x recency; when full
// text finds less than a page, typo-tolerant title matches (pg_trgm) fill the rest of page one and
// the pages after it. One statement per step, identical on PGlite and a Postgres server.

export async function searchPapers(db: Db, request: SearchRequest): Promise<SearchResult> {
  const { page, pageSize } = paging(request.page, request.pageSize);
  const query = parseSearchQuery(typeof request.text === 'string' ? request.text : '');
  if (query.problem) return empty(query.problem);

  const offset = (page - 1) * pageSize;
  const ranked = await rankedPage(db, query, {}, offset, pageSize + 1);
  if (query.terms !== '' && ranked.nodes === 0) {
    return empty(`"${Array.from(query.terms).slice(0, 60).join("")}" only has words too common to search for; add a more specific one, ${SEARCH_EXAMPLE}.`);
  }
  // Full text found at least a page: plain paging through the ranked pool.
  if (ranked.total >= pageSize || query.terms === '') {
    return { hits: ranked.hits.slice(0, pageSize), hasMore: ranked.hits.length > pageSize, fuzzy: false };
  }
  // Full text found little: its hits (all on page one) come first, then typo-tolerant title matches.
  const words = fuzzyWords(query.terms);
  if (words.length < 3) return { hits: ranked.hits.slice(0, pageSize), hasMore: false, fuzzy: false };
  const fuzzyOffset = Math.max(0, offset - ranked.total);
  const room = pageSize + 1 - ranked.hits.length;
  const fuzzyHits = await fuzzyPage(db, query, words, fuzzyOffset, room);
  const hits = [...ranked.hits, ...fuzzyHits];
  return { hits: hits.slice(0, pageSize), hasMore: hits.length > pageSize, fuzzy: fuzzyHits.length > 0 };
}
