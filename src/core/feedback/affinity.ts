import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '../db/client.js';
import { toDay } from '../papers/paper-row.js';

// What a channel's votes say about the day's papers, computed in Postgres from the papers' own text.
// Each paper is its keyword lexemes (tsvector weight B, from `ai_keywords`; its title's, weight A, when
// it has no keywords: titles alone are noisier, the benchmark measured it), weighted
// by how rare they are among the day's listings (idf over that day). A candidate's `liked` score is its
// dot product with the centroid of the channel's liked papers (Rocchio), `disliked` the same with the
// disliked ones: a lexeme many liked papers share (the channel's real interest) adds up, one a single
// paper happened to use does not. `evidence` is the same votes read as a naive Bayes classifier: the
// sum, over the candidate's lexemes that voted papers used, of each lexeme's log-odds of appearing in a
// liked paper rather than a disliked one (Laplace-smoothed). Rocchio says "close to what was liked";
// the log-odds say which words separate liked from disliked, and are not fooled by a word both share.
// The feedback benchmark measured them together above either alone (bench/feedback-notes.ts).
// `closeLiked` counts liked papers individually close to it (cosine), for the card's reason. A
// candidate's own votes never count toward its scores. One statement for every (channel, day) asked,
// whatever their number.

export interface AffinityRequest {
  day: string;
  channelId: number;
}

export interface Affinity {
  /** Closeness to the centroid of the channel's liked papers (0 when none share a lexeme). */
  liked: number;
  /** Closeness to the centroid of the channel's disliked papers. */
  disliked: number;
  /** How many liked / disliked papers are close (similarity at or above CLOSE). */
  closeLiked: number;
  closeDisliked: number;
  /** Naive Bayes log-odds that the channel would like it rather than dislike it (0: no evidence). */
  evidence: number;
}

/** Cosine similarity at which a liked or disliked paper counts as "close" in a card's reason. */
export const CLOSE = 0.15;
/** Laplace smoothing of the log-odds: a lexeme seen once on one side is weak evidence, not certainty. */
export const SMOOTHING = 1;

/** "day|channelId" -> paper id -> affinity; channels without votes are absent. */
export type AffinityMap = Map<string, Map<string, Affinity>>;

export const affinityKey = (day: string, channelId: number) => `${day}|${channelId}`;

