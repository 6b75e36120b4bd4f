import { sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Core } from '../../src/core/app.js';
import type { ChannelRef } from '../../src/core/channel.js';
import { createScheduler } from '../../src/core/delivery/scheduler.js';
import type { PaperSource } from '../../src/core/ports.js';
import type { OpsServer } from '../../src/ops/ops-server.js';
import type { PromMetrics } from '../../src/ops/prom-metrics.js';
import { recordingPlatform, manager } from '../support/core.js';
import { backends } from '../support/databases.js';
import { useBackend } from '../support/use-harness.js';
import { listedOn, makePaper } from '../support/papers.js';
import { coreWithMetrics, getText, sample, serveOps } from './ops-support.js';

// Saturday 28 Nov 2026, 09:05 UTC: a 09:00 UTC digest is due, five minutes late.
const NOW = new Date('2026-11-28T09:05:00Z');
const chan = (platform: ChannelRef['platform'], channelId: string): ChannelRef => ({ platform, workspaceId: 'W1', channelId });

describe.each(backends)('GET /metrics ($name)', (backend) => {
  const shared = useBackend(backend);
  let core: Core;
  let metrics: PromMetrics;
  let server: OpsServer;
  let clock: Date;
  let feed: { fail: boolean };

  beforeEach(async () => {
    feed = { fail: false };
    const source: PaperSource = {
      async fetchDay(day) {
        if (feed.fail) throw new Error('HTTP 503 from the feed');
        return { items: listedOn(day, [makePaper({ title: 'Diffusion one' }), makePaper({ title: 'Diffusion two' })]), skipped: 0 };
      },
      async fetchPaper() {
        return null;
      },
    };
    clock = new Date('2026-11-27T12:00:00Z');
    ({ core, metrics } = await coreWithMetrics(shared.database, { now: () => clock, source }));
    server = await serveOps({ database: shared.database, metrics });
  });
  afterEach(async () => {
    await server.close();
  });

  async function scrape(): Promise<string> {
    const res = await getText(`${server.url}/metrics`);
    expect(res.status).toBe(200);
    expect(res.type).toContain('text/plain');
    return res.text;
  }

  it('counts digests sent and failed per platform, and the delay from slot to post, after a tick', async () => {
    await core.papers.upsert(listedOn('2026-11-27', [makePaper({ title: 'Latent diffusion for video', upvotes: 50 })]));
    for (const ref of [chan('discord', 'D1'), chan('discord', 'D2'), chan('slack', 'S1')]) {
      await core.subscriptions.addTopic(ref, 'diffusion', 'U1');
      await core.subscriptions.update(ref, { digestTime: '09:00', timezone: 'UTC', weekdays: [1, 2, 3, 4, 5, 6, 7] });
    }
    const before = await scrape();
    expect(sample(before, 'paperboy_digests_sent_total', { platform: 'discord' }) ?? 0).toBe(0);

    clock = NOW;
    const discord = recordingPlatform('discord');
    const slack = recordingPlatform('slack', () => ({ ok: false, failure: 'transient', message: 'HTTP 503' }));
    const report = await createScheduler({ core, platforms: [discord, slack], instanceId: 'metrics' }).tick(NOW);
    expect(report).toMatchObject({ sent: 2, failed: 1 });

    const after = await scrape();
    expect(sample(after, 'paperboy_digests_sent_total', { platform: 'discord' })).toBe(2);
    expect(sample(after, 'paperboy_digests_sent_total', { platform: 'slack' })).toBeUndefined();
    expect(sample(after, 'paperboy_digests_failed_total', { platform: 'slack', reason: 'transient' })).toBe(1);
    expect(sample(after, 'paperboy_digest_delivery_latency_seconds_count', { platform: 'discord' })).toBe(2);
    // Both were posted five minutes after their 09:00 slot.
    expect(sample(after, 'paperboy_digest_delivery_latency_seconds_sum', { platform: 'discord' })).toBe(600);
    expect(sample(after, 'paperboy_digest_delivery_latency_seconds_bucket', { platform: 'discord', le: '120' })).toBe(0);
    expect(sample(after, 'paperboy_digest_delivery_latency_seconds_bucket', { platform: 'discord', le: '300' })).toBe(2);
  });

  it('tells sent from unknown (taken over mid-post) and counts parts found by look-up', async () => {
    await core.papers.upsert(listedOn('2026-11-27', [makePaper({ title: 'Latent diffusion for video', upvotes: 50 })]));
    for (const ref of [chan('slack', 'S1'), chan('slack', 'S2')]) {
      await core.subscriptions.addTopic(ref, 'diffusion', 'U1');
      await core.subscriptions.update(ref, { digestTime: '09:00', timezone: 'UTC', weekdays: [1, 2, 3, 4, 5, 6, 7] });
    }
    clock = NOW;
    const slack = recordingPlatform('slack', async (target) => {
      if (target.channel.channelId === 'S2') {
        // Another instance takes the delivery over while this one is posting.
        await shared.database.db.execute(
          sql`update deliveries set claimed_by = 'other', attempts = attempts + 1 where channel_id = (select id from channels where channel_id = 'S2')`,
        );
      }
      await target.progress?.record({ index: 0, messageId: '1.0001', containerId: target.channel.channelId, recovered: true });
      return { ok: true, messageIds: ['1.0001'] };
    });
    const report = await createScheduler({ core, platforms: [slack], instanceId: 'metrics' }).tick(NOW);
    expect(report).toMatchObject({ sent: 1, unknown: 1, recovered: 1 });
    const text = await scrape();
    expect(sample(text, 'paperboy_digests_sent_total', { platform: 'slack' })).toBe(1);
    expect(sample(text, 'paperboy_digests_unknown_total', { platform: 'slack' })).toBe(1);
    expect(sample(text, 'paperboy_digest_parts_recovered_total', { platform: 'slack' })).toBe(1);
  });

  it('times commands per platform and subcommand', async () => {
    await core.commands.runText('help', manager(chan('slack', 'S1')));
    await core.commands.runText('search diffusion', manager(chan('discord', 'D1')));
    await core.commands.runText('search diffusion', manager(chan('discord', 'D1')));
    const text = await scrape();
    expect(sample(text, 'paperboy_command_duration_seconds_count', { platform: 'slack', command: 'help', outcome: 'ok' })).toBe(1);
    expect(sample(text, 'paperboy_command_duration_seconds_count', { platform: 'discord', command: 'search', outcome: 'ok' })).toBe(2);
    expect(sample(text, 'paperboy_command_duration_seconds_bucket', { platform: 'discord', command: 'search', outcome: 'ok', le: '+Inf' })).toBe(2);
  });

  it('counts ingest runs by outcome and the papers they stored', async () => {
    expect(sample(await scrape(), 'paperboy_ingest_runs_total', { outcome: 'ok' })).toBe(0);
    await core.ingest.ingestDay('2026-11-27');
    feed.fail = true;
    await core.ingest.ingestDay('2026-11-26');
    const text = await scrape();
    expect(sample(text, 'paperboy_ingest_runs_total', { outcome: 'ok' })).toBe(1);
    expect(sample(text, 'paperboy_ingest_runs_total', { outcome: 'failed' })).toBe(1);
    expect(sample(text, 'paperboy_ingest_papers_total')).toBe(2);
    expect(sample(text, 'paperboy_ingest_last_success_timestamp_seconds')).toBeGreaterThan(0);
  });

  it('answers 404 elsewhere and 405 for other methods', async () => {
    expect((await getText(`${server.url}/nope`)).status).toBe(404);
    expect((await fetch(`${server.url}/metrics`, { method: 'POST' })).status).toBe(405);
  });
});
