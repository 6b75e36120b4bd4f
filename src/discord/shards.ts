import type { Config } from '../core/config.js';

// Which gateway shards a process owns. Discord sends each guild's events to one shard,
// `(guild_id >> 22) % shard_count`, and to every session of that shard: two processes identifying as
// the same shard would both answer each interaction, so every shard must be owned by exactly one.

/** `'auto'`: as many shards as Discord recommends, all in this process. */
export type ShardPlan = 'auto' | { ids: number[]; count: number };

/**
 * DISCORD_SHARDS / DISCORD_SHARD_IDS as the adapter takes them: unset means the one shard of a single
 * process; `auto` lets Discord pick the count; N with ids owns those ids of N; N alone owns all N.
 */
export function shardPlan(config: Pick<Config, 'DISCORD_SHARDS' | 'DISCORD_SHARD_IDS'>): ShardPlan | undefined {
  const shards = config.DISCORD_SHARDS;
  if (shards === undefined) return undefined;
  if (shards === 'auto') return 'auto';
  const count = Number(shards);
  const ids = config.DISCORD_SHARD_IDS
    ? [...new Set(config.DISCORD_SHARD_IDS.split(',').map((id) => Number(id.trim())))].sort((a, b) => a - b)
    : Array.from({ length: count }, (_, id) => id);
  return { ids, count };
}

/** discord.js Client options for a plan. */
export function clientShardOptions(plan: ShardPlan | undefined): { shards: 'auto' } | { shards: number[]; shardCount: number } | Record<string, never> {
  if (plan === undefined) return {};
  if (plan === 'auto') return { shards: 'auto' };
  return { shards: plan.ids, shardCount: plan.count };
}

/** True when this process owns shard 0 (the one that registers commands). */
export function ownsShardZero(plan: ShardPlan | undefined): boolean {
  return plan === undefined || plan === 'auto' || plan.ids.includes(0);
}
