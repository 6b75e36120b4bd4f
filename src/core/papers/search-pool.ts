import { sql, type SQL } from 'drizzle-orm';
import { queryRows, type Db } from '../db/client.js';

// The newest `limit` papers matching a condition (see search-pages.ts for why newest). They are
// found tier by tier, newest first: the newest 2 days, then back to 4, 8, 16 ... 4096 days
// (TIER_DAYS), then the rest; each tier its own limited scan, and the outer LIMIT stops before
// older tiers run once the pool is full. The tiers partition time, so the pool is exactly the
// newest `limit` matches (all of them when fewer match).
//
// A tier is a set of publication days, written as words every indexed vector holds
// (drizzle/0011: '~2026', '~2026-06', '~2026-06-30'; whole years and months where the tier spans
// them). The caller ANDs the tier's words into each of its full-text tests, so one GIN scan answers
// "these words, in these days": GIN drives it by its rarest entries, the tier's days for a common
// word (a few hundred papers) or the word for a rare one, and never builds the bitmap of every
// paper a common word or surname is in (50-130 ms each at a million papers, once per tier, when
// tiers were published_at ranges ANDed with the words' bitmaps). A tier then sorts its matches by
// date, reading only those; older tiers are reached only while newer ones held fewer than `limit`
// matches, and each is twice as long as the one before, so a word's tiers read about as many
// papers as the pool keeps, however common it is.

/** Where each tier ends, in days back from the newest paper's day (the last tier is the rest). */
const TIER_DAYS = [2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096];
const DAY_MS = 86_400_000;

// What ranking and the candidate checks read (see search-pages.ts).
const columns = sql`p.id, p.search, p.names, p.title_words, p.title, p.upvotes, p.published_at, p.authors, p.organization`;

/** One tier: its days as tsquery text ('~2026-06-30' | '~2026-05' | ...), to AND into a query. */
export type Tier = string;

/**
 * The newest `limit` rows of `papers p` matching `where`, newest first, tier by tier: `where` gets
 * each tier's days as tsquery text and must AND them into every full-text test an index answers
 * (no tiers, as for an empty store or a since: after the newest paper: no rows).
 * With `quick` (the caller expects few matches), one scan of the whole store comes first, `where`
 * without a tier: GIN walks the rarest word's postings once, and the scan stops reading papers at
 * QUICK_ROWS + 1; when no more match, their newest `limit` are the pool and no tier runs.
 */
export function poolSql(where: (tier?: Tier) => SQL, tiers: Tier[], limit: number, quick: boolean): SQL {
  // `+ interval '0'` orders the same but no index provides that order: the planner sorts the
  // tier's GIN matches instead of walking published_at and testing every paper of the tier.
  const scan = (tier: Tier) => sql`(select ${columns} from papers p where ${where(tier)}
    order by p.published_at + interval '0 seconds' desc limit ${limit})`;
  const tiered = tiers.length === 0
    ? sql`select ${columns} from papers p where false`
    : sql`select * from (${sql.join(tiers.map(scan), sql` union all `)}) as tiers limit ${limit}`;
  if (!quick) return tiered;
  // Up to QUICK_ROWS matches, the scan's papers are all there is: their newest `limit` are the set.
  const most = Math.max(limit, QUICK_ROWS);
  return sql`with quick as materialized (select ${columns} from papers p where ${where()} limit ${most + 1})
    select * from (select * from quick where (select count(*) from quick) <= ${most}
      order by published_at desc limit ${limit}) as few
    union all
    select * from (${tiered}) as newest where (select count(*) from quick) > ${most}`;
}

/**
 * Estimated matches (the lexicon's count of the rarest word) up to which a pool tries one scan of
 * the whole store first. A wrong estimate only costs time: the tiers still find the newest.
 */
export const QUICK_PAPERS = 3_000;

/** Papers the one scan reads at most (a few milliseconds); when more match, the tiers run. */
const QUICK_ROWS = 800;

/**
 * The tiers of the store as it is now (its newest and oldest day, read through the published_at
 * index each time: a cache would hide papers ingested since), from `since` (YYYY-MM-DD) on when
 * given.
 */
export async function storeTiers(db: Db, since?: string): Promise<Tier[]> {
  const [row] = await queryRows<{ newest: number | null; oldest: number | null }>(db, sql`
    select (extract(epoch from max(published_at)) * 1000)::float8 as newest,
      (extract(epoch from min(published_at)) * 1000)::float8 as oldest from papers`);
  if (row?.newest == null || row.oldest == null) return [];
  const newest = Math.floor(Number(row.newest) / DAY_MS);
  const first = since ? Math.floor(Date.parse(`${since}T00:00:00Z`) / DAY_MS) : -Infinity;
  const oldest = Math.max(Math.floor(Number(row.oldest) / DAY_MS), first);
  const tiers: Tier[] = [];
  let to = newest;
  for (const back of [...TIER_DAYS, Infinity]) {
    const from = Math.max(oldest, newest - back + 1);
    if (from <= to) tiers.push(dayWords(from, to));
    to = from - 1;
    if (to < oldest) break;
  }
  return tiers;
}

/** The days from..to (UTC day numbers, inclusive) as few words: whole years, whole months, days. */
export function dayWords(from: number, to: number): Tier {
  const words: string[] = [];
  let day = from;
  while (day <= to) {
    const d = new Date(day * DAY_MS);
    const [y, m] = [d.getUTCFullYear(), d.getUTCMonth()];
    const yearEnd = Date.UTC(y + 1, 0, 1) / DAY_MS - 1;
    const monthEnd = Date.UTC(y, m + 1, 1) / DAY_MS - 1;
    const iso = d.toISOString();
    if (d.getUTCDate() === 1 && m === 0 && yearEnd <= to) {
      words.push(`'~${iso.slice(0, 4)}'`);
      day = yearEnd + 1;
    } else if (d.getUTCDate() === 1 && monthEnd <= to) {
      words.push(`'~${iso.slice(0, 7)}'`);
      day = monthEnd + 1;
    } else {
      words.push(`'~${iso.slice(0, 10)}'`);
      day += 1;
    }
  }
  return words.length === 1 ? words[0] ?? '' : `(${words.join(' | ')})`;
}
