import { sql, type SQL } from 'drizzle-orm';
import { queryRows, type Db } from '../db/client.js';

// The newest `limit` papers matching a condition (see search-pages.ts for why newest), as ids,
// newest first. They are found tier by tier, newest first: the newest 2 days, then back to 4, 8,
// 16 ... 4096 days (TIER_DAYS; from a month on, to the nearest first of a month or year), then the
// rest; each tier one statement (or the tiers a density already seen says are all needed, as one:
// tiersAhead), and older tiers run only while newer ones held fewer than `limit` matches. The
// tiers partition time, so the ids are exactly the newest `limit` matches (all of them when fewer
// match).
//
// A tier is a set of publication days, written as words every indexed vector holds
// (drizzle/0011: '~2026', '~2026-06', '~2026-06-30'; whole years and months where the tier spans
// them). The caller ANDs the tier's words into each of its full-text tests, so one GIN scan answers
// "these words, in these days": GIN drives it by its rarest entries, the tier's days for a common
// word (a few hundred papers) or the word for a rare one, and never builds the bitmap of every
// paper a common word or surname is in (50-130 ms each at a million papers, once per tier, when
// tiers were published_at ranges ANDed with the words' bitmaps). A tier then sorts its matches by
// date, reading only those. Each paper the days' postings hold is checked against every word of
// the tier, so tiers are whole months and years where they can be (storeTiers, tierCover). A tier
// then costs about 0.06 us per paper of its days and index (TIER_PAPER_US), and each is about
// twice as long as the one before, so a query's tiers cost about what the papers holding its
// `limit` newest matches cost.
//
// One statement per step, not one statement of every tier: a statement holding all of them
// (twelve tiers for each candidate set) took 10 ms to plan at a million papers, most of it for
// tiers that never ran.

/** Where each tier ends, in days back from the newest paper's day (the last tier is the rest). */
const TIER_DAYS = [2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096];
const DAY_MS = 86_400_000;

/** One tier: its days as tsquery text ('~2026-06-30' | '~2026-05' | ...), to AND into a query. */
export type Tier = string;

/** A tier and the days it spans (UTC day numbers). */
export interface TierSpan {
  /** The words of the days it walks (see tierCover): its own, or a whole month or year holding them. */
  tier: Tier;
  from: number;
  days: number;
  /**
   * Whether its words hold days outside its own (newer days already walked, or a month or year
   * reaching past the store's newest or oldest day), which a date test on the rows then drops.
   */
  wider: boolean;
  /** Days its words walk that hold papers (within the store's first and newest day). */
  walked: number;
  /** How many words its days are. */
  words: number;
}

/** The store's tiers, newest first, and the days they span in all. */
export interface StoreTiers {
  spans: TierSpan[];
  days: number;
  /** The store's first and newest day (UTC day numbers). */
  first: number;
  newest: number;
}

export interface PoolScan {
  /**
   * The condition on `papers p`, given a tier's days as tsquery text, which it must AND into every
   * full-text test an index answers; without a tier, the condition on the whole store.
   */
  where: (tier?: Tier) => SQL;
  limit: number;
  /** Try one scan of the whole store first (see quickFirst). */
  quick: boolean;
  /** The lexicon's estimate of the index entries one scan of the whole store walks. */
  postings: number;
  /** The indexes each tier walks the days of: the words', and a filter's prefixes' (the names index). */
  indexes: number;
  /** The lexicon's estimate of the papers matching in the whole store (words taken as independent). */
  matches: number;
  /** Papers in the store (the lexicon's estimate). */
  store: number;
  /**
   * A further test, read paper by paper (a phrase: the index only knows its words are there), on
   * `p.search` alone: the answer is then the newest `limit` of the newest `checked` matches that
   * pass it.
   */
  keep?: { test: SQL; checked: number };
}

/**
 * The ids of the newest `limit` papers matching, newest first (no tiers, as for an empty store or
 * a since: after the newest paper: none). With `quick`, one scan of the whole store comes first:
 * GIN walks the rarest word's postings once, and the scan stops reading papers at QUICK_ROWS + 1;
 * when no more match, their newest `limit` are the answer and no tier runs.
 *
 * With `keep`, the matches are those of the newest `checked` that pass its test. Each tier's
 * statement tests the matches its limit kept, after sorting them (a test the planner could see as
 * an index condition was answered with a GIN scan of the whole store: 350-400 ms at a million
 * papers), and the tiers stop once `limit` passed or `checked` were tested: a phrase whose words
 * mostly meet as the phrase costs the tiers holding its `limit` newest, not those holding
 * `checked` papers with its words.
 */
