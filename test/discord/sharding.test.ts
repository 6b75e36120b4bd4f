import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shardPlan } from '../../src/discord/index.js';
import { FakeDiscord, guildIdOnShard, type FakeGuild } from '../fakes/discord/fake-discord.js';
import { snowflake } from '../fakes/discord/payloads.js';
import type { Database } from '../../src/core/db/client.js';
import { backends, type Backend } from '../support/databases.js';
import { BOT_TOKEN, startDiscordHarness, type DiscordHarness } from './discord-harness.js';

// Gateway sharding against a fake that routes each guild's events to the shard that owns it, as
// Discord does: every interaction must be answered exactly once, however the shards are spread.

const backend = backends[0]!;

function guildOn(shard: number, count: number, name: string): FakeGuild {
  return { id: guildIdOnShard(shard, count), name, channels: [{ id: snowflake(), name: 'papers' }] };
}

/** Dispatches /papers help in a guild (or the bot's DM) and waits for its answer; returns how many callbacks were attempted. */
async function helpIn(fake: FakeDiscord, guild: FakeGuild | undefined): Promise<number> {
  const id = fake.sendCommand('help', {}, guild ? { guildId: guild.id } : { dm: true });
  const log = await fake.waitForAnswer(id);
  expect(log.callbacks[0]?.type).toBe(4);
  // A second owner of the shard would answer too (and be refused); give it time to show up.
  await new Promise((resolve) => setTimeout(resolve, 300));
  return fake.requests.filter((r) => r.path.startsWith(`/interactions/${id}/`)).length;
}

describe('shardPlan', () => {
  it('maps DISCORD_SHARDS and DISCORD_SHARD_IDS to the shards this process owns', () => {
    expect(shardPlan({ DISCORD_SHARDS: undefined, DISCORD_SHARD_IDS: undefined })).toBeUndefined();
    expect(shardPlan({ DISCORD_SHARDS: 'auto', DISCORD_SHARD_IDS: undefined })).toBe('auto');
    expect(shardPlan({ DISCORD_SHARDS: '3', DISCORD_SHARD_IDS: undefined })).toEqual({ ids: [0, 1, 2], count: 3 });
    expect(shardPlan({ DISCORD_SHARDS: '4', DISCORD_SHARD_IDS: '3, 1,1' })).toEqual({ ids: [1, 3], count: 4 });
  });
});

describe('Discord sharding', () => {
  const guilds = [guildOn(0, 2, 'Shard zero club'), guildOn(1, 2, 'Shard one club')];
  let fake: FakeDiscord;
  let database: Database;
  // Instances of one bot share its database; opening a PGlite per instance would cost seconds each.
  const shared: Backend = { name: backend.name, open: async () => ({ ...database, close: async () => {} }) };
  beforeAll(async () => {
    database = await backend.open();
    // max_concurrency 2 lets both shards identify at once instead of 5 s apart.
    fake = await FakeDiscord.start({ token: BOT_TOKEN, guilds, shardCount: 2, maxConcurrency: 2 });
  });
  afterAll(async () => {
    await fake?.close();
    await database?.close();
  });

  async function withHarnesses(envs: Record<string, string>[], run: (hs: DiscordHarness[]) => Promise<void>): Promise<void> {
    const started: DiscordHarness[] = [];
    try {
      for (const env of envs) started.push(await startDiscordHarness({ backend: shared, fake, env }));
      await run(started);
    } finally {
      for (const h of started) await h.close();
      fake.gateway.identifies.length = 0;
      fake.reset();
    }
  }

  it('runs both shards in one process and answers each guild exactly once', async () => {
    await withHarnesses([{ DISCORD_SHARDS: '2' }], async ([h]) => {
      expect(fake.identifies.map((i) => i.shard)).toEqual(expect.arrayContaining([[0, 2], [1, 2]]));
      expect(fake.identifies).toHaveLength(2);
      const ready = h!.logLines.find((line) => line.includes('discord: ready')) ?? '';
      expect(ready).toContain('guilds=2');
      expect(ready).toContain('shards="0,1 of 2"');
      for (const guild of guilds) expect(await helpIn(fake, guild)).toBe(1);
    });
  });

  it('asks Discord for the shard count with DISCORD_SHARDS=auto', async () => {
    await withHarnesses([{ DISCORD_SHARDS: 'auto' }], async () => {
      expect(fake.identifies.map((i) => i.shard).sort()).toEqual([[0, 2], [1, 2]]);
      for (const guild of guilds) expect(await helpIn(fake, guild)).toBe(1);
    });
  });

  it('splits the shards over two instances: each interaction reaches one of them, commands registered once', async () => {
    const before = fake.registrations.length;
    await withHarnesses(
      [
        { DISCORD_SHARDS: '2', DISCORD_SHARD_IDS: '0' },
        { DISCORD_SHARDS: '2', DISCORD_SHARD_IDS: '1' },
      ],
      async () => {
        expect(fake.identifies.map((i) => i.shard)).toEqual([[0, 2], [1, 2]]);
        expect(fake.registrations.length - before).toBe(1);
        for (const guild of guilds) expect(await helpIn(fake, guild)).toBe(1);
        // A DM has no guild: Discord sends it to shard 0, whose owner answers it, once.
        expect(await helpIn(fake, undefined)).toBe(1);
      },
    );
  });

  it('shows what goes wrong when two instances own the same shard (the fake routes like Discord)', async () => {
    await withHarnesses([{ DISCORD_SHARDS: '2' }, { DISCORD_SHARDS: '2', DISCORD_SHARD_IDS: '1' }], async () => {
      expect(await helpIn(fake, guilds[0]!)).toBe(1);
      expect(await helpIn(fake, guilds[1]!)).toBe(2);
    });
  });
});
