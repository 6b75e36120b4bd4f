import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '../db/client.js';
import type { Paper } from '../papers/paper.js';
import { paperColumns, paperFromRow, toDay } from '../papers/paper-row.js';
import { normalizeTopic } from '../subscriptions/subscription-store.js';
import { affinityKey, channelAffinities, type Affinity, type AffinityMap } from '../feedback/affinity.js';
import type { DigestPaper } from './digest.js';
import { periodDays } from './period.js';
import { rankListings, selectPapers, type Listing, type Selection } from './select-papers.js';

// Chooses papers for many digests at once. Topic matching is set-wise: each distinct topic is
// matched once against the day's listed papers, whatever the number of channels following it.

export interface DigestRequest {
  /** The caller's key for this request (e.g. the delivery id). */
  key: string;
  /** UTC day of listings to choose from (the last day, with `from`). */
  day: string;
  /**
   * A weekly or monthly digest's first day: its papers are those listed on any day from `from` to
   * `day`, ranked by the store's latest upvotes (a paper listed a week ago has had a week to gather
   * them; its listing day's count was taken on that day).
   */
  from?: string;
  /** Topics as typed; empty means every listed paper. */
  topics: string[];
  maxPapers: number;
  minUpvotes: number;
  /** Leave out papers already delivered to this channel (scheduled digests; not previews). */
  excludeDeliveredTo?: number;
  /** Rank by what this channel's votes taught (papers like the liked ones rise, like the disliked ones fall). */
  learnFrom?: number;
  /**
   * The selection an earlier attempt began posting: used as it is, so a resumed digest has the same
   * papers in the same order (and the same parts) even if upvotes, votes or topics changed since.
   */
  planned?: Selection[];
}

export interface DigestBuilder {
  /** Papers for each request, ranked by the day's upvotes and the channel's votes; four statements whatever the number of requests. */
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
      const spanOf = (r: DigestRequest) => (r.from !== undefined && r.from < r.day ? periodDays({ from: r.from, to: r.day }) : [r.day]);
      const spanKey = (r: DigestRequest) => (r.from !== undefined && r.from < r.day ? `${r.from}..${r.day}` : r.day);
      const days = [...new Set(requests.flatMap(spanOf))];
      const norms = [...new Set(requests.flatMap((r) => r.topics.map(normalizeTopic)))];
      const anyRange = requests.some((r) => spanKey(r) !== r.day);
      const channelIds = [...new Set(requests.map((r) => r.excludeDeliveredTo).filter((id): id is number => id !== undefined))];

      // 1. Each distinct topic is matched once against each day's listed papers, and the listings
      //    themselves come along (kind 'l'): a few thousand rows, whatever the number of channels.
      const rows = await queryRows<{ kind: string; norm: string | null; day: unknown; paper_id: string; upvotes: number; latest: number | null }>(
        db,
        sql`with days as (select jsonb_array_elements_text(${JSON.stringify(days)}::jsonb)::date as day),
        topic_query as materialized (
          select norm, websearch_to_tsquery('english', paperboy_words(norm)) as q
          from jsonb_array_elements_text(${JSON.stringify(norms)}::jsonb) as t(norm)
        ),
        listed as materialized (
          select l.day, l.paper_id, l.upvotes from daily_listings l join days d on d.day = l.day
        )
        select 'l' as kind, null as norm, ls.day::text as day, ls.paper_id, ls.upvotes, ${anyRange ? sql`p.upvotes` : sql`null::int`} as latest
        from listed ls ${anyRange ? sql`join papers p on p.id = ls.paper_id` : sql``}
        union all
        select 'm', tq.norm, ls.day::text, ls.paper_id, ls.upvotes, null
        from topic_query tq
        cross join listed ls
        join papers p on p.id = ls.paper_id
        where numnode(tq.q) > 0 and p.search @@ tq.q`,
      );
      const listings = new Map<string, Listing[]>();
      const matches = new Map<string, Map<string, Set<string>>>();
      const latest = new Map<string, number>();
      for (const row of rows) {
        const day = toDay(row.day);
        if (row.kind === 'l') {
          const list = listings.get(day) ?? [];
          list.push({ paperId: String(row.paper_id), upvotes: Number(row.upvotes) });
          listings.set(day, list);
          if (row.latest != null) latest.set(String(row.paper_id), Number(row.latest));
        } else {
          const byNorm = matches.get(day) ?? new Map<string, Set<string>>();
          const set = byNorm.get(String(row.norm)) ?? new Set<string>();
          set.add(String(row.paper_id));
          byNorm.set(String(row.norm), set);
          matches.set(day, byNorm);
        }
      }
      const ranked = new Map([...listings].map(([day, list]) => [day, rankListings(list)]));
      // A period's papers: each paper once, at the store's latest upvotes; its topic matches from every day.
      const spanMatches = new Map<string, Map<string, Set<string>>>();
      for (const request of requests) {
        const key = spanKey(request);
        if (key === request.day || ranked.has(key)) continue;
        const papers = new Map<string, Listing>();
        const byNorm = new Map<string, Set<string>>();
        for (const day of spanOf(request)) {
          for (const l of listings.get(day) ?? []) papers.set(l.paperId, { paperId: l.paperId, upvotes: latest.get(l.paperId) ?? l.upvotes });
          for (const [norm, ids] of matches.get(day) ?? []) byNorm.set(norm, new Set([...(byNorm.get(norm) ?? []), ...ids]));
        }
        ranked.set(key, rankListings([...papers.values()]));
        spanMatches.set(key, byNorm);
      }
      const matchesOf = (r: DigestRequest) => spanMatches.get(spanKey(r)) ?? matches.get(r.day) ?? new Map<string, Set<string>>();

