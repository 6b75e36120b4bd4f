import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { ChannelRef, ChannelSettings, Platform } from '../channel.js';
import { queryRows, type Db } from '../db/client.js';
import { channels, deliveries, topics } from '../db/schema.js';
import type { AddTopicResult, SettingsPatch, SubscriptionStore } from '../ports.js';
import { cleanUserText, comparableText } from '../user-text.js';

export const MAX_TOPICS_PER_CHANNEL = 25;

export interface ChannelDefaults {
  digestTime: string;
  timezone: string;
  /** The clock new channels are stamped with (a slot before a channel existed is never due). */
  now?: () => Date;
}

/**
 * Cleaned (NFKC, invisible characters gone), lowercased, look-alike letters folded: how duplicates
 * are recognized and how topics are matched, so a topic that looks the same is the same.
 */
export function normalizeTopic(topic: string): string {
  return comparableText(topic);
}

type ChannelRow = typeof channels.$inferSelect;

export function toSettings(row: ChannelRow): ChannelSettings {
  return {
    id: row.id,
    platform: row.platform,
    workspaceId: row.workspaceId,
    channelId: row.channelId,
    digestTime: row.digestTime.slice(0, 5),
    timezone: row.timezone,
    weekdays: [...row.weekdays].map(Number).sort((a, b) => a - b),
    rhythm: row.rhythm,
    rhythmDay: row.rhythmDay,
    maxPapers: row.maxPapers,
    minUpvotes: row.minUpvotes,
    subscribed: row.subscribed,
    paused: row.paused,
    pausedReason: row.pausedReason,
    useThread: row.useThread,
    createdAt: row.createdAt,
  };
}