export async function newestIds(db: Db, scan: PoolScan, tiers: StoreTiers): Promise<string[]> {
  const { where, limit, keep } = scan;
  const wanted = keep ? keep.checked : limit;
  if (limit <= 0 || wanted <= 0) return [];
  if (scan.quick) {
    const most = Math.max(wanted, QUICK_ROWS);
    // Sorted like the tiers (newest first, then id in the database's order), so either way gives
    // the same ids.
    const rows = await queryRows<{ id: string }>(db, sql`
      select q.id from (select p.id, p.published_at from papers p where ${where()} limit ${most + 1}) as q
      order by q.published_at desc, q.id`);
    if (rows.length <= most) {
      const ids = rows.slice(0, wanted).map((r) => String(r.id));
      return keep ? kept(db, ids, keep.test, limit) : ids.slice(0, limit);
    }
  }
  const ids: string[] = [];
  let seen = 0;
  // The newest matches still missing. `+ interval '0'` orders the same but no index provides that
  // order: the planner sorts the GIN matches instead of walking published_at and testing every
  // paper it passes.
  const addNewest = async (condition: SQL): Promise<void> => {
    const newest = (columns: SQL) => sql`select ${columns} from papers p where ${condition}
      order by p.published_at + interval '0 seconds' desc, p.id limit ${wanted - seen}`;
    // The test runs on the sorted rows the limit kept (never in the scan, on every match), reading
    // the vector those rows carry, not each paper again by id.
    const rows = keep
      ? await queryRows<{ id: string; kept: boolean }>(db, sql`
          select p.id, ${keep.test} as kept from (${newest(sql`p.id, p.published_at, p.search`)}) as p
          order by p.published_at desc, p.id`)
      : await queryRows<{ id: string; kept?: boolean }>(db, newest(sql`p.id`));
    seen += rows.length;
    for (const row of rows) if (!keep || row.kept === true) ids.push(String(row.id));
  };
  let visitedDays = 0;
  let at = 0;
  while (at < tiers.spans.length) {
    const span = tiers.spans[at] as TierSpan;
    if (at > 0 && restFirst(scan, tiers, at, visitedDays, seen, ids.length)) {
      // Sparse matches: one scan of the whole store for the rest, older than the tiers visited.
      await addNewest(sql`${where()} and ${publishedBefore(span.from + span.days)}`);
      break;
    }
    const ahead = at > 0 ? tiersAhead(scan, tiers, at, visitedDays, seen, ids.length) : 1;
    const step = ahead === 1 ? span : joined(tiers, at, ahead);
    await addNewest(step.wider ? sql`${where(step.tier)} and ${withinDays(step)}` : where(step.tier));
    visitedDays += step.days;
    at += ahead;
    if (ids.length >= limit || seen >= wanted) break;
  }
  return ids.slice(0, limit);
}

/** The first `limit` of `ids` (in their order) that pass `test`, each read by id (see newestIds). */
async function kept(db: Db, ids: string[], test: SQL, limit: number): Promise<string[]> {
  if (ids.length === 0) return [];
  const rows = await queryRows<{ id: string }>(db, sql`
    select p.id from json_array_elements_text(${JSON.stringify(ids)}::json) with ordinality as u(id, n),
      lateral (select p.id, p.search from papers p where p.id = u.id offset 0) as p
    where ${test}
    order by u.n limit ${limit}`);
  return rows.map((r) => String(r.id));
}

/**
 * How many tiers from `from` on to walk as one statement: all of those that, at the density the
 * tiers walked so far found matches (an upper estimate of it: two standard deviations above what
 * was counted), together still hold fewer than the matches wanted. Each statement costs its
 * planning and round trip (about 1 ms on PGlite, where a phrase walked 8 tiers for each candidate
 * set); tiers that are all needed anyway cost the same as one. Not before a few matches were seen:
 * their density says little.
 */