      // 2. What the channels already received among those papers.
      const delivered = new Map<number, Set<string>>();
      if (channelIds.length > 0) {
        const sent = await queryRows<{ channel_id: number; paper_id: string }>(
          db,
          sql`select dp.channel_id, dp.paper_id from delivered_papers dp
          where dp.channel_id in (select jsonb_array_elements_text(${JSON.stringify(channelIds)}::jsonb)::int)
            and dp.paper_id in (select l.paper_id from daily_listings l
              where l.day in (select jsonb_array_elements_text(${JSON.stringify(days)}::jsonb)::date))`,
        );
        for (const row of sent) {
          const set = delivered.get(Number(row.channel_id)) ?? new Set<string>();
          set.add(String(row.paper_id));
          delivered.set(Number(row.channel_id), set);
        }
      }

      // 3. What the channels' votes say about the day's papers, for every learning channel at once.
      //    A period's affinities are each of its days' (a paper's, from the days it was listed on).
      const learning = requests.flatMap((r) => (r.learnFrom === undefined ? [] : spanOf(r).map((day) => ({ day, channelId: r.learnFrom as number }))));
      const affinities: AffinityMap = learning.length > 0 ? await channelAffinities(db, learning) : new Map();
      const learnedOf = (r: DigestRequest): Map<string, Affinity> | undefined => {
        if (r.learnFrom === undefined) return undefined;
        const days = spanOf(r);
        if (days.length === 1) return affinities.get(affinityKey(r.day, r.learnFrom));
        const merged = new Map<string, Affinity>();
        for (const day of days) for (const [id, a] of affinities.get(affinityKey(day, r.learnFrom)) ?? []) merged.set(id, a);
        return merged;
      };

      // 4. Rank per digest in memory, then read each chosen paper once.
      const chosen = requests.map((r) =>
        r.planned ??
        selectPapers(
          r,
          ranked.get(spanKey(r)) ?? [],
          matchesOf(r),
          r.excludeDeliveredTo === undefined ? undefined : delivered.get(r.excludeDeliveredTo),
          learnedOf(r),
        ),
      );
      const ids = [...new Set(chosen.flatMap((list) => list.map((s) => s.paperId)))];
      const papers = new Map<string, Paper>();
      if (ids.length > 0) {
        const paperRows = await queryRows<Record<string, unknown>>(
          db,
          sql`select ${paperColumns('p')} from papers p where p.id in (select jsonb_array_elements_text(${JSON.stringify(ids)}::jsonb))`,
        );
        for (const row of paperRows) papers.set(String(row.id), paperFromRow(row));
      }
      requests.forEach((request, i) => {
        const list = result.get(request.key);
        for (const s of chosen[i] ?? []) {
          const paper = papers.get(s.paperId);
          if (!paper || !list) continue;
          list.push(s.closeLiked === undefined ? { paper, upvotes: s.upvotes, matchedTopics: s.matchedTopics } : { paper, upvotes: s.upvotes, matchedTopics: s.matchedTopics, closeLiked: s.closeLiked });
        }
      });
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
