import { sql, type SQL } from 'drizzle-orm';
import { queryRows, type Db } from '../db/client.js';
import type { SearchResult } from '../ports.js';
import { paperColumns, paperFromRow } from './paper-row.js';
import type { SearchQuery } from './search-query.js';
import { poolSql, tierBounds } from './search-pool.js';
import { boostSql, filterSql, FUZZY_POOL, POOL, textRankSql } from './search-ranking.js';

// The statements search runs: a ranked page of full-text (or filter-only) matches, and a page of
// trigram title matches. Shared by search and "similar papers".

const MAX_PAGE_SIZE = 50;

// Epoch milliseconds read the same from every driver (timestamptz comes back as Date or as text).
const publishedMs = sql`(extract(epoch from p.published_at) * 1000)::float8 as published_ms`;

export type Hit = SearchResult['hits'][number];

export interface RankSpec {
  /** The tsquery to match and rank by; null ranks filter matches by upvotes and recency alone. */
  tsquery: SQL | null;
  filters: Pick<SearchQuery, 'author' | 'org' | 'since'>;
  /** A further condition on `papers p` (leave out a paper, or papers an earlier step found). */
  also?: SQL;
  /** Whether the newest tier may be walked through the published_at index (see search-pool.ts). */
  walk: boolean;
  /** For phrases: the same words, not necessarily adjacent, which the index answers alone. */
  loose?: SQL;
}

export interface RankedPage {
  /** Lexemes in the query (0: only stop words). */
  nodes: number;
  /** Matches in the ranked pool (capped at POOL). */
  total: number;
  hits: Hit[];
}

/**
 * How many candidates a phrase or an author/org filter is checked against: the newest papers
 * holding all the words. The index cannot tell whether words are adjacent or who wrote a paper,
 * so each candidate is read; two common words can share a hundred thousand papers, and a rare
 * author among them would mean reading them all. Below this many word matches (small stores,
 * most queries in large ones) the check is exhaustive.
 */
export const CHECKED_CANDIDATES = 400;

/**
 * One page of matches ranked within the pool. The header row always comes back, so the caller
 * learns the lexeme count and pool size even for a page past the end.
 */
export async function rankedPage(db: Db, spec: RankSpec, offset: number, limit: number): Promise<RankedPage> {
  // Repeated inline (not computed once in a CTE) so that each tier is planned with its value.
  const q = spec.tsquery === null ? null : sql`(${spec.tsquery})`;
  const match = q ? sql`p.search @@ ${q}` : sql`true`;
  const text = q ? textRankSql(q, sql`c.doc`) : sql`1`;
  const nodes = q ? sql`numnode(${q})` : sql`1`;
  const { author, org, since } = spec.filters;
  const also = spec.also ?? sql`true`;
  const bounds = await tierBounds(db);
  const checked = q !== null && (spec.loose !== undefined || author !== undefined || org !== undefined);
  const pool = checked
    ? sql`select * from (${poolSql(sql`${nodes} > 0 and p.search @@ (${spec.loose ?? q}) and ${filterSql({ since })}`,
      bounds, spec.walk, CHECKED_CANDIDATES)}) as p
      where ${match} and ${filterSql({ author, org })} and ${also}
      order by p.published_at desc limit ${POOL}`
    : poolSql(sql`${nodes} > 0 and ${match} and ${filterSql(spec.filters)} and ${also}`, bounds, spec.walk);
  // The pool keeps the tsvector as stored (usually a TOAST pointer, not yet read); `doc` reads it
  // once per pooled row (|| '' copies it into memory; OFFSET 0 keeps it from being inlined into
  // both rank functions, which would read it twice). Only the page's rows are fetched whole.
  // numnode = 0 (only stop words) skips the scans: an empty tsquery matches nothing anyway.
  const rows = await queryRows<Record<string, unknown>>(db, sql`
    with pool as materialized (${pool}),
    ranked as (
      select c.id, ${text} * ${boostSql('c')} as score
      from (select pool.*, pool.search || ''::tsvector as doc from pool offset 0) c
      order by score desc, c.id
      offset ${offset} limit ${limit}
    )
    select ${nodes} as nodes, (select count(*) from pool)::int as total, r.score, ${paperColumns('p')}, ${publishedMs}
    from (select 1) as header
      left join ranked r on true
      left join papers p on p.id = r.id
    order by r.score desc, r.id`);
  const first = rows[0] ?? {};
  return {
    nodes: Number(first.nodes ?? 0),
    total: Number(first.total ?? 0),
    hits: rows.filter((row) => row.id != null).map(toHit),
  };
}

/**
 * Titles containing something close to the words (word similarity above pg_trgm's threshold,
 * 0.6 by default: what `<%` and the trigram GIN index answer). The last resort for text neither
 * full text nor its spelling variants found: every frequent trigram's posting list is read, tens
 * of milliseconds at a million titles. Candidates are capped before ranking, like the pool.
 */
export async function titleMatchPage(db: Db, query: SearchQuery, words: string, also: SQL, offset: number,
  limit: number): Promise<Hit[]> {
  const rows = await queryRows<Record<string, unknown>>(db, sql`
    with candidates as materialized (
      select p.id from papers p
      where ${words} <% p.title and ${filterSql(query)}
      limit ${FUZZY_POOL}
    )
    select ${paperColumns('p')}, ${publishedMs}, word_similarity(${words}, p.title) * ${boostSql()} as score
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
  const maxPage = Math.max(1, Math.ceil(POOL / size));
  const p = Number.isFinite(page) ? Math.min(maxPage, Math.max(1, Math.floor(page))) : 1;
  return { page: p, pageSize: size };
}

export function empty(problem?: string): SearchResult {
  return problem === undefined ? { hits: [], hasMore: false, fuzzy: false } : { hits: [], hasMore: false, fuzzy: false, problem };
}