function tiersAhead(scan: PoolScan, tiers: StoreTiers, from: number, visitedDays: number, found: number, kept: number): number {
  if (found < 3) return 1;
  const perDay = papersPerDay(scan, tiers);
  const density = matchRate(scan, tiers, visitedDays, found + 2 * Math.sqrt(found) + 1);
  const wanted = scan.keep?.checked ?? scan.limit;
  const passing = scan.keep ? (kept + 2 * Math.sqrt(kept) + 1) / Math.max(found, 1) : 1;
  let expected = found;
  let n = 0;
  for (const span of tiers.spans.slice(from)) {
    const next = expected + density * span.days * perDay;
    if (n > 0 && (next >= wanted || next * passing >= scan.limit)) break;
    expected = next;
    n += 1;
  }
  return Math.max(1, n);
}

/** Tiers at..at+n-1 as one, with the cheapest words for their days. */
function joined(tiers: StoreTiers, at: number, n: number): TierSpan {
  const newest = tiers.spans[at] as TierSpan;
  const oldest = tiers.spans[at + n - 1] as TierSpan;
  const days = newest.from + newest.days - oldest.from;
  return { ...tierCover(oldest.from, oldest.from + days - 1, tiers), from: oldest.from, days };
}

/** The store's papers per day (the lexicon's count over the days the tiers span). */
function papersPerDay(scan: PoolScan, tiers: StoreTiers): number {
  return scan.store / Math.max(tiers.days, 1);
}

/**
 * The share of papers matching, from `found` matches in the days visited. The lexicon's estimate
 * is a floor: independent words meet less often than real ones do, and the first tiers' few
 * hundred papers are too few to tell a rare word from an uncommon one.
 */
function matchRate(scan: PoolScan, tiers: StoreTiers, visitedDays: number, found: number): number {
  return Math.max(found / Math.max(visitedDays * papersPerDay(scan, tiers), 1), scan.matches / Math.max(scan.store, 1));
}

/**
 * Whether the rest of the store (this tier and every older one) is cheaper as one scan without
 * tiers: its GIN walk of the rarest word's postings (about 0.25 us each) and its reads of every
 * match (READ_US each; the newer ones too, which the date test then drops), against walking
 * the tiers still needed: at the density the tiers visited so far found matches, those holding the
 * `wanted` newest, each TIER_PAPER_US a paper of its days and a statement (STATEMENT_US). That
 * density, not the lexicon's independence estimate, since words that go together (a method and
 * its task, a word and a filter) match far more often than independent words would; and all the
 * tiers still needed, not only the next: a filter with a word walks two indexes a tier, and its
 * matches are spread thin over the years (at a million papers, when tiers were day words, two
 * tiers of 256 and 512 days took 43 ms where the rest as one scan took 28; as months and years,
 * the tiers of `goodness org:"UC Berkeley"` take 17 ms where the rest as one scan took 34).
 */
function restFirst(scan: PoolScan, tiers: StoreTiers, from: number, visitedDays: number, found: number, kept: number): boolean {
  if (scan.postings > WHOLE_POSTINGS) return false;
  const perDay = papersPerDay(scan, tiers);
  const density = matchRate(scan, tiers, visitedDays, found);
  const rest = 0.25 * scan.postings + READ_US * (found + density * (tiers.days - visitedDays) * perDay);
  // With a test to pass, the tiers stop once `limit` passed, at the rate they have been passing
  // (smoothed: a tier of two matches says little), or once `checked` were tested.
  const wanted = scan.keep?.checked ?? scan.limit;
  const passing = scan.keep ? (kept + 1) / (found + 2) : 1;
  let walk = 0;
  let expected = found;
  for (const span of tiers.spans.slice(from)) {
    walk += STATEMENT_US + TIER_PAPER_US * (1 + WORD_COST * span.words) * scan.indexes * span.walked * perDay;
    expected += density * span.days * perDay;
    if (expected >= wanted || expected * passing >= scan.limit || walk > rest) break;
  }
  return rest < walk;
}

/**
 * Postings beyond which a scan of the whole store is never chosen: its bitmaps, built whole, outgrow
 * work_mem (16 MB in the server's sessions, see db/client.ts; 4 MB by default) and go lossy, and
 * then every paper on a lossy page is read and tested again (a common surname with a word: 200 ms
 * at a million papers, with 4 MB).
 */
const WHOLE_POSTINGS = 100_000;

