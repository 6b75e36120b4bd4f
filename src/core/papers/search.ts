import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import type { SearchRequest, SearchResult } from '../ports.js';
import { empty, paging, rankedPage, titleMatchPage, type Hit } from './search-pages.js';
import { allClauses, planQuery, prefixQuery } from './search-plan.js';
import { storeTiers } from './search-pool.js';
import { fuzzyWords, parseSearchQuery, SEARCH_EXAMPLE } from './search-query.js';
import type { Filters } from './search-ranking.js';
import { readTerms } from './search-terms.js';
import { spellingTerms } from './search-variants.js';
import { recentVocabulary } from './search-vocabulary.js';

export { similarPapers } from './search-similar.js';

/** A word this few sampled papers use may be a typo of a common one. */
const RARE_USES = 2;

// Search: field-weighted relevance over a query's matches (see search-ranking.ts for the score and
// search-pages.ts for which matches are scored). When full text finds less than a page,
// typo-tolerant matches fill the rest of page one and the pages after it (`fuzzy: true`): first
// spelling variants that recent papers use, through the full-text index, and when those find
// nothing either, trigram similarity on titles (pg_trgm). Same statements on PGlite and a Postgres
// server; user text only ever reaches to_tsvector and LIKE patterns, as bound parameters.

export async function searchPapers(db: Db, request: SearchRequest, now: Date): Promise<SearchResult> {
  const { page, pageSize } = paging(request.page, request.pageSize);
  const query = parseSearchQuery(typeof request.text === 'string' ? request.text : '');
  if (query.problem) return empty(query.problem);

  const offset = (page - 1) * pageSize;
  const terms = readTerms(query.terms);
  const [plan, authorPrefix, orgPrefix, tiers] = await Promise.all([
    planQuery(db, terms),
    query.author ? prefixQuery(db, query.author) : null,
    query.org ? prefixQuery(db, query.org) : null,
    storeTiers(db, query.since),
  ]);
  const filters: Filters = { ...query, authorPrefix, orgPrefix };
  if (query.terms !== '' && plan.clauses.length === 0) {
    const shown = Array.from(query.terms).slice(0, 60).join('');
    return empty(`"${shown}" only has words too common to search for; add a more specific one, ${SEARCH_EXAMPLE}.`);
  }
  const ranked = await rankedPage(db, { plan, filters, now, tiers }, offset, pageSize + 1);
  if (plan.clauses.length === 0 || ranked.total >= pageSize) {
    return { hits: ranked.hits.slice(0, pageSize), hasMore: ranked.hits.length > pageSize, fuzzy: false };
  }

  // Full text found little, all of it on page one. When it found nothing, or a typed word is one
  // papers hardly use (a likely typo: real abstracts hold typos too, so "unknown" would miss
  // "infernece"), typo-tolerant matches come after it, never repeating it and never bringing back
  // what the user excluded with -word. Known words that found a little (a rare author, a phrase)
  // are not second-guessed.
  const words = fuzzyWords(query.terms);
  const vocabulary = await recentVocabulary(db);
  const suspect = ranked.total === 0
    || words.toLowerCase().split(' ').some((w) => w !== '' && (vocabulary.get(w) ?? 0) <= RARE_USES);
  if (!suspect) return { hits: ranked.hits.slice(0, pageSize), hasMore: ranked.hits.length > pageSize, fuzzy: false };
  const found = allClauses(plan);
  const notFound: SQL = sql`not (p.search @@ ${found ?? ''}::tsquery)
    and ${plan.excluded === null ? sql`true` : sql`not (p.search @@ ${plan.excluded}::tsquery)`}`;
  const fuzzyOffset = Math.max(0, offset - ranked.total);
  const room = pageSize + 1 - ranked.hits.length;
  let fuzzyHits: Hit[] = [];
  let variantsFound = 0;
  const spelled = spellingTerms(terms, vocabulary);
  if (spelled) {
    const variantPlan = await planQuery(db, spelled);
    const page = await rankedPage(db, { plan: variantPlan, filters, also: notFound, now, tiers }, fuzzyOffset, room);
    fuzzyHits = page.hits;
    variantsFound = page.total;
  }
  if (ranked.total === 0 && variantsFound === 0 && words.length >= 3) {
    fuzzyHits = await titleMatchPage(db, filters, words, notFound, now, fuzzyOffset, room);
  }
  const hits = [...ranked.hits, ...fuzzyHits];
  return { hits: hits.slice(0, pageSize), hasMore: hits.length > pageSize, fuzzy: fuzzyHits.length > 0 };
}