export async function channelAffinities(db: Db, requests: AffinityRequest[]): Promise<AffinityMap> {
  const result: AffinityMap = new Map();
  const pairs = [...new Map(requests.map((r) => [affinityKey(r.day, r.channelId), { day: r.day, channel_id: r.channelId }])).values()];
  if (pairs.length === 0) return result;
  const rows = await queryRows<{ day: unknown; channel_id: number; paper_id: string; liked: number; disliked: number; close_liked: number; close_disliked: number; evidence: number }>(
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
      cross join unnest(tsvector_to_array(ts_filter(p.search, case when p.keywords_text = '' then '{a}' else '{b}' end::"char"[]))) as lex
      where l.day in (select day from req where channel_id in (select channel_id from voted))
    ),
    day_size as (select day, count(distinct paper_id)::float8 as n from cand group by day),
    idf as materialized (
      -- Smoothed: a lexeme every paper of the day uses still weighs a little, a unique one most.
      select c.day, c.lex, ln((s.n + 1) / (count(*) + 0.5)) as w
      from cand c join day_size s on s.day = c.day
      group by c.day, c.lex, s.n
    ),
    cand_norm as (select c.day, c.paper_id, sqrt(sum(i.w * i.w)) as w from cand c join idf i on i.day = c.day and i.lex = c.lex group by c.day, c.paper_id),
    sides as (select channel_id, count(*) filter (where side > 0) as liked, count(*) filter (where side < 0) as disliked from voted group by channel_id),
    voted_lex as materialized (
      select v.channel_id, v.paper_id, v.side, lex
      from voted v join papers p on p.id = v.paper_id
      cross join unnest(tsvector_to_array(ts_filter(p.search, case when p.keywords_text = '' then '{a}' else '{b}' end::"char"[]))) as lex
    ),
    pair as (
      select r.day, r.channel_id, c.paper_id as cand, vl.paper_id as voted, vl.side, sum(i.w * i.w) as shared
      from req r
      join voted_lex vl on vl.channel_id = r.channel_id
      join cand c on c.day = r.day and c.lex = vl.lex and c.paper_id <> vl.paper_id
      join idf i on i.day = c.day and i.lex = c.lex
      group by r.day, r.channel_id, c.paper_id, vl.paper_id, vl.side
    ),
    voted_norm as (
      -- A voted paper's weight on a day: its lexemes weighted by that day's idf (the rarest weight for
      -- lexemes the day never saw), so cosine-like similarities stay within 0..1.
      select r.day, vl.channel_id, vl.paper_id, sqrt(sum(power(coalesce(i.w, ln(s.n + 1)), 2))) as w
      from req r join voted_lex vl on vl.channel_id = r.channel_id join day_size s on s.day = r.day
      left join idf i on i.day = r.day and i.lex = vl.lex
      group by r.day, vl.channel_id, vl.paper_id
    ),
    lex_sides as (
      select channel_id, lex, count(*) filter (where side > 0) as lc, count(*) filter (where side < 0) as dc
      from voted_lex group by channel_id, lex
    ),
    evidence as (
      -- Log-odds per lexeme the candidate shares with voted papers, its own vote (if any) taken out.
      select r.day, r.channel_id, c.paper_id as cand,
        sum(ln((ls.lc - own.l + ${SMOOTHING}::float8) / (n.liked - own.l + 2 * ${SMOOTHING}::float8))
          - ln((ls.dc - own.d + ${SMOOTHING}::float8) / (n.disliked - own.d + 2 * ${SMOOTHING}::float8))) as evidence
      from req r
      join cand c on c.day = r.day
      join lex_sides ls on ls.channel_id = r.channel_id and ls.lex = c.lex
      join sides n on n.channel_id = r.channel_id
      left join voted v on v.channel_id = r.channel_id and v.paper_id = c.paper_id
      cross join lateral (select case when v.side > 0 then 1 else 0 end as l, case when v.side < 0 then 1 else 0 end as d) own
      where ls.lc - own.l + ls.dc - own.d > 0
      group by r.day, r.channel_id, c.paper_id
    ),
    sim as (
      select p.day, p.channel_id, p.cand, p.side, p.shared / greatest(cn.w, 1e-9) as dot,
        p.shared / greatest(cn.w * vn.w, 1e-9) as cosine
      from pair p
      join cand_norm cn on cn.day = p.day and cn.paper_id = p.cand
      join voted_norm vn on vn.day = p.day and vn.channel_id = p.channel_id and vn.paper_id = p.voted
    )
    select s.day::text as day, s.channel_id, s.cand as paper_id,
      coalesce(sum(s.dot) filter (where s.side > 0), 0) / greatest(min(n.liked), 1) as liked,
      coalesce(sum(s.dot) filter (where s.side < 0), 0) / greatest(min(n.disliked), 1) as disliked,
      count(*) filter (where s.side > 0 and s.cosine >= ${CLOSE})::int as close_liked,
      count(*) filter (where s.side < 0 and s.cosine >= ${CLOSE})::int as close_disliked,
      coalesce(min(e.evidence), 0) as evidence
    from sim s join sides n on n.channel_id = s.channel_id
    left join evidence e on e.day = s.day and e.channel_id = s.channel_id and e.cand = s.cand
    group by s.day, s.channel_id, s.cand`,
  );
  for (const row of rows) {
    const key = affinityKey(toDay(row.day), Number(row.channel_id));
    const byPaper = result.get(key) ?? new Map<string, Affinity>();
    byPaper.set(String(row.paper_id), {
      liked: Number(row.liked),
      disliked: Number(row.disliked),
      closeLiked: Number(row.close_liked),
      closeDisliked: Number(row.close_disliked),
      evidence: Number(row.evidence),
    });
    result.set(key, byPaper);
  }
  return result;
}