/**
 * What the rest scan pays to read one match (microseconds): 5.7 at a million papers with the pages
 * in memory (5,519 title matches in 31 ms), two to three times that for pages read from disk, as
 * in a store larger than its cache. At 4, the scan was chosen for titles of words that go together
 * and read thousands of papers (`designing masked modeling`: 31 ms where the tiers take 10); at 8,
 * server 1M p95 went from 26-30 to 26-27 ms and PGlite 100k title p95 from 45 to 39 ms (profiler,
 * two to three runs each).
 */
const READ_US = 8;

/** What one more statement costs beyond its work: a round trip and planning (microseconds). */
const STATEMENT_US = 500;

/**
 * Whether a pool should try one scan of the whole store first: when the lexicon says the rarest
 * word is in no more papers than the scan reads (QUICK_ROWS), so that it holds every match and no
 * tier runs. Beyond that the tiers run, and their first tier tells the density the rest of the
 * store is judged by (restFirst): one scan for the rest when matches are sparse.
 *
 * Not on the lexicon's estimate of the matches, which takes the words as independent: words that
 * go together, a phrase's above all, match tens of times more often (titles holding "efficient
 * alignment encoder video" at a million papers: 19,695, estimated 216), and a scan chosen on it,
 * or on postings up to 3,000, often read its 500 papers for nothing before the tiers ran. Up to
 * QUICK_ROWS postings instead of 3,000: p95 from 25-28 to 23-24 ms (server, 1M) and phrase,
 * title and filter p50 from 28-31 to 25-26 ms (PGlite, 100k), in A/B runs of the search
 * benchmark's queries. Never first (the first tier, then the rest as one scan): the same on those,
 * but on the real feed's 10,000 papers, whose words are nearly all this rare, PGlite p95 went from
 * 14 to 23 ms (two statements where one did).
 */
export function quickFirst(postings: number): boolean {
  return postings <= QUICK_ROWS;
}

/** Papers the one scan reads at most (about 10 ms of paper reads); when more match, the tiers run. */
const QUICK_ROWS = 500;

/** A tier's own days, for the rows of a tier whose words hold more. */
function withinDays(span: TierSpan): SQL {
  return sql`p.published_at + interval '0 seconds' >= ${dayStart(span.from)}::timestamptz and ${publishedBefore(span.from + span.days)}`;
}

/** Papers published before UTC day `day` (`+ interval '0'`: tested on the rows found, never an index range). */
function publishedBefore(day: number): SQL {
  return sql`p.published_at + interval '0 seconds' < ${dayStart(day)}::timestamptz`;
}

/** The start of UTC day `day`, as ISO text. */
function dayStart(day: number): string {
  return new Date(day * DAY_MS).toISOString();
}

/**
 * The tiers of the store as it is now (its newest and oldest day, read through the published_at
 * index each time: a cache would hide papers ingested since), from `since` (YYYY-MM-DD) on when
 * given.
 *
 * Tiers of a month and more start on the first of a month, and those of 512 days and more on
 * January 1st, the nearest to where doubling puts them, so that their days are whole months and
 * years: few words. A tier's GIN scan costs about 55 ns per paper of its days plus 5.5 ns per
 * paper for each word of the tier (every paper the days' postings hold is checked against every
 * word: at a million papers, three months as 92 day words took 14 ms, as three month words
 * 1.9 ms), and tiers whose edges fell mid-month were 30 to 60 words.
 */
export async function storeTiers(db: Db, since?: string): Promise<StoreTiers> {
  const [row] = await queryRows<{ newest: number | null; oldest: number | null }>(db, sql`
    select (extract(epoch from max(published_at)) * 1000)::float8 as newest,
      (extract(epoch from min(published_at)) * 1000)::float8 as oldest from papers`);
  if (row?.newest == null || row.oldest == null) return { spans: [], days: 0, first: 0, newest: 0 };
  const newest = Math.floor(Number(row.newest) / DAY_MS);
  const first = Math.floor(Number(row.oldest) / DAY_MS);
  const start = since ? Math.floor(Date.parse(`${since}T00:00:00Z`) / DAY_MS) : -Infinity;
  const oldest = Math.max(first, start);
  const spans: TierSpan[] = [];
  let to = newest;
  for (const back of [...TIER_DAYS, Infinity]) {
    const from = Math.max(oldest, snap(newest - back + 1, back));
    if (from > to) continue; // snapped onto a newer tier's days
    spans.push({ ...tierCover(from, to, { first, newest }), from, days: to - from + 1 });
    to = from - 1;
    if (to < oldest) break;
  }
  return { spans, days: Math.max(0, newest - oldest + 1), first, newest };
}

