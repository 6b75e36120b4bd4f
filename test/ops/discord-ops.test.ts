import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore } from '../../src/core/app.js';
import type { ChannelRef } from '../../src/core/channel.js';
import { loadConfig } from '../../src/core/config.js';
import type { Database } from '../../src/core/db/client.js';
import { createScheduler } from '../../src/core/delivery/scheduler.js';
import { startDiscord } from '../../src/discord/index.js';
import { createPromMetrics } from '../../src/ops/prom-metrics.js';
import { BOT_TOKEN } from '../discord/discord-harness.js';
import { FakeDiscord } from '../fakes/discord/fake-discord.js';
import { TestClock } from '../support/clock.js';
import { backends } from '../support/databases.js';
import { listedOn, makePaper } from '../support/papers.js';
import { offlineSource, sample } from './ops-support.js';

// The real discord.js against the fake: the adapter reports its gateway and the 429s Discord sends.

const silent = { debug() {}, info() {}, warn() {}, error() {} };
const backend = backends[0]!;

describe('Discord and the ops metrics', () => {
  let database: Database;
  let fake: FakeDiscord;
  beforeAll(async () => {
    database = await backend.open();
    fake = await FakeDiscord.start({ token: BOT_TOKEN });
  });
  afterAll(async () => {
    await fake?.close();
    await database?.close();
  });

  it('is connected once the gateway is ready, counts each 429 answered, and is disconnected after stop', async () => {
    const config = loadConfig({ DISCORD_TOKEN: BOT_TOKEN, DISCORD_API_URL: fake.url, DISCORD_GUILD_ID: fake.guild.id, HF_API_URL: 'http://127.0.0.1:9' });
    const metrics = createPromMetrics({ processMetrics: false });
    const core = await createCore({ config, database, logger: silent, metrics, source: offlineSource, now: new TestClock().now });
    const adapter = await startDiscord({ config, core, logger: silent });
    try {
      expect(adapter.connected()).toBe(true);
      const channel: ChannelRef = { platform: 'discord', workspaceId: fake.guild.id, channelId: fake.channel.id };
      await core.papers.upsert(listedOn('2026-11-27', [makePaper({ title: 'Rate limited diffusion' })]));
      await core.subscriptions.addTopic(channel, 'diffusion');
      await core.subscriptions.update(channel, { digestTime: '09:00', timezone: 'UTC', weekdays: [1, 2, 3, 4, 5, 6, 7] });
      fake.fail({ method: 'POST', path: `/channels/${fake.channel.id}/messages`, status: 429, retryAfter: 0.2, times: 2 });
      const report = await createScheduler({ core, platforms: [adapter], instanceId: 'ops' }).tick(new Date('2026-11-28T09:05:00Z'));
      expect(report.sent).toBe(1);
      const text = await metrics.render();
      expect(sample(text, 'paperboy_rate_limited_total', { platform: 'discord' })).toBe(2);
      expect(sample(text, 'paperboy_digests_sent_total', { platform: 'discord' })).toBe(1);
    } finally {
      await adapter.stop();
    }
    expect(adapter.connected()).toBe(false);
  });
});
