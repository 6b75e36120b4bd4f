import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChannelRef } from '../../src/core/channel.js';
import { queryRows } from '../../src/core/db/client.js';
import type { TickReport } from '../../src/core/delivery/scheduler.js';
import { workspace } from '../fakes/slack/fake-slack.js';
import { listedOn, makePaper } from '../support/papers.js';
import { backendOf, openReopenablePglite, type ReopenableDatabase } from '../support/reopenable-pglite.js';
import { startHarness, type SlackHarness } from './harness.js';

// The database goes away in the middle of a fan-out and comes back: every write that follows a
// post waits for it (logged, counted), no post is repeated, and the tick reports what it really did.
// The embedded case: PGlite closed and reopened on its folder under the running Bolt adapter.

const CHANNELS = 6;
const ids = Array.from({ length: CHANNELS }, (_, i) => `C${i + 10}`);
const ref = (channelId: string): ChannelRef => ({ platform: 'slack', workspaceId: 'T1', channelId });

describe('Slack digests while the database stops and starts mid-fan-out', () => {
  let h: SlackHarness;
  let database: ReopenableDatabase;
  beforeAll(async () => {
    database = await openReopenablePglite();
    const team = workspace('T1', { channels: ids.map((id) => ({ id, name: `papers-${id}` })) });
    h = await startHarness({ backend: backendOf(database), mode: 'socket', postIntervalMs: 0, workspaces: [team] });
    const papers = Array.from({ length: 20 }, (_, i) => makePaper({ title: `Diffusion study ${i + 1}`, upvotes: 100 - i, aiSummary: `About diffusion ${i + 1}. `.repeat(12) }));
    await h.core.papers.upsert(listedOn('2026-11-27', papers));
    for (const id of ids) {
      await h.core.subscriptions.addTopic(ref(id), 'diffusion');
      await h.core.subscriptions.update(ref(id), { digestTime: '09:00', timezone: 'UTC', weekdays: [1, 2, 3, 4, 5, 6, 7], maxPapers: 20, useThread: true });
    }
  }, 60_000);
  afterAll(async () => {
    await h?.close();
  });

  it('posts every part once and reports every digest sent', async () => {
    const tick = h.scheduler.tick(new Date('2026-11-28T09:05:00Z'));
    // Stop the database once a few parts are out, keep it down a while, start it again.
    const posts = () => h.fake.recording.posts.length;
    while (posts() < 4) await new Promise((resolve) => setTimeout(resolve, 20));
    await database.stop();
    const postsWhenStopped = posts();
    await new Promise((resolve) => setTimeout(resolve, 2500));
    const postsWhileDown = posts();
    await database.start();
    const report: TickReport = await tick;

    // Nothing more went out while the database was down than the parts in flight when it stopped:
    // each lane waits for its record before its next post.
    expect(postsWhileDown - postsWhenStopped).toBeLessThanOrEqual(CHANNELS);
    expect(report).toMatchObject({ claimed: CHANNELS, sent: CHANNELS, failed: 0, unknown: 0 });
    for (const id of ids) {
      const mine = h.fake.recording.posts.filter((p) => p.channel === id);
      const parts = mine.map((p) => Number(p.metadata?.event_payload.part));
      expect(parts, id).toEqual(parts.map((_, i) => i));
      expect(mine.filter((p) => p.threadTs === undefined), id).toHaveLength(1);
    }
    const rows = await queryRows<{ status: string; n: number }>(database.db, sql`select status, count(*)::int as n from deliveries group by status`);
    expect(rows).toEqual([{ status: 'sent', n: CHANNELS }]);
    const recorded = await queryRows<{ n: number }>(database.db, sql`select count(*)::int as n from delivery_parts`);
    expect(recorded[0]?.n).toBe(h.fake.recording.posts.length);
    expect(h.logLines.some((l) => /database unavailable; retrying the ledger write/.test(l))).toBe(true);
  }, 60_000);
});
