import { sql, type SQL } from 'drizzle-orm';
import { queryRows, type Db } from '../db/client.js';
import type { SearchResult } from '../ports.js';
import { paperColumns, paperFromRow } from './paper-row.js';
import { loosePlan, type PrefixFilter, type QueryPlan } from './search-plan.js';
import { newestIds, quickFirst, storeTiers, type PoolScan, type StoreTiers, type Tier } from './search-pool.js';
import { boostSql, densitySql, exactSql, filterSql, matchEstimate, matchSql, relevanceSql, tierSql, titleEstimate, titleMatchSql,
  titleTestSql, type Estimate, type Filters } from './search-ranking.js';

// The statements search runs: a ranked page of full-text (or filter-only) matches, and a page of
// trigram title matches. Shared by search and "similar papers".
//
// Candidates, and why. Postgres has no index that returns papers best-first by a relevance score
// (RUM would, and PGlite has no RUM), so a query's matches are found through GIN indexes and
// scored one by one. Scoring every match is exact and cheap while matches are few; a broad query
// ("models") matches half of a large store, and scoring that costs seconds. So the candidates are
// two sets, every one of them scored with the full field-weighted score:
// - the title candidates: papers whose *title* holds every clause, found through the title index
//   (papers_title_words_idx) without reading the papers that only mention the words elsewhere. A
//   known item is nearly always here whatever its age, because titles holding all of a few words
//   are few. Up to TITLE_CANDIDATES of them, the newest when there are more;
// - the body candidates: papers matching every clause in any field (the weighted vector and the
//   names index), up to BODY_CANDIDATES, the newest when there are more (search-pool.ts).
// Below those counts (most queries on the real year of the feed; a name or a rare word at any
// size) the ranking is exact over all matches. Above them the query is broad (common words, a
// common surname), and its best matches are title matches, which the first set holds by field and
// not by date; what it can miss is an old paper holding the words only in its abstract.
// Filters narrow inside each set's index scan (author:/org: through the names index by word
// prefix, since: by the days searched), never after a cap.
//
// How each set is found (search-pool.ts, drizzle/0011): as ids, newest first, tier by tier, a tier
// being a run of publication days that every indexed vector holds as words ('~2026-06-30',
// '~2026-06', '~2026'), ANDed into each GIN scan. GIN then walks its rarest entries only, the
// tier's days for a common word, so a tier costs what the tier holds, never what the word holds in
// the whole store; tiers double in length, so a set costs about twice the papers holding its
// matches. Each tier is a statement of its own, run only when the newer ones held too few (one
// statement of every tier took 10 ms to plan at a million papers). When the lexicon
// (search-lexicon.ts: word counts of the newest papers) says the rarest word's postings are few,
// the set first tries one GIN scan of the whole store, capped (QUICK_ROWS), which is all it needs
// when no more match; when the tiers walked so far found matches sparse, the rest of the store is
// one scan too (restFirst), and once they have seen a few matches, the tiers their density says
// are all needed run as one statement (tiersAhead). The weighted vector holds the names too
// (weight D), so a surname and a word are one scan of one index (two indexes' bitmaps are built
// whole before Postgres intersects them); author:/org: prefixes are exact words of the names
// vector ('>ture'). The scoring statement then reads the candidates by id.
//
// Where the time goes, and what keeps it down (measured with EXPLAIN (ANALYZE, BUFFERS) at a
// million papers, bench/README.md): index postings walked and papers read. A GIN bitmap costs
// about 0.15-0.4 us per posting (a common surname: 320,000 postings, 115 ms, once per tier before
// the day words), a paper read 1-5 us (more when it is not cached: 18,000 papers, 96 ms), and a
// paper whose weighted vector is tested row by row pays its decompression (walking a 2-week tier
// by date, testing 3,500 papers: 54 ms; a surname checked on the rows of an OR of index scans
// re-tests the whole OR on each: 100 ms for 1,000 papers on PGlite). So:
// - titles are a stored vector of their own (title_words, drizzle/0008): a few dozen bytes, so
//   finding, phrase-checking and scoring title matches never re-parses a title nor decompresses
//   the abstract's vector;
// - the server session runs without JIT (db/client.ts): these plans carry tiers that rarely run
//   but whose estimated cost passed jit_above_cost, and compiling them cost 250-300 ms a query;
// - org: never goes through the organisation trigrams, which the planner misjudged;
// - the costlier score terms (cover density, the exact-word bonus, which parses the title in the
//   'simple' configuration) are computed for the RERANKED best only.
// - the score tests each field of each clause once (a test is microseconds on PGlite, and the
//   score runs for every candidate), and 100 + 100 candidates are scored: 200 + 200 cost twice the
//   tiers and twice the scoring, for known-item figures within 0.001 MRR (bench/relevance.ts).
// What is still costly at a million papers: a filter with a common word (author:/org: prefixes and
// the words are two indexes, so each tier builds two bitmaps; when matches are spread thin the rest
// of the store is one scan instead), several common words whose conjunction is rare but not rare
// enough for one scan (each tier walks the day words of all its papers), and a phrase of common
// words that is itself rare (up to PHRASE_CHECKED papers read and checked, in every tier); on
// PGlite, each statement's planning and round trip (about 0.5-1 ms) when many tiers run. A
// combined GIN index over `search || names` was tried and dropped: prefixes such as 'appl':*
// matched common words there, and the bitmaps of common words went lossy (work_mem), so every
// paper on a lossy page was re-read and its concatenated vector rebuilt.