/** Channels, their topics and digest settings in Postgres. */
export function createPgSubscriptionStore(db: Db, defaults: ChannelDefaults): SubscriptionStore {
  const now = defaults.now ?? (() => new Date());
  const where = (ref: ChannelRef) => and(eq(channels.platform, ref.platform), eq(channels.channelId, ref.channelId));

  async function find(ref: ChannelRef): Promise<ChannelSettings | null> {
    const [row] = await db.select().from(channels).where(where(ref)).limit(1);
    return row ? toSettings(row) : null;
  }

  async function ensure(ref: ChannelRef, createdBy?: string): Promise<ChannelSettings> {
    const [inserted] = await db
      .insert(channels)
      .values({
        platform: ref.platform,
        workspaceId: ref.workspaceId,
        channelId: ref.channelId,
        digestTime: defaults.digestTime,
        timezone: defaults.timezone,
        createdBy: createdBy ?? null,
        createdAt: now(),
        updatedAt: now(),
      })
      .onConflictDoNothing()
      .returning();
    if (inserted) return toSettings(inserted);
    const existing = await find(ref);
    if (!existing) throw new Error(`channel ${ref.platform}/${ref.channelId} vanished while being created`);
    return existing;
  }

  return {
    find,
    ensure,

    async topics(ref) {
      const rows = await db
        .select({ topic: topics.topic })
        .from(topics)
        .innerJoin(channels, eq(channels.id, topics.channelId))
        .where(where(ref))
        .orderBy(asc(topics.id));
      return rows.map((r) => r.topic);
    },

    async addTopic(ref, topic, by): Promise<AddTopicResult> {
      const typed = cleanUserText(topic);
      const normalized = normalizeTopic(typed);
      // querytree is 'T' when nothing but exclusions is left ("-llm"): such a topic would match
      // every paper but a few, the opposite of following something.
      const [check] = await queryRows<{ empty: boolean; excludesOnly: boolean }>(
        db,
        sql`select numnode(q) = 0 as empty, querytree(q) = 'T' as "excludesOnly" from websearch_to_tsquery('english', paperboy_words(${normalized})) as q`,
      );
      const channel = await ensure(ref, by);
      if (check?.empty) {
        return { ok: false, reason: 'matches_nothing', topics: await this.topics(ref) };
      }
      if (check?.excludesOnly) {
        return { ok: false, reason: 'excludes_only', topics: await this.topics(ref) };
      }
      // Lock the channel row so two subscribes at once cannot pass the limit together.
      const outcome = await db.transaction(async (tx) => {
        await tx.execute(sql`select id from channels where id = ${channel.id} for update`);
        const current = await tx
          .select({ topic: topics.topic, normalized: topics.normalized })
          .from(topics)
          .where(eq(topics.channelId, channel.id))
          .orderBy(asc(topics.id));
        const existing = current.find((t) => t.normalized === normalized);
        if (existing) return { added: false, limit: false, topic: existing.topic };
        if (current.length >= MAX_TOPICS_PER_CHANNEL) return { added: false, limit: true, topic: typed };
        await tx.insert(topics).values({ channelId: channel.id, topic: typed, normalized, createdBy: by ?? null });
        await tx
          .update(channels)
          .set({ subscribed: true, updatedAt: now() })
          .where(eq(channels.id, channel.id));
        return { added: true, limit: false, topic: typed };
      });
      const list = await this.topics(ref);
      if (outcome.limit) return { ok: false, reason: 'limit', topics: list };
      return { ok: true, added: outcome.added, topic: outcome.topic, topics: list };
    },

    async removeTopic(ref, topic) {
      const channel = await find(ref);
      if (!channel) return null;
      const rows = await db
        .select({ id: topics.id, topic: topics.topic, normalized: topics.normalized })
        .from(topics)
        .where(eq(topics.channelId, channel.id));
      const wanted = normalizeTopic(topic);
      // `unsubscribe mixture of experts` for the topic "mixture of experts": people type what they
      // see in the list, often without its quotes. Only an unambiguous match is taken that way.
      const unquoted = (s: string) => s.replace(/"/g, ' ').replace(/\s+/g, ' ').trim();
      const exact = rows.filter((r) => r.normalized === wanted);
      const loose = rows.filter((r) => unquoted(r.normalized) === unquoted(wanted));
      const match = exact[0] ?? (loose.length === 1 ? loose[0] : undefined);
      if (!match) return null;
      const removed = await db.delete(topics).where(eq(topics.id, match.id)).returning({ id: topics.id });
      return removed.length > 0 ? match.topic : null;
    },

    async update(ref, patch: SettingsPatch, by) {
      await ensure(ref, by);
      const row = await db.transaction(async (tx) => {
        const [updated] = await tx
          .update(channels)
          .set({ ...patch, subscribed: true, updatedAt: now() })
          .where(where(ref))
          .returning();
        // A slot written as due but not yet claimed was worked out from the old schedule: drop it,
        // and the next tick writes what is due under the new one (delivery-ledger.ts, openDue).
        if (updated) await tx.delete(deliveries).where(and(eq(deliveries.channelId, updated.id), eq(deliveries.status, 'due')));
        return updated;
      });
      if (!row) throw new Error(`channel ${ref.platform}/${ref.channelId} not found after ensure`);
      return toSettings(row);
    },

    async setPaused(ref, paused, reason) {
      const [row] = await db
        .update(channels)
        .set({
          paused,
          pausedReason: paused ? reason : null,
          ...(paused ? {} : { subscribed: true, consecutiveFailures: 0 }),
          updatedAt: now(),
        })
        .where(where(ref))
        .returning();
      return row ? toSettings(row) : null;
    },

    async pauseWorkspace(platform: Platform, workspaceId: string, reason: string) {
      const rows = await db
        .update(channels)
        .set({ paused: true, pausedReason: reason, updatedAt: now() })
        .where(and(eq(channels.platform, platform), eq(channels.workspaceId, workspaceId)))
        .returning({ id: channels.id });
      return rows.length;
    },

    async remove(ref) {
      const rows = await db.delete(channels).where(where(ref)).returning({ id: channels.id });
      return rows.length > 0;
    },

    async listWorkspace(platform, workspaceId) {
      const rows = await db
        .select()
        .from(channels)
        .where(and(eq(channels.platform, platform), eq(channels.workspaceId, workspaceId), eq(channels.subscribed, true)))
        .orderBy(asc(channels.id));
      if (rows.length === 0) return [];
      const topicRows = await db
        .select({ channelId: topics.channelId, topic: topics.topic })
        .from(topics)
        .where(inArray(topics.channelId, rows.map((r) => r.id)))
        .orderBy(asc(topics.id));
      return rows.map((row) => ({
        ...toSettings(row),
        topics: topicRows.filter((t) => t.channelId === row.id).map((t) => t.topic),
      }));
    },
  };
}
