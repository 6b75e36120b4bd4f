import { sql, type SQL } from 'drizzle-orm';
import { allClauses, type PrefixFilter, type QueryPlan } from './search-plan.js';
import type { Tier } from './search-pool.js';
import type { SearchQuery } from './search-query.js';

// The SQL pieces search is built from: what matches, the filters, and the score. Every piece of
// user text is a bound parameter: tsquery text built by search-plan.ts from lexemes Postgres
// produced, or a LIKE pattern.
//
// The score is field-weighted relevance, BM25-like: each clause counts its inverse document
// frequency once per field that holds it, the title three times an abstract's worth and more,
// keywords and names in between; then the typed words as a phrase in the title, how much of the
// title the query covers (a known item's title is mostly the words remembered), and cover density
// (ts_rank_cd: proximity and frequency). The weights were set on the relevance benchmark
// (bench/relevance.ts), one at a time, on the real feed. Upvotes and age only multiply that by at most about 1.1
// each: enough to order equal text, never enough to sink a better match.

/** Field weights per clause: title, AI keywords, authors/organisation, abstract (x its idf). */
const TITLE = 2;
const KEYWORDS = 0.8;
const NAMES = 1.2;
const ABSTRACT = 0.6;

/** Per clause, when the title holds the word exactly as typed (unstemmed): "modeling", not "model". */
const EXACT = 2;

/** ts_rank_cd weights for {D, C, B, A}: abstract C, keywords B, title A. */
const DENSITY_WEIGHTS = '{0.1, 0.2, 0.4, 1.0}';

/** The names vector (authors weight A, organisation weight B), stored and indexed. */
export function namesSql(alias = 'p'): SQL {
  return sql.raw(`${alias}.names`);
}

/**
 * `text`, AND-ed with a candidate tier's days when given (search-pool.ts): every full-text test an
 * index answers carries them, so each GIN scan stays within the tier.
 */
function within(text: string, tier?: Tier): string {
  return tier === undefined ? text : `(${text}) & ${tier}`;
}

/**
 * The papers (alias p) the plan matches: every clause in the weighted vector, which holds the
 * title, keywords and abstract and, at weight D, the authors and organisation (drizzle/0011), so
 * "Fauber accurate" is one GIN scan of one index however common either word is. With a tier, only
 * papers of its days.
 */
export function matchSql(plan: QueryPlan, tier?: Tier): SQL {
  return clausesIn(plan, sql`p.search`, (c) => c.any, tier);
}

/** `vector` holds the plan's clauses (each as `field` gives it; within a tier when given), and nothing -word excluded. */
function clausesIn(plan: QueryPlan, vector: SQL, field: (c: Clause) => string, tier?: Tier): SQL {
  const all = allClauses(plan, field);
  if (all === null) return sql`false`;
  const matched = sql`${vector} @@ ${within(all, tier)}::tsquery`;
  return plan.excluded === null ? matched : sql`${matched} and not ts_match_vq(p.search, ${plan.excluded}::tsquery)`;
}

/**
 * What a pool's scan of the whole store would cost and find, from the lexicon's shares x the
 * store: `postings`, the papers GIN walks (the rarest clause's), and `matches`, the
 * papers it would find were the words independent. search-pages.ts weighs one against the other.
 */
export interface Estimate {
  postings: number;
  matches: number;
}

type Clause = QueryPlan['clauses'][number];

/** The estimate for matchSql: a clause is in the weighted vector when its text or its names hold it. */
export function matchEstimate(plan: QueryPlan): Estimate {
  return estimate(plan, (c) => Math.min(1, c.share + c.namesShare));
}

/** The estimate for titleMatchSql. */
export function titleEstimate(plan: QueryPlan): Estimate {
  return estimate(plan, (c) => c.titleShare);
}

function estimate(plan: QueryPlan, share: (c: Clause) => number): Estimate {
  const { clauses, store } = plan;
  if (clauses.length === 0) return { postings: store, matches: store };
  const shares = clauses.map(share);
  if (plan.anyClause) {
    const any = Math.min(1, shares.reduce((a, b) => a + b, 0)) * store;
    return { postings: any, matches: any };
  }
  // GIN walks the rarest clause's postings; independent words would meet in the product's share.
  const postings = Math.min(...shares);
  const matches = shares.reduce((a, b) => a * b, 1);
  return { postings: Math.min(1, postings) * store, matches: Math.min(1, matches) * store };
}

/** The papers (alias p) whose title alone matches, through the title index (within a tier when given). */
export function titleMatchSql(plan: QueryPlan, tier?: Tier): SQL {
  return clausesIn(plan, sql`p.title_words`, (c) => c.any, tier);
}

/**
 * titleMatchSql for a paper already read (a phrase's check, search-pool.ts): the same test on the
 * weighted vector, whose weight A is the title with the same positions, since the title's own
 * vector is stored out of line and each test of it fetched it again.
 */
export function titleTestSql(plan: QueryPlan): SQL {
  return clausesIn(plan, sql`p.search`, (c) => c.title);
}

/** The papers of a tier, through the weighted vector's index: what filters alone narrow within. */
export function tierSql(tier: Tier): SQL {
  return sql`p.search @@ ${tier}::tsquery`;
}

export interface Filters extends Pick<SearchQuery, 'author' | 'org' | 'since'> {
  /** author: / org: as word-prefix tsquery text on the names vector (search-plan.ts). */
  authorPrefix?: PrefixFilter | null;
  orgPrefix?: PrefixFilter | null;
}

/**
 * The filters as a SQL condition on alias p (always true without filters). Author and org narrow
 * by word prefix through the names index (within the tier when given), then the substring check
 * keeps the exact meaning. `since` is left to the tiers when they are given (storeTiers starts
 * them at that day), so that no published_at range is ANDed with the GIN scans.
 */
