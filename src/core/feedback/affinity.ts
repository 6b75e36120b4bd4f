import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '../db/client.js';
import { toDay } from '../papers/paper-row.js';

// What a channel's votes say about the day's papers, computed in Postgres from the papers' own text.
// Each paper is its title and keyword lexemes (tsvector weights A and B, i.e. `ai_keywords`); two
// papers are close when they share lexemes that are rare among the day's listings (idf over that
// day). A candidate's affinity is how close it is to the channel's nearest liked papers minus how
// close it is to its nearest disliked ones (k nearest, so a long voting history does not swamp it).
// One statement for every (channel, day) asked, whatever their number.

export interface AffinityRequest {
  day: string;
  channelId: number;
}

export interface Affinity {
  /** Mean similarity (0..1) to the channel's nearest liked papers. */
  liked: number;
  /** Mean similarity (0..1) to the channel's nearest disliked papers. */
  disliked: number;
  /** How many liked / disliked papers are close (similarity at or above CLOSE). */
  closeLiked: number;
  closeDisliked: number;
}

/** Neighbours averaged on each side. */
export const NEAREST = 3;
/** Similarity at which a voted paper counts as "close" in a card's reason. */
export const CLOSE = 0.2;
/** Lexemes in more than this share of the day's papers say nothing about a channel's taste. */
const MAX_DAY_SHARE = 0.25;

/** "day|channelId" -> paper id -> affinity; channels without votes are absent. */
export type AffinityMap = Map<string, Map<string, Affinity>>;

export const affinityKey = (day: string, channelId: number) => `${day}|${channelId}`;

export async function channelAffinities(db: Db, requests: AffinityRequest[]): Promise<AffinityMap> {
  const result: AffinityMap = new Map();
  const pairs = [...new Map(requests.map((r) => [affinityKey(r.day, r.channelId), { day: r.day, channel_id: r.channelId }])).values()];
  if (pairs.length === 0) return result;
  const rows = await queryRows<{ day: unknown; channel_id: number; paper_id: string; liked: number; disliked: number; close_liked: number; close_disliked: number }>(
    db,
    sql`with req as materialized (
      select distinct r.day, r.channel_id from jsonb_to_recordset(${JSON.stringify(pairs)}::jsonb) as r(day date, channel_id int)
    ),
    voted as materialized (
      select v.channel_id, v.paper_id, sign(sum(v.vote))::int as side
      from paper_votes v where v.channel_id in (select channel_id from req)
      group by v.channel_id, v.paper_id having sum(v.vote) <> 0
    ),
    cand as materialized (
      select l.day, l.paper_id, lex
      from daily_listings l join papers p on p.id = l.paper_id
      cross join unnest(tsvector_to_array(ts_filter(p.search, '{a,b}'))) as lex
      where l.day in (select day from req where channel_id in (select channel_id from voted))
    ),
    day_size as (select day, count(distinct paper_id)::float8 as n from cand group by day),
    idf as materialized (
      select c.day, c.lex, ln(s.n / count(*)) as w
      from cand c join day_size s on s.day = c.day
      group by c.day, c.lex, s.n
      having count(*) <= greatest(1, ${MAX_DAY_SHARE} * s.n)
    ),
    cand_norm as (select c.day, c.paper_id, sum(coalesce(i.w, 0)) as w from cand c left join idf i on i.day = c.day and i.lex = c.lex group by c.day, c.paper_id),
    voted_lex as materialized (
      select v.channel_id, v.paper_id, v.side, lex
      from voted v join papers p on p.id = v.paper_id
      cross join unnest(tsvector_to_array(ts_filter(p.search, '{a,b}'))) as lex
    ),
    pair as (
      select r.day, r.channel_id, c.paper_id as cand, vl.paper_id as voted, vl.side, sum(i.w) as shared
      from req r
      join voted_lex vl on vl.channel_id = r.channel_id
      join cand c on c.day = r.day and c.lex = vl.lex and c.paper_id <> vl.paper_id
      join idf i on i.day = c.day and i.lex = c.lex
      group by r.day, r.channel_id, c.paper_id, vl.paper_id, vl.side
    ),
    voted_norm as (
      -- A voted paper's weight on a day: its lexemes weighted by that day's idf (the rarest weight for
      -- lexemes the day never saw), so cosine-like similarities stay within 0..1.
      select r.day, vl.channel_id, vl.paper_id, sum(coalesce(i.w, ln(s.n))) as w
      from req r join voted_lex vl on vl.channel_id = r.channel_id join day_size s on s.day = r.day
      left join idf i on i.day = r.day and i.lex = vl.lex
      group by r.day, vl.channel_id, vl.paper_id
    ),
    sim as (
      select p.day, p.channel_id, p.cand, p.side,
        p.shared / sqrt(greatest(cn.w, 1e-9) * greatest(vn.w, 1e-9)) as s,
        row_number() over (partition by p.day, p.channel_id, p.cand, p.side
          order by p.shared / sqrt(greatest(cn.w, 1e-9) * greatest(vn.w, 1e-9)) desc) as r
      from pair p
      join cand_norm cn on cn.day = p.day and cn.paper_id = p.cand
      join voted_norm vn on vn.day = p.day and vn.channel_id = p.channel_id and vn.paper_id = p.voted
    )
    select day::text as day, channel_id, cand as paper_id,
      coalesce(sum(s) filter (where side > 0 and r <= ${NEAREST}), 0) / ${NEAREST} as liked,
      coalesce(sum(s) filter (where side < 0 and r <= ${NEAREST}), 0) / ${NEAREST} as disliked,
      count(*) filter (where side > 0 and s >= ${CLOSE})::int as close_liked,
      count(*) filter (where side < 0 and s >= ${CLOSE})::int as close_disliked
    from sim group by day, channel_id, cand`,
  );
  for (const row of rows) {
    const key = affinityKey(toDay(row.day), Number(row.channel_id));
    const byPaper = result.get(key) ?? new Map<string, Affinity>();
    byPaper.set(String(row.paper_id), {
      liked: Number(row.liked),
      disliked: Number(row.disliked),
      closeLiked: Number(row.close_liked),
      closeDisliked: Number(row.close_disliked),
    });
    result.set(key, byPaper);
  }
  return result;
}
