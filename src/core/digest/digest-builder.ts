import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '../db/client.js';
import type { Paper } from '../papers/paper.js';
import { paperColumns, paperFromRow, toStringArray } from '../papers/paper-row.js';
import { normalizeTopic } from '../subscriptions/subscription-store.js';
import type { DigestPaper } from './digest.js';

// Chooses papers for many digests at once. Topic matching is set-wise: each distinct topic is
// matched once against the day's listed papers, whatever the number of channels following it.

export interface DigestRequest {
  /** The caller's key for this request (e.g. the delivery id). */
  key: string;
  /** UTC day of listings to choose from. */
  day: string;
  /** Topics as typed; empty means every listed paper. */
  topics: string[];
  maxPapers: number;
  minUpvotes: number;
  /** Leave out papers already delivered to this channel (scheduled digests; not previews). */
  excludeDeliveredTo?: number;
}

export interface DigestBuilder {
  /** Papers for each request, ranked by the day's upvotes; two statements whatever the number of requests. */
  choose(requests: DigestRequest[]): Promise<Map<string, DigestPaper[]>>;
  /** Topics of many channels in one statement (channel id -> topics as typed, oldest first). */
  topicsOf(channelIds: number[]): Promise<Map<number, string[]>>;
  /** How many papers were listed on each day. */
  listedCounts(days: string[]): Promise<Map<string, number>>;
}

export function createDigestBuilder(db: Db): DigestBuilder {
  return {
    async choose(requests) {
      const result = new Map<string, DigestPaper[]>(requests.map((r) => [r.key, []]));
      if (requests.length === 0) return result;
      const reqJson = JSON.stringify(
        requests.map((r, i) => ({
          k: i,
          day: r.day,
          max: Math.max(1, Math.min(100, Math.trunc(r.maxPapers))),
          min: Math.max(0, Math.trunc(r.minUpvotes)),
          ch: r.excludeDeliveredTo ?? null,
          all: r.topics.length === 0,
        })),
      );
      const topicJson = JSON.stringify(
        requests.flatMap((r, i) => r.topics.map((topic, order) => ({ k: i, topic, norm: normalizeTopic(topic), ord: order }))),
      );
      // The CTEs are materialized on purpose: inlined, the planner (which guesses 100 rows for each
      // json list) matched every (request, topic) pair against the day's papers instead of each
      // distinct topic once, then joined all matches with all requests of the day before the topics:
      // seconds at a few hundred channels, growing with the channel count (bench/fanout.ts).
      const rows = await queryRows<Record<string, unknown>>(
        db,
        sql`with req as (
          select * from jsonb_to_recordset(${reqJson}::jsonb) as r(k int, day date, max int, min int, ch int, "all" boolean)
        ),
        req_topic as (
          select * from jsonb_to_recordset(${topicJson}::jsonb) as t(k int, topic text, norm text, ord int)
        ),
        topic_query as materialized (
          select norm, websearch_to_tsquery('english', norm) as q from (select distinct norm from req_topic) d
        ),
        days as (select distinct day from req),
        topic_match as materialized (
          select tq.norm, l.day, l.paper_id, l.upvotes
          from topic_query tq
          cross join days
          join daily_listings l on l.day = days.day
          join papers p on p.id = l.paper_id
          where numnode(tq.q) > 0 and p.search @@ tq.q
        ),
        req_topic_day as materialized (
          select rt.k, rt.topic, rt.norm, rt.ord, r.day from req_topic rt join req r on r.k = rt.k where not r."all"
        ),
        candidate as (
          select rd.k, m.paper_id, m.upvotes, array_agg(rd.topic order by rd.ord) as matched
          from req_topic_day rd
          join topic_match m on m.norm = rd.norm and m.day = rd.day
          group by rd.k, m.paper_id, m.upvotes
          union all
          select r.k, l.paper_id, l.upvotes, '{}'::text[]
          from req r join daily_listings l on l.day = r.day
          where r."all"
        ),
        ranked as (
          select c.*, row_number() over (partition by c.k order by c.upvotes desc, c.paper_id) as rn
          from candidate c join req r on r.k = c.k
          where c.upvotes >= r.min
            and (r.ch is null or not exists (
              select 1 from delivered_papers dp where dp.channel_id = r.ch and dp.paper_id = c.paper_id))
        )
        select rk.k, rk.rn, rk.upvotes as listed_upvotes, rk.matched, rk.paper_id
        from ranked rk join req r on r.k = rk.k
        where rk.rn <= r.max
        order by rk.k, rk.rn`,
      );
      // Thousands of digests share a day's few papers: each paper is read once, not once per digest.
      const ids = [...new Set(rows.map((row) => String(row.paper_id)))];
      const papers = new Map<string, Paper>();
      if (ids.length > 0) {
        const paperRows = await queryRows<Record<string, unknown>>(
          db,
          sql`select ${paperColumns('p')} from papers p where p.id in (select jsonb_array_elements_text(${JSON.stringify(ids)}::jsonb))`,
        );
        for (const row of paperRows) papers.set(String(row.id), paperFromRow(row));
      }
      for (const row of rows) {
        const request = requests[Number(row.k)];
        const paper = papers.get(String(row.paper_id));
        if (!request || !paper) continue;
        result.get(request.key)?.push({
          paper,
          upvotes: Number(row.listed_upvotes),
          matchedTopics: toStringArray(row.matched),
        });
      }
      return result;
    },

    async topicsOf(channelIds) {
      const map = new Map<number, string[]>(channelIds.map((id) => [id, []]));
      if (channelIds.length === 0) return map;
      const rows = await queryRows<{ channel_id: number; topic: string }>(
        db,
        sql`select channel_id, topic from topics
          where channel_id = any(string_to_array(${channelIds.join(',')}, ',')::int[])
          order by channel_id, id`,
      );
      for (const row of rows) map.get(Number(row.channel_id))?.push(String(row.topic));
      return map;
    },

    async listedCounts(days) {
      const map = new Map<string, number>(days.map((d) => [d, 0]));
      if (days.length === 0) return map;
      const rows = await queryRows<{ day: unknown; n: number }>(
        db,
        sql`select day::text as day, count(*)::int as n from daily_listings
          where day = any(string_to_array(${[...new Set(days)].join(',')}, ',')::date[]) group by day`,
      );
      for (const row of rows) map.set(String(row.day).slice(0, 10), Number(row.n));
      return map;
    },
  };
}
