import { sql, type SQL } from 'drizzle-orm';
import type { SearchQuery } from './search-query.js';

// The SQL pieces search is built from: the text query, filters, and the blended score. Every piece
// of user text is a bound parameter; websearch_to_tsquery is the only parser it reaches.

/** The most matches one query ranks: the newest ones (see search-pool.ts). Below it ranking is exact. */
export const POOL = 100;

/** Typo-tolerant candidates checked per query: strong trigram matches, ranked among themselves. */
export const FUZZY_POOL = 300;

/** ts_rank_cd weights for {D, C, B, A}: title A, ai keywords B, abstract C. */
const WEIGHTS = '{0.1, 0.2, 0.4, 1.0}';

/** The user's web-search text as a tsquery; a fresh call each time so the planner sees the value. */
export function tsquery(terms: string): SQL {
  return sql`websearch_to_tsquery('english', ${terms})`;
}

/** The filters as a SQL condition on alias p (always true without filters). */
export function filterSql(query: Pick<SearchQuery, 'author' | 'org' | 'since'>): SQL {
  const parts: SQL[] = [sql`true`];
  if (query.author) {
    parts.push(sql`exists (select 1 from unnest(p.authors) as a(name) where a.name ilike ${contains(query.author)})`);
  }
  if (query.org) parts.push(sql`p.organization ilike ${contains(query.org)}`);
  if (query.since) parts.push(sql`p.published_at >= (${query.since}::date)::timestamp at time zone 'UTC'`);
  return sql.join(parts, sql` and `);
}

/**
 * Popularity and freshness multipliers shared by every ranking: log-scaled upvotes (100 upvotes
 * about doubles a score, 1000 does not make it ten times better) and a decay that halves the
 * score of a year-old paper.
 */
export function boostSql(alias = 'p'): SQL {
  const a = sql.raw(alias);
  return sql`(1 + 0.2 * ln(1 + greatest(${a}.upvotes, 0)))
    * (1 / (1 + greatest(extract(epoch from (now() - ${a}.published_at)), 0) / 31557600.0))`;
}

/**
 * Text relevance in [0, 2): cover density over the weighted vector (normalized to [0, 1)), plus 1
 * when the whole query matches the title alone, so a title match outranks any abstract mention.
 */
export function textRankSql(query: SQL, vector: SQL = sql`p.search`): SQL {
  return sql`(ts_rank_cd(${WEIGHTS}::float4[], ${vector}, ${query}, 32)
    + case when ts_filter(${vector}, '{a}') @@ ${query} then 1 else 0 end)`;
}

/** A LIKE pattern matching value anywhere, with the user's % _ and \ taken literally. */
export function contains(value: string): string {
  return `%${value.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
