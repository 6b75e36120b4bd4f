import { sql } from 'drizzle-orm';
import type { Database } from '../../src/core/db/client.js';
import { normalizeTopic } from '../../src/core/subscriptions/subscription-store.js';

// Many subscribed channels whose digest is due at the test's instant, inserted set-wise (one
// statement for the channels, one for their topics). The processes under test decide "due" with
// their own clock, started at that instant (PAPERBOY_CLOCK_START).

export interface DueSlot {
  /** The digest time every channel gets, HH:MM in UTC. */
  digestTime: string;
  /** The UTC day the digest covers: the day before the slot's day. */
  coversDay: string;
  slotAt: Date;
}

/**
 * A slot a couple of minutes ago, whole minutes. Near UTC midnight it falls on yesterday, which the
 * ledger handles like any other day (it looks at today's and the two previous days' slots).
 */
export function slotMinutesAgo(now: Date, minutes: number): DueSlot {
  const slotAt = new Date(Math.floor((now.getTime() - minutes * 60_000) / 60_000) * 60_000);
  const iso = slotAt.toISOString();
  const covers = new Date(Date.UTC(slotAt.getUTCFullYear(), slotAt.getUTCMonth(), slotAt.getUTCDate() - 1));
  return { digestTime: iso.slice(11, 16), coversDay: covers.toISOString().slice(0, 10), slotAt };
}

/** Inserts channels (every weekday, UTC, subscribed, created an hour before the slot), each following `topic`. */
export async function insertDueChannels(
  database: Database,
  channels: { guildId: string; channelId: string }[],
  slot: DueSlot,
  topic: string,
  platform: 'discord' | 'slack' = 'discord',
): Promise<void> {
  const createdAt = new Date(slot.slotAt.getTime() - 3_600_000).toISOString();
  await database.db.execute(sql`
    insert into channels (platform, workspace_id, channel_id, digest_time, timezone, weekdays, subscribed, created_at, updated_at)
    select ${platform}, g, c, ${slot.digestTime}::time, 'UTC', '{1,2,3,4,5,6,7}'::smallint[], true, ${createdAt}::timestamptz, ${createdAt}::timestamptz
    from unnest(string_to_array(${channels.map((c) => c.guildId).join(',')}, ','), string_to_array(${channels.map((c) => c.channelId).join(',')}, ',')) as t(g, c)`);
  await database.db.execute(sql`
    insert into topics (channel_id, topic, normalized, created_at)
    select id, ${topic}, ${normalizeTopic(topic)}, ${createdAt}::timestamptz from channels where platform = ${platform}
    on conflict do nothing`);
}