export function filterSql(query: Filters, tier?: Tier): SQL {
  const parts: SQL[] = [sql`true`];
  const prefix = (filter: PrefixFilter | null | undefined) => {
    if (filter) parts.push(sql`${namesSql()} @@ ${within(filter.all, tier)}::tsquery`);
  };
  if (query.author) {
    prefix(query.authorPrefix);
    parts.push(sql`exists (select 1 from unnest(p.authors) as a(name) where a.name ilike ${contains(query.author)})`);
  }
  if (query.org) {
    prefix(query.orgPrefix);
    // coalesce: not the trigram index's expression, so the planner never narrows by the
    // organisation trigrams, whose selectivity it misjudges (it read 16,000 papers of one
    // organisation to find a rare word among them).
    parts.push(sql`coalesce(p.organization, '') ilike ${contains(query.org)}`);
  }
  // `+ interval '0'`: checked on the rows the other conditions find, never ANDed as a published_at
  // range bitmap (since:2016 is most of the store).
  if (query.since && tier === undefined) {
    parts.push(sql`p.published_at + interval '0 seconds' >= (${query.since}::date)::timestamp at time zone 'UTC'`);
  }
  return sql.join(parts, sql` and `);
}

/**
 * Relevance of candidate alias c (its stored vector read once as c.doc), without cover density:
 * cheap enough for every candidate. Every field is tested on that one vector, by weight: it holds
 * the title (A), keywords (B), abstract (C) and names (D) with their positions, so the names and
 * the title's own vector, stored out of line (TOAST), are never fetched to score.
 * One for a plan without clauses (filters only): then the tie-breakers rank.
 */
export function relevanceSql(plan: QueryPlan): SQL {
  if (plan.clauses.length === 0) return sql`1`;
  const total = plan.clauses.reduce((sum, c) => sum + c.weight, 0);
  const per = (field: (c: QueryPlan['clauses'][number]) => SQL) =>
    sql.join(plan.clauses.map((c) => sql`${c.weight}::float8 * ${field(c)}`), sql` + `);
  const inTitle = per((c) => sql`(c.doc @@ ${c.title}::tsquery)::int`);
  // Keywords are drawn from the abstract, and only newer feed items have them: a word in both
  // counts once (the keywords' weight), so an older paper is not behind for lacking them. CASE
  // tests the abstract only when the keywords lack the word: each test is a search of the vector
  // (microseconds on PGlite, for every candidate), so the score runs each one once.
  const elsewhere = per((c) => sql`(${NAMES}::float8 * (c.doc @@ ${c.names}::tsquery)::int
    + case when c.doc @@ ${c.keywords}::tsquery then ${KEYWORDS}::float8 when c.doc @@ ${c.abstract}::tsquery then ${ABSTRACT}::float8 else 0 end)`);
  const phrase = plan.titlePhrase === null ? sql`0` : sql`(c.doc @@ ${plan.titlePhrase}::tsquery)::int`;
  // The title's clauses count at TITLE, and again for how much of the title the query covers (a
  // known item's title is mostly the words remembered): 0.6 x their weight x the typed share.
  return sql`((${inTitle}) * (${TITLE}::float8 + 0.6 * least(1.0, ${plan.typedChars}::float8 / greatest(length(c.title), 1)))
    + (${elsewhere}) + ${total * 0.8}::float8 * ${phrase})`;
}

/**
 * Cover density (ts_rank_cd: how close together and how often the words occur, in [0, 1)), up to
 * three times the query's weight: what tells an abstract's gist from scattered mentions. The
 * costliest part of the score, so computed only for the best candidates by the rest of it
 * (RERANKED in search-pages.ts).
 */
export function densitySql(plan: QueryPlan): SQL {
  if (plan.clauses.length === 0) return sql`0`;
  // The text fields only: where the names sit in the vector says nothing of the text's gist.
  const all = plan.clauses.map((c) => `(${c.text})`).join(plan.anyClause ? ' | ' : ' & ');
  const total = plan.clauses.reduce((sum, c) => sum + c.weight, 0);
  return sql`(${total * 3}::float8 * ts_rank_cd(${DENSITY_WEIGHTS}::float4[], c.doc, ${all}::tsquery, 32))`;
}

/**
 * The exact-word bonus: each clause whose typed form (lower-cased, unstemmed) the title holds, from
 * the title's 'simple' vector (alias t.words). Stemming makes "modeling" match "model", which is
 * right for finding papers and too coarse for telling a half-remembered title from its many
 * cousins. Parsing a title costs microseconds, so like cover density it is computed for the best
 * candidates only.
 */
export function exactSql(plan: QueryPlan): SQL {
  const parts = plan.clauses.filter((c) => c.exact !== '')
    .map((c) => sql`${c.weight * EXACT}::float8 * (t.words @@ ${c.exact}::tsquery)::int`);
  return parts.length === 0 ? sql`0` : sql`(${sql.join(parts, sql` + `)})`;
}

/**
 * The gentle tie-breakers, multiplying relevance: log-scaled upvotes (600 upvotes: x1.1) and
 * freshness against the application's clock (today: x1.05, a year ago: x1.025), never now().
 */
export function boostSql(alias: string, now: Date): SQL {
  const a = sql.raw(alias);
  return sql`(1 + 0.015 * ln(1 + greatest(${a}.upvotes, 0)))
    * (1 + 0.05 / (1 + greatest(extract(epoch from (${now.toISOString()}::timestamptz - ${a}.published_at)), 0) / 31557600.0))`;
}

/** A LIKE pattern matching value anywhere, with the user's % _ and \ taken literally. */
export function contains(value: string): string {
  return `%${value.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