export const TITLE_CANDIDATES = 100;
export const BODY_CANDIDATES = 100;
/** Papers holding a phrase's words checked for the phrase itself (see rankedPage). */
const PHRASE_CHECKED = 500;
/** Candidates whose cover density is computed (see rankedPage). */
const RERANKED = 100;

const MAX_PAGE_SIZE = 50;

// What ranking reads of each candidate.
const poolColumns = sql`p.id, p.search, p.title, p.upvotes, p.published_at`;

/** Typo-tolerant candidates checked per query: strong trigram matches, ranked among themselves. */
const FUZZY_CANDIDATES = 300;

// Epoch milliseconds read the same from every driver (timestamptz comes back as Date or as text).
const publishedMs = sql`(extract(epoch from p.published_at) * 1000)::float8 as published_ms`;

export type Hit = SearchResult['hits'][number];

export interface RankSpec {
  plan: QueryPlan;
  filters: Filters;
  /** A further condition on `papers p` (leave out a paper, or papers an earlier step found). */
  also?: SQL;
  /** The application's clock, for the freshness tie-breaker. */
  now: Date;
  /**
   * The store's tiers from `filters.since` on (storeTiers), when the caller has read them already:
   * search reads them beside planning the query, once for its page and its typo-tolerant fill.
   */
  tiers?: StoreTiers;
}

export interface RankedPage {
  /** Candidates scored (every match, below the candidate counts). */
  total: number;
  hits: Hit[];
}

/** One page of the best candidates, and how many there were (also for a page past the end). */
export async function rankedPage(db: Db, spec: RankSpec, offset: number, limit: number): Promise<RankedPage> {
  const { plan } = spec;
  const tiers = spec.tiers ?? await storeTiers(db, spec.filters.since);
  const also = spec.also ?? sql`true`;
  // A pool tries one scan of the whole store first (search-pool.ts) when the rarest word's postings
  // are few; otherwise its tiers run, and once they have seen how densely it matches, the rest of
  // the store may be one scan (three common words whose conjunction is rare, "shallow modern
  // vision", are then one walk of the rarest word's postings, not tiers over the whole store). A
  // filter's prefix is one more index scan, and narrows the matches by its share.
  const prefixes = [spec.filters.authorPrefix, spec.filters.orgPrefix].filter((f): f is PrefixFilter => !!f);
  const store = Math.max(plan.store, 1);
  const scan = (e: Estimate): { quick: boolean; postings: number; matches: number; indexes: number } => {
    const rarestPrefix = Math.min(...prefixes.map((f) => f.papers));
    const postings = prefixes.length === 0 ? e.postings : plan.clauses.length === 0 ? rarestPrefix : e.postings + rarestPrefix;
    const matches = prefixes.reduce((m, f) => m * Math.min(1, f.papers / store), e.matches);
    return { quick: quickFirst(postings), postings, matches, indexes: 1 + prefixes.length };
  };
  const newest = (match: (tier?: Tier) => SQL, estimate: Estimate, limit: number, keep?: PoolScan['keep']): Promise<string[]> =>
    newestIds(db, { where: (tier) => sql`${match(tier)} and ${filterSql(spec.filters, tier)} and ${also}`, limit, store, keep,
      ...scan(estimate) }, tiers);
  // A phrase (or a compound such as "gpt-4o") is checked paper by paper: the index only knows the
  // words are there. Its candidates are the newest `limit` of the PHRASE_CHECKED newest papers
  // holding the words (which the index finds alone) where they are adjacent (search-pool.ts).
  const loose = loosePlan(plan);
  const phraseCheck = (test: SQL): PoolScan['keep'] => ({ test, checked: PHRASE_CHECKED });
  const body = plan.clauses.length === 0
    ? newest((tier) => (tier === undefined ? sql`true` : tierSql(tier)), { postings: plan.store, matches: plan.store }, BODY_CANDIDATES)
    : loose === null
      ? newest((tier) => matchSql(plan, tier), matchEstimate(plan), BODY_CANDIDATES)
      : newest((tier) => matchSql(loose, tier), matchEstimate(loose), BODY_CANDIDATES, phraseCheck(matchSql(plan)));
  // Titles likewise: the title index finds titles holding the words; the weighted vector's title
  // (weight A, positions included) says whether they are adjacent, without parsing each title again.
  const titles = plan.clauses.length === 0
    ? Promise.resolve([])
    : loose === null
      ? newest((tier) => titleMatchSql(plan, tier), titleEstimate(plan), TITLE_CANDIDATES)
      : newest((tier) => titleMatchSql(loose, tier), titleEstimate(loose), TITLE_CANDIDATES, phraseCheck(titleTestSql(plan)));
  const ids = [...new Set((await Promise.all([body, titles])).flat())];
  if (ids.length === 0) return { total: 0, hits: [] };
  // The stored vector is inline (drizzle/0004); `doc` copies it once per candidate so the score's
  // many tests read memory, and OFFSET 0 keeps the planner from inlining it into each of them.
  // Every field is tested on that vector by weight (relevanceSql): the names and the title's own
  // vector no longer fit in the row beside it and are stored out of line (TOAST), and each test of
  // a TOASTed value fetched it again (a three-word query: 28 buffer reads a candidate). The second
  // OFFSET 0 keeps the relevance one column, computed once (pulled up, it was computed again for
  // the window's order).
  // Cover density, the costliest term (it walks every position), is added for the RERANKED best
  // by the rest of the score: the field tests separate candidates by whole clause weights, so a
  // paper below the first hundred by them rarely reaches page one by proximity alone; past them
  // (deep pages) the order is the field tests', the same whichever page asks. Only the page's
  // rows are then read whole. The title's 'simple' vector is made once per candidate (the OFFSET 0
  // keeps the planner from inlining it into each clause's test).
  const boost = boostSql('c', spec.now);
  const rows = await queryRows<Record<string, unknown>>(db, sql`
    with pool as materialized (
      select ${poolColumns} from papers p where p.id in (select json_array_elements_text(${JSON.stringify(ids)}::json))
    ),
    scored as materialized (
      select c.id, c.doc, c.title, c.upvotes, c.published_at, c.relevance,
        row_number() over (order by c.relevance * ${boost} desc, c.id) as rn from (
        select c.*, ${relevanceSql(plan)} as relevance
        from (select pool.*, pool.search || ''::tsvector as doc from pool offset 0) c
        offset 0
      ) c
      order by c.relevance * ${boost} desc, c.id
      limit ${Math.max(RERANKED, offset + limit)}
    ),
    ranked as (
      select c.id, c.rn > ${RERANKED} as deep,
        (c.relevance + case when c.rn <= ${RERANKED} then ${densitySql(plan)} + ${exactSql(plan)} else 0 end) * ${boost} as score
      from scored c, lateral (select case when c.rn <= ${RERANKED} then to_tsvector('simple'::regconfig, paperboy_words(c.title)) end as words offset 0) t
      order by deep, score desc, c.id
      offset ${offset} limit ${limit}
    )
    select r.score, ${paperColumns('p')}, ${publishedMs}
    from ranked r join papers p on p.id = r.id
    order by r.deep, r.score desc, r.id`);
  return { total: ids.length, hits: rows.map(toHit) };
}

