import { beforeEach, describe, expect, it } from 'vitest';
import type { Core } from '../../../src/core/app.js';
import type { ChannelRef } from '../../../src/core/channel.js';
import { createScheduler } from '../../../src/core/delivery/scheduler.js';
import { backends } from '../../support/databases.js';
import { useBackend } from '../../support/use-harness.js';
import { makeCore, recordingPlatform } from '../../support/core.js';
import { listedOn, makePaper } from '../../support/papers.js';

const everyDay = [1, 2, 3, 4, 5, 6, 7];
const chan = (id: string, platform: ChannelRef['platform'] = 'discord'): ChannelRef => ({ platform, workspaceId: 'G1', channelId: id });
// Saturday 28 Nov 2026, 09:05 UTC: a 09:00 UTC digest is due and covers Friday 27 Nov.
const at = (iso: string) => new Date(iso);
const NOW = at('2026-11-28T09:05:00Z');

describe.each(backends)('scheduler and delivery ledger on $name', (backend) => {
  const shared = useBackend(backend);
  let core: Core;
  let clock = NOW;

  beforeEach(async () => {
    clock = NOW;
    core = await makeCore(shared.database, { now: () => clock });
    await core.papers.upsert(
      listedOn('2026-11-27', [
        makePaper({ id: '2611.00001', title: 'Latent diffusion for video', upvotes: 50 }),
        makePaper({ id: '2611.00002', title: 'Quantization of large language models', upvotes: 80 }),
        makePaper({ id: '2611.00003', title: 'Mixture of experts routing', abstract: 'Sparse mixture of experts at scale.', upvotes: 5 }),
        makePaper({ id: '2611.00004', title: 'A diffusion model for proteins', upvotes: 120 }),
      ]),
    );
    // Channels are created before the slot, as a real subscription would be.
    clock = at('2026-11-27T12:00:00Z');
  });

  async function subscribe(ref: ChannelRef, topics: string[], settings: Record<string, unknown> = {}) {
    for (const t of topics) await core.subscriptions.addTopic(ref, t, 'U1');
    await core.subscriptions.update(ref, { digestTime: '09:00', timezone: 'UTC', weekdays: everyDay, ...settings });
  }

  it('posts each due channel one digest of matching papers ranked by upvotes', async () => {
    await subscribe(chan('C1'), ['diffusion']);
    await subscribe(chan('C2'), ['"mixture of experts"', 'quantization']);
    await subscribe(chan('C3'), []);
    const platform = recordingPlatform('discord');
    const scheduler = createScheduler({ core, platforms: [platform], instanceId: 'a' });

    const report = await scheduler.tick(NOW);
    expect(report).toMatchObject({ claimed: 3, sent: 3, failed: 0 });
    const byChannel = new Map(platform.delivered.map((d) => [d.target.channel.channelId, d.digest]));
    expect(byChannel.get('C1')?.day).toBe('2026-11-27');
    expect(byChannel.get('C1')?.papers.map((p) => p.paper.id)).toEqual(['2611.00004', '2611.00001']);
    expect(byChannel.get('C1')?.papers[0]?.matchedTopics).toEqual(['diffusion']);
    expect(byChannel.get('C2')?.papers.map((p) => [p.paper.id, p.matchedTopics])).toEqual([
      ['2611.00002', ['quantization']],
      ['2611.00003', ['"mixture of experts"']],
    ]);
    expect(byChannel.get('C3')?.papers).toHaveLength(4);

    // The same day again: nothing more is posted.
    expect(await scheduler.tick(at('2026-11-28T09:06:00Z'))).toMatchObject({ claimed: 0 });
    expect(platform.delivered).toHaveLength(3);
  });

  it('respects max papers, min upvotes, weekdays, pause and papers already delivered', async () => {
    await subscribe(chan('C1'), [], { maxPapers: 2, minUpvotes: 10 });
    await subscribe(chan('C2'), [], { weekdays: [1, 2, 3, 4, 5] }); // Saturday is not a weekday
    await subscribe(chan('C3'), []);
    await core.subscriptions.setPaused(chan('C3'), true, 'test');
    const platform = recordingPlatform('discord');
    await createScheduler({ core, platforms: [platform], instanceId: 'a' }).tick(NOW);
    expect(platform.delivered.map((d) => d.target.channel.channelId)).toEqual(['C1']);
    expect(platform.delivered[0]?.digest.papers.map((p) => p.paper.id)).toEqual(['2611.00004', '2611.00002']);

    // Next day lists one paper already delivered to C1 and one new one.
    await core.papers.upsert(
      listedOn('2026-11-28', [makePaper({ id: '2611.00004', upvotes: 130 }), makePaper({ id: '2611.00009', upvotes: 12 })]),
    );
    await createScheduler({ core, platforms: [platform], instanceId: 'a' }).tick(at('2026-11-29T09:01:00Z'));
    expect(platform.delivered[1]?.digest.papers.map((p) => p.paper.id)).toEqual(['2611.00009']);
  });

  it('lets exactly one of two racing schedulers post each digest', async () => {
    const refs = Array.from({ length: 30 }, (_, i) => chan(`C${i}`));
    for (const ref of refs) await subscribe(ref, ['diffusion']);
    const a = recordingPlatform('discord');
    const b = recordingPlatform('discord');
    const reports = await Promise.all([
      createScheduler({ core, platforms: [a], instanceId: 'a' }).tick(NOW),
      createScheduler({ core, platforms: [b], instanceId: 'b' }).tick(NOW),
    ]);
    const posted = [...a.delivered, ...b.delivered].map((d) => d.target.channel.channelId).sort();
    expect(posted).toEqual(refs.map((r) => r.channelId).sort());
    expect(reports[0]!.sent + reports[1]!.sent).toBe(30);
  });

  it('retries a transient failure later and pauses after three access failures', async () => {
    await subscribe(chan('C1'), ['diffusion']);
    await subscribe(chan('C2'), ['diffusion']);
    let flaky = true;
    const platform = recordingPlatform('discord', (target) => {
      if (target.channel.channelId === 'C2') return { ok: false, failure: 'no_access', message: 'Missing Access' };
      if (flaky) return { ok: false, failure: 'transient', message: '503 Service Unavailable' };
      return { ok: true, messageIds: ['m'] };
    });
    const scheduler = createScheduler({ core, platforms: [platform], instanceId: 'a' });
    expect(await scheduler.tick(NOW)).toMatchObject({ claimed: 2, failed: 2 });
    // Not yet due again right away (backoff).
    expect(await scheduler.tick(at('2026-11-28T09:05:30Z'))).toMatchObject({ claimed: 0 });
    flaky = false;
    expect(await scheduler.tick(at('2026-11-28T09:10:00Z'))).toMatchObject({ claimed: 2, sent: 1, failed: 1 });
    await scheduler.tick(at('2026-11-28T09:30:00Z'));
    const c2 = await core.subscriptions.find(chan('C2'));
    expect(c2?.paused).toBe(true);
    expect(c2?.pausedReason).toMatch(/no access.*3 failed deliveries/);
    const recent = await core.ledger.recent(c2!.id, 5);
    expect(recent[0]).toMatchObject({ status: 'failed', attempts: 3 });
    const c1 = await core.subscriptions.find(chan('C1'));
    expect((await core.ledger.recent(c1!.id, 5))[0]).toMatchObject({ status: 'sent', attempts: 2, paperCount: 2 });
  });

  it('resumes a digest after its last recorded part, with the papers its first attempt began posting', async () => {
    await subscribe(chan('C1'), ['diffusion']);
    let attempt = 0;
    const platform = recordingPlatform('discord', async (target) => {
      attempt += 1;
      if (attempt === 1) {
        await target.progress?.record({ index: 0, messageId: 'header', containerId: 'C1' });
        return { ok: false, failure: 'transient', message: '503 after the header' };
      }
      return { ok: true, messageIds: ['header', 'cards'] };
    });
    const scheduler = createScheduler({ core, platforms: [platform], instanceId: 'a' });
    expect(await scheduler.tick(NOW)).toMatchObject({ failed: 1 });
    // Meanwhile a better-voted diffusion paper is listed for the same day.
    await core.papers.upsert(listedOn('2026-11-27', [makePaper({ id: '2611.00005', title: 'Diffusion, the sequel', upvotes: 999 })]));
    expect(await scheduler.tick(at('2026-11-28T09:30:00Z'))).toMatchObject({ claimed: 1, sent: 1 });
    const [first, second] = platform.delivered;
    expect(second!.digest.papers.map((p) => p.paper.id)).toEqual(first!.digest.papers.map((p) => p.paper.id));
    expect(second!.target.progress).toMatchObject({ posted: [{ index: 0, messageId: 'header', containerId: 'C1', recovered: false }], uncertain: true });
    // The first attempt itself had nothing to resume.
    expect(first!.target.progress).toMatchObject({ posted: [], uncertain: false });
  });

  it('takes over a claim whose lease expired (a process died mid-delivery)', async () => {
    await subscribe(chan('C1'), ['diffusion']);
    const dead = recordingPlatform('discord', () => new Promise(() => {}));
    void createScheduler({ core, platforms: [dead], instanceId: 'dead', leaseMs: 60_000 }).tick(NOW);
    await new Promise((r) => setTimeout(r, 200));
    const alive = recordingPlatform('discord');
    const survivor = createScheduler({ core, platforms: [alive], instanceId: 'alive', leaseMs: 60_000 });
    expect(await survivor.tick(at('2026-11-28T09:05:30Z'))).toMatchObject({ claimed: 0 });
    expect(await survivor.tick(at('2026-11-28T09:06:30Z'))).toMatchObject({ claimed: 1, sent: 1 });
    expect(alive.delivered).toHaveLength(1);
  });

  it('posts a missed digest late within the cutoff and skips it with a note after', async () => {
    await subscribe(chan('C1'), ['diffusion']);
    await subscribe(chan('C2'), ['diffusion'], { digestTime: '06:00' });
    const platform = recordingPlatform('discord');
    // Down from before 06:00 until 19:00: C2's 06:00 slot is 13 h late (past 12 h), C1's 09:00 is 10 h late.
    const report = await createScheduler({ core, platforms: [platform], instanceId: 'a' }).tick(at('2026-11-28T19:00:00Z'));
    expect(report).toMatchObject({ claimed: 1, sent: 1, skippedMissed: 1 });
    expect(platform.delivered[0]?.target.channel.channelId).toBe('C1');
    const c2 = await core.subscriptions.find(chan('C2'));
    const [record] = await core.ledger.recent(c2!.id, 1);
    expect(record).toMatchObject({ status: 'skipped', digestDay: '2026-11-28' });
    expect(record?.lastError).toMatch(/12 hours/);
  });

  it('skips a slot opened as due but never claimed within the cutoff, and says so in status', async () => {
    await subscribe(chan('C1'), ['diffusion']);
    // A tick opened the 09:00 slot, then the instance died before claiming it.
    expect(await core.ledger.openDue({ now: at('2026-11-28T09:00:30Z'), platforms: ['discord'], cutoffHours: 12 })).toEqual({ due: 1, skipped: 0 });
    const c1 = await core.subscriptions.find(chan('C1'));
    expect(await core.ledger.recent(c1!.id, 1)).toMatchObject([{ status: 'due', digestDay: '2026-11-28' }]);
    const platform = recordingPlatform('discord');
    const report = await createScheduler({ core, platforms: [platform], instanceId: 'a' }).tick(at('2026-11-28T21:30:00Z'));
    expect(report).toMatchObject({ claimed: 0, skippedMissed: 1 });
    expect(platform.delivered).toHaveLength(0);
    const [record] = await core.ledger.recent(c1!.id, 1);
    expect(record).toMatchObject({ status: 'skipped', digestDay: '2026-11-28' });
    expect(record?.lastError).toMatch(/12 hours/);
  });

  it('a schedule changed after its slot was opened posts at the new time, once', async () => {
    await subscribe(chan('C1'), ['diffusion']);
    expect(await core.ledger.openDue({ now: at('2026-11-28T09:00:30Z'), platforms: ['discord'], cutoffHours: 12 })).toEqual({ due: 1, skipped: 0 });
    // Before anyone claimed the 09:00 digest, the channel moved it to 15:00.
    await core.subscriptions.update(chan('C1'), { digestTime: '15:00' });
    const platform = recordingPlatform('discord');
    const scheduler = createScheduler({ core, platforms: [platform], instanceId: 'a' });
    expect(await scheduler.tick(at('2026-11-28T09:01:00Z'))).toMatchObject({ claimed: 0 });
    expect(await scheduler.tick(at('2026-11-28T15:00:00Z'))).toMatchObject({ claimed: 1, sent: 1 });
    expect(await scheduler.tick(at('2026-11-28T15:01:00Z'))).toMatchObject({ claimed: 0 });
    expect(platform.delivered).toHaveLength(1);
  });

  it('leaves a paused channel\'s opened slot alone, and posts it when resumed within the cutoff', async () => {
    await subscribe(chan('C1'), ['diffusion']);
    const platform = recordingPlatform('discord');
    const scheduler = createScheduler({ core, platforms: [platform], instanceId: 'a' });
    await core.ledger.openDue({ now: at('2026-11-28T09:00:30Z'), platforms: ['discord'], cutoffHours: 12 });
    await core.subscriptions.setPaused(chan('C1'), true, 'by U1');
    expect(await scheduler.tick(at('2026-11-28T09:01:00Z'))).toMatchObject({ claimed: 0 });
    await core.subscriptions.setPaused(chan('C1'), false, null);
    expect(await scheduler.tick(at('2026-11-28T10:00:00Z'))).toMatchObject({ claimed: 1, sent: 1 });
  });

  it('waits for papers when the covered day has none yet', async () => {
    await subscribe(chan('C1'), ['diffusion']);
    const platform = recordingPlatform('discord');
    const scheduler = createScheduler({ core, platforms: [platform], instanceId: 'a' });
    // Sunday 29 Nov covers Saturday 28 Nov, which has no listings.
    expect(await scheduler.tick(at('2026-11-29T09:01:00Z'))).toMatchObject({ claimed: 1, waiting: 1, sent: 0 });
    await core.papers.upsert(listedOn('2026-11-28', [makePaper({ id: '2611.00077', title: 'Diffusion again', upvotes: 3 })]));
    expect(await scheduler.tick(at('2026-11-29T09:12:00Z'))).toMatchObject({ claimed: 1, sent: 1 });
  });

  it('only claims channels of the platforms it was given', async () => {
    await subscribe(chan('C1', 'discord'), []);
    await subscribe(chan('S1', 'slack'), []);
    const discord = recordingPlatform('discord');
    expect(await createScheduler({ core, platforms: [discord], instanceId: 'a' }).tick(NOW)).toMatchObject({ claimed: 1 });
    const slack = recordingPlatform('slack');
    expect(await createScheduler({ core, platforms: [slack], instanceId: 'b' }).tick(NOW)).toMatchObject({ claimed: 1 });
    expect(slack.delivered[0]?.target.channel.channelId).toBe('S1');
  });

  it('pauses a whole workspace when its token is revoked', async () => {
    await subscribe(chan('C1'), []);
    await subscribe(chan('C2'), ['nothing-matches-this-zzz']);
    const platform = recordingPlatform('discord', () => ({ ok: false, failure: 'workspace_revoked', message: 'token_revoked' }));
    await createScheduler({ core, platforms: [platform], instanceId: 'a' }).tick(NOW);
    expect((await core.subscriptions.find(chan('C1')))?.paused).toBe(true);
    expect((await core.subscriptions.find(chan('C2')))?.paused).toBe(true);
  });
});
