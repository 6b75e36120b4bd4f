import { sql } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Core } from '../../../src/core/app.js';
import type { ChannelRef } from '../../../src/core/channel.js';
import { queryRows } from '../../../src/core/db/client.js';
import type { ClaimOptions } from '../../../src/core/delivery/delivery-ledger.js';
import { createScheduler } from '../../../src/core/delivery/scheduler.js';
import type { ChatPlatform } from '../../../src/core/ports.js';
import { makeCore, recordingPlatform } from '../../support/core.js';
import { backends } from '../../support/databases.js';
import { useBackend } from '../../support/use-harness.js';
import { listedOn, makePaper } from '../../support/papers.js';

// Claims come in bounded batches: instances claiming at once split the due channels, each holds
// only what it is delivering, and a crashed instance leaves only its batch to be taken over. Every
// ledger write is fenced: once a delivery is taken over, the old holder's writes change nothing.

const NOW = new Date('2026-11-28T09:05:00Z');
const chan = (id: string, workspaceId = 'G1'): ChannelRef => ({ platform: 'discord', workspaceId, channelId: id });

describe.each(backends)('claims in bounded batches on $name', (backend) => {
  const shared = useBackend(backend);
  let core: Core;
  let clock = NOW;
  beforeEach(async () => {
    clock = new Date('2026-11-27T12:00:00Z');
    core = await makeCore(shared.database, { now: () => clock });
    await core.papers.upsert(listedOn('2026-11-27', [makePaper({ title: 'Latent diffusion', upvotes: 5 })]));
  });

  /** n channels, `perWorkspace` to a workspace, subscribed one workspace after another. */
  async function subscribe(n: number, perWorkspace = n): Promise<string[]> {
    const ids = Array.from({ length: n }, (_, i) => `C${i}`);
    for (const [i, id] of ids.entries()) {
      const ref = chan(id, `G${Math.floor(i / perWorkspace)}`);
      await core.subscriptions.addTopic(ref, 'diffusion');
      await core.subscriptions.update(ref, { digestTime: '09:00', timezone: 'UTC', weekdays: [1, 2, 3, 4, 5, 6, 7] });
    }
    // What a tick does first: the slots that came due become due rows, for claims to take.
    expect(await core.ledger.openDue({ now: NOW, platforms: ['discord'], cutoffHours: 12 })).toEqual({ due: n, skipped: 0 });
    return ids;
  }
  const options = (instanceId: string, limit: number): ClaimOptions => ({ now: NOW, instanceId, platforms: ['discord'], cutoffHours: 12, leaseMs: 60_000, limit });
  const held = async (instanceId: string) =>
    Number((await queryRows<{ n: number }>(shared.database.db, sql`select count(*)::int as n from deliveries where status = 'claimed' and claimed_by = ${instanceId}`))[0]?.n ?? 0);

  it('claims at most the batch size per call, until nothing is due', async () => {
    await subscribe(10);
    const sizes = [];
    for (let i = 0; i < 4; i++) sizes.push((await core.ledger.claimDue(options('a', 4))).claims.length);
    expect(sizes).toEqual([4, 4, 2, 0]);
  });

  it('takes channels of several workspaces in one batch, not a workspace at a time', async () => {
    // A batch of one workspace would wait on that workspace's rate limit (Slack: a few hundred posts
    // a minute) while other workspaces sit idle. Ten channels in each of four workspaces, subscribed
    // a workspace at a time: a batch of eight from one workspace has odds of about 1 in 400,000.
    await subscribe(40, 10);
    const { claims } = await core.ledger.claimDue(options('a', 8));
    expect(claims).toHaveLength(8);
    expect(new Set(claims.map((c) => c.channel.workspaceId)).size).toBeGreaterThan(1);
  });

  it('splits a tick between instances claiming at the same moment, never a channel twice', async () => {
    const ids = await subscribe(12);
    const [a, b] = await Promise.all([core.ledger.claimDue(options('a', 6)), core.ledger.claimDue(options('b', 6))]);
    const won = [...a.claims, ...b.claims].map((c) => c.channel.channelId);
    expect(new Set(won).size).toBe(won.length);
    expect(a.claims.length).toBeLessThanOrEqual(6);
    expect(b.claims.length).toBeLessThanOrEqual(6);
    // Whatever neither took is still open for the next claim.
    const rest = await core.ledger.claimDue(options('a', 12));
    expect(won.length + rest.claims.length).toBe(ids.length);
  });

  it('a tick holds one batch at a time and delivers every due channel', async () => {
    const ids = await subscribe(7);
    let most = 0;
    const platform = recordingPlatform('discord', async () => {
      most = Math.max(most, await held('a'));
      return { ok: true, messageIds: ['m'] };
    });
    const report = await createScheduler({ core, platforms: [platform], instanceId: 'a', claimBatch: 3, concurrency: 2 }).tick(NOW);
    expect(report).toMatchObject({ claimed: 7, sent: 7, unknown: 0 });
    expect(platform.delivered.map((d) => d.target.channel.channelId).sort()).toEqual(ids.sort());
    expect(most).toBeLessThanOrEqual(3);
  });

  it('two instances ticking together each hold at most one batch and share the work', async () => {
    const ids = await subscribe(40);
    const most = { a: 0, b: 0 };
    const platform = (instanceId: 'a' | 'b') =>
      recordingPlatform('discord', async () => {
        most[instanceId] = Math.max(most[instanceId], await held(instanceId));
        await new Promise((resolve) => setTimeout(resolve, 5));
        return { ok: true, messageIds: ['m'] };
      });
    const [pa, pb] = [platform('a'), platform('b')];
    const reports = await Promise.all([
      createScheduler({ core, platforms: [pa], instanceId: 'a', claimBatch: 6, concurrency: 3 }).tick(NOW),
      createScheduler({ core, platforms: [pb], instanceId: 'b', claimBatch: 6, concurrency: 3 }).tick(NOW),
    ]);
    const posted = [...pa.delivered, ...pb.delivered].map((d) => d.target.channel.channelId).sort();
    expect(posted).toEqual([...ids].sort());
    expect(reports[0]!.sent + reports[1]!.sent).toBe(40);
    expect(Math.min(reports[0]!.sent, reports[1]!.sent)).toBeGreaterThan(0);
    expect(most.a).toBeLessThanOrEqual(6);
    expect(most.b).toBeLessThanOrEqual(6);
  });

  it('a takeover moves only the batch the dead instance held', async () => {
    await subscribe(6);
    const hang: ChatPlatform = { platform: 'discord', deliverDigest: () => new Promise(() => {}) };
    void createScheduler({ core, platforms: [hang], instanceId: 'dead', claimBatch: 2, leaseMs: 60_000 }).tick(NOW);
    while ((await held('dead')) < 2) await new Promise((resolve) => setTimeout(resolve, 20));
    const alive = recordingPlatform('discord');
    const survivor = createScheduler({ core, platforms: [alive], instanceId: 'alive', claimBatch: 2, leaseMs: 60_000 });
    // At once: everything the dead instance never claimed.
    expect(await survivor.tick(new Date(NOW.getTime() + 1000))).toMatchObject({ claimed: 4, sent: 4 });
    expect(await held('dead')).toBe(2);
    // After its lease: its two.
    expect(await survivor.tick(new Date(NOW.getTime() + 61_000))).toMatchObject({ claimed: 2, sent: 2 });
    expect(alive.delivered).toHaveLength(6);
  });

  it('fences a taken-over holder: its part records and its "sent" change nothing', async () => {
    await subscribe(1);
    const [old] = (await core.ledger.claimDue(options('old', 5))).claims;
    expect(await core.ledger.startPosting(old!, 'old', NOW, [])).toBe(true);
    expect(await core.ledger.recordPart(old!, 'old', { index: 0, messageId: 'm0', containerId: 'C0' }, NOW, new Date(NOW.getTime() + 1000))).toBe(true);
    const afterLease = new Date(NOW.getTime() + 120_000);
    const [taken] = (await core.ledger.claimDue({ ...options('new', 5), now: afterLease })).claims;
    expect(taken).toMatchObject({ deliveryId: old!.deliveryId, attempts: 2 });
    expect(taken!.postingSince?.toISOString()).toBe(NOW.toISOString());
    expect(await core.ledger.recordPart(old!, 'old', { index: 1, messageId: 'm1', containerId: 'C0' }, afterLease, afterLease)).toBe(false);
    expect(await core.ledger.markSent(old!, 'old', ['m0', 'm1'], [], afterLease)).toBe(false);
    // The same instance id restarted (a new claim) does not pass the fence with the old claim either.
    expect(await core.ledger.recordPart({ ...old!, attempts: 1 }, 'new', { index: 1, messageId: 'm1', containerId: 'C0' }, afterLease, afterLease)).toBe(false);
    expect([...(await core.ledger.postedParts([old!.deliveryId])).values()]).toEqual([[{ index: 0, messageId: 'm0', containerId: 'C0', recovered: false }]]);
    expect(await core.ledger.markSent(taken!, 'new', ['m0'], [], afterLease)).toBe(true);
  });
});
