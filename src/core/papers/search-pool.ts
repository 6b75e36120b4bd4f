import { sql, type SQL } from 'drizzle-orm';
import { queryRows, type Db } from '../db/client.js';

// The newest `limit` papers matching a condition, when more match than search can score (see
// search-pages.ts for when that happens and why it is newest). They are found tier by tier (the
// last two weeks, two months, year, three years, then the rest), each tier its own ordered, limited
// scan planned with its own bounds; the outer LIMIT stops before older tiers run once the pool is
// full. The tiers partition time, so the pool is exactly the newest `limit` matches, whatever the
// bounds are.
//
// Only the first tier may be walked through the published_at index, filtering row by row (the
// fast way for a word in most papers: a few hundred rows). Older tiers sort their GIN matches
// instead, because a walk the planner expects to end early runs to the tier's end when its
// estimate is wrong: a misspelt word it guesses at 0.5% of papers and that is in none walked a
// million rows. Sorting costs one heap visit per match, and a tier is only reached when the newer
// ones held fewer than `limit` matches, which bounds how many an older tier can hold.

const TIER_DAYS = [14, 60, 365, 1095];
const NEWEST_TTL_MS = 60_000;
const boundsByDb = new WeakMap<Db, { at: number; bounds: string[] }>();

// What ranking and the candidate checks read (see search-pages.ts).
const columns = sql`p.id, p.search, p.names, p.title_words, p.title, p.upvotes, p.published_at, p.authors, p.organization`;

/**
 * Every row of `papers p` matching `where` when at most `limit` do (the common case, answered by
 * one index scan whatever the papers' ages), else the newest `limit` of them, tier by tier.
 * The quick scan stops at limit + 1 rows; the tiers run only when it filled up (a one-time
 * filter on its count), so a rare word never pays for them and a common one pays once.
 */
export function poolSql(where: SQL, bounds: string[], walkFirstTier: boolean, limit: number): SQL {
  return sql`with quick as materialized (select ${columns} from papers p where ${where} limit ${limit + 1})
    select * from quick where (select count(*) from quick) <= ${limit}
    union all
    select * from (${tieredSql(where, bounds, walkFirstTier, limit)}) as newest where (select count(*) from quick) > ${limit}`;
}

/** The newest `limit` rows of `papers p` matching `where` (the columns above), newest first. */
function tieredSql(where: SQL, bounds: string[], walkFirstTier: boolean, limit: number): SQL {
  // `+ interval '0'` orders the same but no index provides that order: the planner must sort.
  const tier = (range: SQL, walk: boolean): SQL => sql`(select ${columns} from papers p where ${where} and ${range}
    order by ${walk ? sql`p.published_at` : sql`p.published_at + interval '0 seconds'`} desc limit ${limit})`;
  if (bounds.length === 0) return tier(sql`true`, walkFirstTier);
  const tiers: SQL[] = [];
  let newer: string | undefined;
  for (const bound of bounds) {
    const below = newer === undefined ? sql`true` : sql`p.published_at < ${newer}::timestamptz`;
    tiers.push(tier(sql`${below} and p.published_at >= ${bound}::timestamptz`, walkFirstTier && newer === undefined));
    newer = bound;
  }
  tiers.push(tier(sql`p.published_at < ${newer}::timestamptz`, false));
  return sql`select * from (${sql.join(tiers, sql` union all `)}) as tiers limit ${limit}`;
}

/**
 * Tier bounds counted back from the newest paper, read at most once a minute per database:
 * stale bounds only make the tiers uneven, never the results wrong.
 */
export async function tierBounds(db: Db): Promise<string[]> {
  const cached = boundsByDb.get(db);
  if (cached && Date.now() - cached.at < NEWEST_TTL_MS) return cached.bounds;
  const [row] = await queryRows<{ ms: number | null }>(db,
    sql`select (extract(epoch from max(published_at)) * 1000)::float8 as ms from papers`);
  const newest = row?.ms == null ? null : Number(row.ms);
  const bounds = newest === null ? [] : TIER_DAYS.map((days) => new Date(newest - days * 86_400_000).toISOString());
  boundsByDb.set(db, { at: Date.now(), bounds });
  return bounds;
}
