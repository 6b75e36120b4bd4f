import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '../db/client.js';

// Votes on papers, per channel: one per person per paper, changeable. Platform-free: a vote names the
// channel by its database id and the person by the platform's user id.

export type VoteValue = 1 | -1;

export interface VoteInput {
  channelId: number;
  paperId: string;
  voterId: string;
  vote: VoteValue;
}

export interface VoteOutcome {
  /** The person's vote before this one; null when it is their first on this paper here. */
  previous: VoteValue | null;
  /** The channel's net votes on the paper after this one. */
  net: number;
}

export interface ChannelLessons {
  /** Papers whose net vote is positive / negative. */
  liked: number;
  disliked: number;
  votes: number;
  voters: number;
  /** The papers' own keywords most common among liked (or disliked) papers, most common first. */
  likedKeywords: string[];
  dislikedKeywords: string[];
}

export interface VoteStore {
  /** Records (or changes) one person's vote; false when the paper is not in the store. */
  record(input: VoteInput): Promise<VoteOutcome | null>;
  /** Deletes every vote of a channel; returns how many there were. */
  forget(channelId: number): Promise<number>;
  /** What a channel's votes taught its digest. */
  lessons(channelId: number, keywords?: number): Promise<ChannelLessons>;
}

export function createPgVoteStore(db: Db, now: () => Date): VoteStore {
  return {
    async record(input) {
      // One statement: the upsert reports the earlier vote (xmax <> 0 means the row existed).
      const rows = await queryRows<{ previous: number | null; net: number }>(
        db,
        sql`with before as (
          select vote from paper_votes where channel_id = ${input.channelId} and paper_id = ${input.paperId} and voter_id = ${input.voterId}
        ),
        upserted as (
          insert into paper_votes (channel_id, paper_id, voter_id, vote, voted_at)
          select ${input.channelId}, p.id, ${input.voterId}, ${input.vote}, ${now().toISOString()}::timestamptz
          from papers p where p.id = ${input.paperId}
          on conflict (channel_id, paper_id, voter_id) do update set vote = excluded.vote, voted_at = excluded.voted_at
          returning vote
        )
        select (select vote from before) as previous,
          (select coalesce(sum(vote), 0) from paper_votes
            where channel_id = ${input.channelId} and paper_id = ${input.paperId} and voter_id <> ${input.voterId})::int
            + (select coalesce(sum(vote), 0) from upserted)::int as net,
          (select count(*) from upserted)::int as stored`,
      );
      const row = rows[0] as { previous: number | null; net: number; stored?: number } | undefined;
      if (!row || Number(row.stored ?? 0) === 0) return null;
      const previous = row.previous === null ? null : Number(row.previous) > 0 ? 1 : -1;
      return { previous, net: Number(row.net) };
    },

    async forget(channelId) {
      const rows = await queryRows<{ n: number }>(
        db,
        sql`with gone as (delete from paper_votes where channel_id = ${channelId} returning 1) select count(*)::int as n from gone`,
      );
      return Number(rows[0]?.n ?? 0);
    },

    async lessons(channelId, keywords = 5) {
      const [totals] = await queryRows<{ liked: number; disliked: number; votes: number; voters: number }>(
        db,
        sql`with net as (select paper_id, sum(vote) as s from paper_votes where channel_id = ${channelId} group by paper_id)
        select (select count(*) from net where s > 0)::int as liked,
          (select count(*) from net where s < 0)::int as disliked,
          (select count(*) from paper_votes where channel_id = ${channelId})::int as votes,
          (select count(distinct voter_id) from paper_votes where channel_id = ${channelId})::int as voters`,
      );
      const words = await queryRows<{ side: number; keyword: string }>(
        db,
        sql`with net as (select paper_id, sign(sum(vote))::int as side from paper_votes where channel_id = ${channelId} group by paper_id having sum(vote) <> 0),
        counted as (
          select net.side, lower(k) as keyword, count(*) as n
          from net join papers p on p.id = net.paper_id cross join unnest(p.ai_keywords) as k
          group by net.side, lower(k)
        ),
        ranked as (select side, keyword, row_number() over (partition by side order by n desc, keyword) as r from counted)
        select side, keyword from ranked where r <= ${keywords} order by side desc, r`,
      );
      return {
        liked: Number(totals?.liked ?? 0),
        disliked: Number(totals?.disliked ?? 0),
        votes: Number(totals?.votes ?? 0),
        voters: Number(totals?.voters ?? 0),
        likedKeywords: words.filter((w) => Number(w.side) > 0).map((w) => String(w.keyword)),
        dislikedKeywords: words.filter((w) => Number(w.side) < 0).map((w) => String(w.keyword)),
      };
    },
  };
}