/** A tier's first day: `day`, or for long tiers the nearest first of a month (a month and more) or of a year (512 days and more). */
function snap(day: number, back: number): number {
  if (back < 32 || !Number.isFinite(day)) return day;
  const nearest = (a: number, b: number) => (day - a <= b - day ? a : b);
  return back >= 512 ? nearest(yearStart(day), yearEnd(day) + 1) : nearest(monthStart(day), monthEnd(day) + 1);
}

/**
 * What a tier's GIN scan costs per paper its days hold, in one index (microseconds), and what each
 * word of the tier adds to that, as a share of it: at a million papers, the postings of three
 * month words and a common word, 25,000 papers, took 1.9 ms, of 92 day words and the word 14 ms,
 * of '~2025' and a common word (91,000 papers) 6.5 ms.
 */
const TIER_PAPER_US = 0.055;
const WORD_COST = 0.1;

/**
 * The cheapest words for the days from..to (a tier; every newer day is an earlier tier's): its days
 * as they are, or reaching on to the end of their month or year (days walked already, or none
 * yet), or back to the start of theirs. Days before the store's first hold nothing; older days that
 * hold papers (a since: day, or a tier starting mid-month) cost OLDER_COST each more, since their
 * matches are read here for nothing (and again by the next tier).
 */
export function tierCover(from: number, to: number, store: { first: number; newest: number }): Omit<TierSpan, 'from' | 'days'> {
  const starts = [from, monthStart(from), yearStart(from)].filter((d, i, all) => all.indexOf(d) === i);
  const ends = [to, monthEnd(to), yearEnd(to)].filter((d, i, all) => all.indexOf(d) === i);
  let best: { lo: number; hi: number; words: string[]; walked: number; cost: number } | undefined;
  for (const lo of starts) {
    for (const hi of ends) {
      const words = wordsOf(lo, hi);
      const walked = Math.max(0, Math.min(hi, store.newest) - Math.max(lo, store.first) + 1);
      const older = Math.max(0, from - Math.max(lo, store.first));
      const cost = walked * (1 + WORD_COST * words.length) + OLDER_COST * older;
      if (!best || cost < best.cost) best = { lo, hi, words, walked, cost };
    }
  }
  // The days as they are come first (lo = from, hi = to), so `best` is always set.
  const { lo, hi, words, walked } = best as NonNullable<typeof best>;
  return { tier: joinWords(words), wider: lo !== from || hi !== to, walked, words: words.length };
}

/**
 * What an older day walked for nothing costs more than walking it (per paper, in the units of
 * WORD_COST): its matches are read from the table, about 8 us each against 0.055 us a paper
 * walked, so 145 x the share of papers matching; 3 is a word in 50.
 */
const OLDER_COST = 3;

const monthStart = (day: number): number => {
  const d = new Date(day * DAY_MS);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1) / DAY_MS;
};
const monthEnd = (day: number): number => {
  const d = new Date(day * DAY_MS);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1) / DAY_MS - 1;
};
const yearStart = (day: number): number => Date.UTC(new Date(day * DAY_MS).getUTCFullYear(), 0, 1) / DAY_MS;
const yearEnd = (day: number): number => Date.UTC(new Date(day * DAY_MS).getUTCFullYear() + 1, 0, 1) / DAY_MS - 1;

/** The days from..to (UTC day numbers, inclusive) as few words: whole years, whole months, days. */
export function dayWords(from: number, to: number): Tier {
  return joinWords(wordsOf(from, to));
}

function joinWords(words: string[]): Tier {
  return words.length === 1 ? words[0] ?? '' : `(${words.join(' | ')})`;
}

function wordsOf(from: number, to: number): string[] {
  const words: string[] = [];
  let day = from;
  while (day <= to) {
    const d = new Date(day * DAY_MS);
    const iso = d.toISOString();
    if (d.getUTCDate() === 1 && d.getUTCMonth() === 0 && yearEnd(day) <= to) {
      words.push(`'~${iso.slice(0, 4)}'`);
      day = yearEnd(day) + 1;
    } else if (d.getUTCDate() === 1 && monthEnd(day) <= to) {
      words.push(`'~${iso.slice(0, 7)}'`);
      day = monthEnd(day) + 1;
    } else {
      words.push(`'~${iso.slice(0, 10)}'`);
      day += 1;
    }
  }
  return words;
}
