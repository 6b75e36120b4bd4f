import { sql } from 'drizzle-orm';
import type { APIEmbed } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChannelRef } from '../../src/core/channel.js';
import { queryRows } from '../../src/core/db/client.js';
import { FakeDiscord } from '../fakes/discord/fake-discord.js';
import { snowflake } from '../fakes/discord/payloads.js';
import { openServer } from '../support/databases.js';
import { listedOn, makePaper } from '../support/papers.js';
import { scratchPostgresAvailable, startScratchPostgres, type ScratchPostgres } from '../support/scratch-postgres.js';
import { BOT_TOKEN, postedIn, startDiscordHarness, type DiscordHarness } from './discord-harness.js';

// A Postgres server of the test's own is stopped (fast shutdown: every connection cut) in the middle
// of a Discord fan-out and started again 3 s later. postgres.js reconnects; meanwhile every write
// that follows a post waits, and no lane posts its next part before the previous one is recorded.
// Counted at the fake: one header and every card once per channel; the ledger says sent for all.

const CHANNELS = 10;

describe.skipIf(!scratchPostgresAvailable)('Discord digests while the Postgres server restarts mid-fan-out', () => {
  let pg: ScratchPostgres;
  let fake: FakeDiscord;
  let h: DiscordHarness;
  const guildId = snowflake();
  const channelIds = Array.from({ length: CHANNELS }, () => snowflake());
  const papers = Array.from({ length: 12 }, (_, i) => makePaper({ title: `Diffusion ${i + 1}`, abstract: 'Diffusion. '.repeat(300), upvotes: 100 - i }));

  beforeAll(async () => {
    pg = await startScratchPostgres();
    // Each create takes a while, so the fan-out is still running when the server stops.
    fake = await FakeDiscord.start({ token: BOT_TOKEN, messageDelayMs: 80, guilds: [{ id: guildId, name: 'Lab', channels: channelIds.map((id, i) => ({ id, name: `papers-${i}` })) }] });
    h = await startDiscordHarness({ backend: { name: 'postgres', open: () => openServer(pg.url) }, fake });
    await h.core.papers.upsert(listedOn('2026-11-27', papers));
    for (const channelId of channelIds) {
      const ref: ChannelRef = { platform: 'discord', workspaceId: guildId, channelId };
      await h.core.subscriptions.addTopic(ref, 'diffusion');
      await h.core.subscriptions.update(ref, { digestTime: '09:00', timezone: 'UTC', weekdays: [1, 2, 3, 4, 5, 6, 7], maxPapers: 12, useThread: true });
    }
  }, 120_000);
  afterAll(async () => {
    await h?.close();
    await fake?.close();
    await pg?.destroy();
  }, 60_000);

  it('posts every part once and records every digest as sent', async () => {
    const tick = h.scheduler.tick(new Date('2026-11-28T09:05:00Z'));
    while (fake.messages().length < 8) await new Promise((resolve) => setTimeout(resolve, 20));
    await pg.stop();
    const atStop = fake.messages().length;
    await new Promise((resolve) => setTimeout(resolve, 3000));
    const whileDown = fake.messages().length - atStop;
    await pg.start();
    const report = await tick;

    // At most the parts already in flight went out while the server was down: one per lane.
    expect(whileDown).toBeLessThanOrEqual(CHANNELS);
    expect(report).toMatchObject({ claimed: CHANNELS, sent: CHANNELS, failed: 0, unknown: 0 });
    const wrong: string[] = [];
    for (const channelId of channelIds) {
      const all = postedIn(fake, channelId);
      const headers = all.filter((m) => /Daily Papers, 27 Nov 2026/.test(String(m.body.content ?? '')));
      const cards = all.flatMap((m) => ((m.body.embeds ?? []) as APIEmbed[]).map((e) => e.url));
      if (headers.length !== 1 || JSON.stringify(cards) !== JSON.stringify(papers.map((p) => `https://huggingface.co/papers/${p.id}`))) {
        wrong.push(`${channelId}: ${headers.length} headers, ${cards.length} cards`);
      }
    }
    expect(wrong).toEqual([]);
    expect(fake.replays()).toEqual([]);
    const statuses = await queryRows<{ status: string; n: number }>(h.database.db, sql`select status, count(*)::int as n from deliveries group by status`);
    expect(statuses).toEqual([{ status: 'sent', n: CHANNELS }]);
    expect(h.logLines.some((l) => /database unavailable; retrying the ledger write/.test(l))).toBe(true);
  }, 120_000);
});
