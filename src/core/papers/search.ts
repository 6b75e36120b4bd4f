import { sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import type { SearchRequest, SearchResult } from '../ports.js';
import { empty, paging, rankedPage, titleMatchPage, type Hit } from './search-pages.js';
import { excludedTerms, fuzzyWords, looseTerms, parseSearchQuery, quotedPhrases, SEARCH_EXAMPLE } from './search-query.js';
import { tsquery } from './search-ranking.js';
import { variantsTsquery } from './search-variants.js';
import { recentVocabulary } from './search-vocabulary.js';

export { similarPapers } from './search-similar.js';

// Search: full text on the weighted tsvector, ranked by relevance x upvotes x recency. When full
// text finds less than a page, typo-tolerant matches fill the rest of page one and the pages
// after it (`fuzzy: true`): first spelling variants that recent papers use, through the
// full-text index, and when those find nothing either, trigram similarity on titles (pg_trgm).
// Same statements on PGlite and a Postgres server; user text only ever reaches
// websearch_to_tsquery, as a bound parameter.

export async function searchPapers(db: Db, request: SearchRequest): Promise<SearchResult> {
  const { page, pageSize } = paging(request.page, request.pageSize);
  const query = parseSearchQuery(typeof request.text === 'string' ? request.text : '');
  if (query.problem) return empty(query.problem);

  const offset = (page - 1) * pageSize;
  const fullText = query.terms === '' ? null : tsquery(query.terms);
  const phrases = quotedPhrases(query.terms);
  const looser = looseTerms(query.terms);
  const loose = looser === undefined ? undefined : tsquery(looser);
  const ranked = await rankedPage(db, { tsquery: fullText, filters: query, walk: true, loose }, offset, pageSize + 1);
  if (fullText && ranked.nodes === 0) {
    const shown = Array.from(query.terms).slice(0, 60).join('');
    return empty(`"${shown}" only has words too common to search for; add a more specific one, ${SEARCH_EXAMPLE}.`);
  }
  if (!fullText || ranked.total >= pageSize) {
    return { hits: ranked.hits.slice(0, pageSize), hasMore: ranked.hits.length > pageSize, fuzzy: false };
  }

  // Full text found little, all of it on page one. When a typed word is one recent papers do not
  // use (a likely typo), typo-tolerant matches come after it, never repeating it and never
  // bringing back what the user excluded with -word. Known words that found little (a rare
  // author, a phrase) are not second-guessed.
  const words = fuzzyWords(query.terms);
  const vocabulary = await recentVocabulary(db);
  const unknown = words.toLowerCase().split(' ').some((w) => w !== '' && !vocabulary.has(w));
  if (!unknown) return { hits: ranked.hits.slice(0, pageSize), hasMore: ranked.hits.length > pageSize, fuzzy: false };
  const excluded = excludedTerms(query.terms);
  const also = sql`not (p.search @@ ${tsquery(query.terms)})
    and ${excluded === '' ? sql`true` : sql`not (p.search @@ ${tsquery(excluded)})`}`;
  const fuzzyOffset = Math.max(0, offset - ranked.total);
  const room = pageSize + 1 - ranked.hits.length;
  let fuzzyHits: Hit[] = [];
  let variantsFound = 0;
  const variants = variantsTsquery(words, phrases, vocabulary);
  if (variants) {
    const loosePhrases = looseTerms(phrases);
    const spec = { tsquery: variants, filters: query, also, walk: true, loose: loosePhrases === undefined ? undefined : tsquery(loosePhrases) };
    const spelled = await rankedPage(db, spec, fuzzyOffset, room);
    fuzzyHits = spelled.hits;
    variantsFound = spelled.total;
  }
  if (ranked.total === 0 && variantsFound === 0 && words.length >= 3) {
    fuzzyHits = await titleMatchPage(db, query, words, also, fuzzyOffset, room);
  }
  const hits = [...ranked.hits, ...fuzzyHits];
  return { hits: hits.slice(0, pageSize), hasMore: hits.length > pageSize, fuzzy: fuzzyHits.length > 0 };
}
