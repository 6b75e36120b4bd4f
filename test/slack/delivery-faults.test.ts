import { sql } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import type { ChannelRef } from '../../src/core/channel.js';
import { queryRows } from '../../src/core/db/client.js';
import { createScheduler } from '../../src/core/delivery/scheduler.js';
import { workspace } from '../fakes/slack/fake-slack.js';
import { backends } from '../support/databases.js';
import { dyingAfterPosting } from '../support/dying-platform.js';
import { listedOn, makePaper } from '../support/papers.js';
import { startHarness, teamOne, unpaced, useSlackHarness } from './harness.js';

// Slack has no idempotency key: every digest part carries metadata naming its delivery and part,
// the ledger records each part before the next is posted, and the one part whose outcome is unknown
// is looked up (conversations.history / conversations.replies) before it is posted again. Counted
// at the fake: one main message and every card once per channel, whatever failed in between.

const ref = (channelId: string): ChannelRef => ({ platform: 'slack', workspaceId: 'T1', channelId });
const due = new Date('2026-11-28T09:05:00Z');
const afterLease = new Date('2026-11-28T09:08:00Z');
const channels = ['C1', 'C4', 'C5'];

describe.each(backends)('Slack digests survive lost answers and crashes ($name)', (backend) => {
  // Channels are subscribed the morning before their 09:00 slot (the harness's clock before each test).
  const h = useSlackHarness(() => {
    const team = teamOne();
    team.channels.push({ id: 'C4', name: 'papers-4' }, { id: 'C5', name: 'papers-5' });
    return startHarness({ backend, mode: 'socket', postIntervalMs: 0, pacing: unpaced, workspaces: [team] });
  });
  let papers: ReturnType<typeof makePaper>[];
  beforeEach(async () => {
    // Long summaries, so each digest is a main message and at least two thread messages.
    papers = Array.from({ length: 25 }, (_, i) => makePaper({ title: `Diffusion study ${i + 1}`, upvotes: 200 - i, aiSummary: `About diffusion ${i + 1}. `.repeat(12) }));
    await h.core.papers.upsert(listedOn('2026-11-27', papers));
    for (const c of channels) {
      await h.core.subscriptions.addTopic(ref(c), 'diffusion');
      await h.core.subscriptions.update(ref(c), { digestTime: '09:00', timezone: 'UTC', weekdays: [1, 2, 3, 4, 5, 6, 7], maxPapers: 25, useThread: true });
    }
  });

  /** Every channel has exactly one main message and all 25 cards once, in its thread. */
  function expectExactlyOnce(channelIds: string[]) {
    for (const c of channelIds) {
      const posts = h.fake.recording.posts.filter((p) => p.channel === c);
      const main = posts.filter((p) => p.threadTs === undefined);
      expect(main, c).toHaveLength(1);
      const cards = posts.filter((p) => p.threadTs === main[0]!.ts).flatMap((p) => (p.blocks ?? []) as { type: string; text?: { text: string } }[]).filter((b) => b.type === 'section');
      expect(cards.map((b) => /Diffusion study (\d+)/.exec(b.text?.text ?? '')?.[1]), c).toEqual(papers.map((_, i) => String(i + 1)));
    }
  }
  const recoveredParts = async () =>
    Number((await queryRows<{ n: number }>(h.database.db, sql`select count(*)::int as n from delivery_parts where recovered`))[0]?.n ?? 0);

  it('every part carries metadata naming its delivery and part', async () => {
    await h.scheduler.tick(due);
    const posts = h.fake.recording.posts.filter((p) => p.channel === 'C1');
    expect(posts.length).toBeGreaterThanOrEqual(3);
    expect(posts.map((p) => p.metadata?.event_payload.part)).toEqual(posts.map((_, i) => i));
    expect(new Set(posts.map((p) => p.metadata?.event_type))).toEqual(new Set(['paperboy_digest_part']));
    expectExactlyOnce(channels);
  });

  it.each(['reset', 'http'] as const)('a thread message posted but whose answer was lost (%s) is found, not posted again', async (how) => {
    h.fake.loseNextAnswer('chat.postMessage', how, 'C4');
    h.fake.loseNextAnswer('chat.postMessage', how, 'C4');
    const report = await h.scheduler.tick(due);
    expect(report).toMatchObject({ sent: 3, failed: 0, unknown: 0, recovered: 2 });
    expectExactlyOnce(channels);
    const lookups = h.fake.recording.calls.filter((c) => c.method.startsWith('conversations.'));
    expect(lookups.map((c) => c.method)).toEqual(['conversations.history', 'conversations.replies']);
    expect(lookups.every((c) => c.params.include_all_metadata === 'true' || c.params.include_all_metadata === true)).toBe(true);
    expect(await recoveredParts()).toBe(2);
  });

  it.each([0, 1, 2])('a takeover after a crash between posting part %i and recording it resumes after the last part', async (part) => {
    const dying = dyingAfterPosting(h.adapter, part);
    const dead = createScheduler({ core: h.core, platforms: [dying], instanceId: 'dead', leaseMs: 60_000, concurrency: 1, claimBatch: 1 });
    const deadTick = dead.tick(due).catch(() => undefined);
    await dying.died;
    // The survivor claims everything the dead instance never took at once; its one claim after the lease.
    const before = await h.scheduler.tick(new Date(due.getTime() + 1000));
    expect(before).toMatchObject({ claimed: 2, sent: 2 });
    const report = await h.scheduler.tick(afterLease);
    expect(report).toMatchObject({ claimed: 1, sent: 1, unknown: 0, recovered: 1 });
    expectExactlyOnce(channels);
    dying.bury();
    await dead.stop();
    await deadTick;
  });
});