/**
 * Titles containing something close to the words (word similarity above pg_trgm's threshold,
 * 0.6 by default: what `<%` and the trigram GIN index answer). The last resort for text neither
 * full text nor its spelling variants found: every frequent trigram's posting list is read, tens
 * of milliseconds at a million titles. Candidates are capped before ranking.
 */
export async function titleMatchPage(db: Db, filters: Filters, words: string, also: SQL, now: Date, offset: number,
  limit: number): Promise<Hit[]> {
  const rows = await queryRows<Record<string, unknown>>(db, sql`
    with candidates as materialized (
      select p.id from papers p
      where ${words} <% p.title and ${filterSql(filters)}
      limit ${FUZZY_CANDIDATES}
    )
    select ${paperColumns('p')}, ${publishedMs}, word_similarity(${words}, p.title) * ${boostSql('p', now)} as score
    from candidates c join papers p on p.id = c.id
    where ${also}
    order by score desc, p.id
    offset ${offset} limit ${limit}`);
  return rows.map(toHit);
}

export function toHit(row: Record<string, unknown>): Hit {
  const paper = paperFromRow(row);
  if (row.published_ms != null) paper.publishedAt = new Date(Number(row.published_ms));
  return { paper, score: Math.round(Number(row.score ?? 0) * 10_000) / 10_000 };
}

export function paging(page: number, pageSize: number): { page: number; pageSize: number } {
  const size = Number.isFinite(pageSize) ? Math.min(MAX_PAGE_SIZE, Math.max(1, Math.floor(pageSize))) : 10;
  const maxPage = Math.max(1, Math.ceil((TITLE_CANDIDATES + BODY_CANDIDATES) / size));
  const p = Number.isFinite(page) ? Math.min(maxPage, Math.max(1, Math.floor(page))) : 1;
  return { page: p, pageSize: size };
}

export function empty(problem?: string): SearchResult {
  return problem === undefined ? { hits: [], hasMore: false, fuzzy: false } : { hits: [], hasMore: false, fuzzy: false, problem };
}
