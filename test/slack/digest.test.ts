import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChannelRef } from '../../src/core/channel.js';
import { checkBlocks } from '../fakes/slack/block-kit-rules.js';
import { backends } from '../support/databases.js';
import { listedOn, makePaper } from '../support/papers.js';
import { startHarness, type SlackHarness } from './harness.js';
import { visibleText } from './contract-harness.js';

const ref = (channelId: string): ChannelRef => ({ platform: 'slack', workspaceId: 'T1', channelId });
const everyDay = { digestTime: '09:00', timezone: 'UTC', weekdays: [1, 2, 3, 4, 5, 6, 7] };
const hostile = '<!channel> Diffusion & <https://evil.example|free GPUs>';

describe.each(backends)('Slack scheduled digests ($name)', (backend) => {
  let h: SlackHarness;
  beforeAll(async () => {
    // The fake answers real 429 + Retry-After, with a channel limit (one message per 1.5 s) stricter
    // than the adapter's own pacing (one a second), so 429s happen whatever the machine's speed.
    h = await startHarness({ backend, mode: 'socket', postIntervalMs: 1500 });
    const papers = Array.from({ length: 24 }, (_, i) =>
      makePaper({ title: `Diffusion study ${i + 1}`, upvotes: 200 - i, aiSummary: `A summary about diffusion number ${i + 1}. `.repeat(8), organization: 'Lab & Co', githubRepo: 'https://github.com/example/repo', githubStars: 12 }),
    );
    papers.push(makePaper({ title: hostile, upvotes: 500 }));
    await h.core.papers.upsert(listedOn('2026-11-27', papers));
    for (const channel of ['C1', 'C2', 'C3']) {
      await h.core.subscriptions.addTopic(ref(channel), 'diffusion');
      await h.core.subscriptions.update(ref(channel), { ...everyDay, maxPapers: 25 });
    }
  });
  afterAll(async () => {
    await h?.close();
  });

  it('posts a long digest once: a summary in the channel and every card in its thread, within every limit', async () => {
    await h.scheduler.tick(new Date('2026-11-28T09:05:00Z'));
    const posts = h.fake.recording.posts.filter((p) => p.channel === 'C1');
    const main = posts.filter((p) => p.threadTs === undefined);
    expect(main).toHaveLength(1);
    const thread = posts.filter((p) => p.threadTs !== undefined);
    expect(thread.length).toBeGreaterThanOrEqual(2);
    expect(thread.every((p) => p.threadTs === main[0]?.ts)).toBe(true);
    // Every card made it, each message valid by Slack's rules and with a notification fallback.
    const cards = thread.flatMap((p) => p.blocks ?? []).filter((b) => (b as { type?: string }).type === 'section');
    expect(cards).toHaveLength(25);
    for (const post of posts) {
      expect(post.text?.length).toBeGreaterThan(0);
      expect(checkBlocks(post.blocks, 50)).toBeNull();
    }
    expect(h.fake.recording.errors.filter((e) => e.method === 'chat.postMessage' && e.error.startsWith('invalid'))).toEqual([]);
    // The thread came faster than the channel allows: Slack said 429, the client waited and retried.
    expect(h.fake.recording.rateLimited.filter((r) => r.channel === 'C1').length).toBeGreaterThan(0);
    // The hostile title is text, never a ping or a link.
    const everything = posts.map((p) => [p.text ?? '', ...visibleText(p.blocks)].join('\n')).join('\n');
    expect(everything).not.toContain('<!channel>');
    expect(everything).not.toContain('<https://evil.example');
    expect(everything).toContain('&lt;!channel&gt; Diffusion &amp; &lt;https://evil.example|free GPUs&gt;');
  });

  it('tells how to invite the bot when it is not in the channel, and pauses after three failures in a row', async () => {
    const status = await h.core.commands.runText('status', { channel: ref('C2'), caller: { id: 'UMEMBER' }, canManage: true });
    expect(JSON.stringify(status)).toContain('/invite @Paperboy');
    expect((await h.core.subscriptions.find(ref('C2')))?.paused).toBe(false);
    // Retries come after 1, 2, 4 minutes (with jitter): two more failures within the day's window.
    await h.scheduler.tick(new Date('2026-11-28T09:30:00Z'));
    await h.scheduler.tick(new Date('2026-11-28T10:30:00Z'));
    const c2 = await h.core.subscriptions.find(ref('C2'));
    expect(h.fake.recording.errors.filter((e) => e.error === 'not_in_channel')).toHaveLength(3);
    expect(c2?.paused).toBe(true);
    expect(c2?.pausedReason).toMatch(/no access/);
  });

  it('does not post again on later ticks the same day', async () => {
    const before = h.fake.recording.posts.filter((p) => p.channel === 'C1').length;
    await h.scheduler.tick(new Date('2026-11-28T10:45:00Z'));
    await h.scheduler.tick(new Date('2026-11-28T11:00:00Z'));
    expect(h.fake.recording.posts.filter((p) => p.channel === 'C1')).toHaveLength(before);
  });

  it('pauses an archived channel at once', async () => {
    expect(h.fake.recording.errors).toContainEqual({ method: 'chat.postMessage', error: 'is_archived' });
    const c3 = await h.core.subscriptions.find(ref('C3'));
    expect(c3?.paused).toBe(true);
    expect(c3?.pausedReason).toMatch(/archived/);
  });

  it('pauses the whole workspace when its token is revoked', async () => {
    h.fake.revokeToken(h.config.SLACK_BOT_TOKEN ?? '');
    await h.core.papers.upsert(listedOn('2026-11-28', [makePaper({ title: 'Diffusion on Saturday' })]));
    await h.core.subscriptions.addTopic(ref('C9'), 'diffusion');
    await h.core.subscriptions.update(ref('C9'), everyDay);
    await h.core.subscriptions.setPaused(ref('C1'), false, null);
    await h.scheduler.tick(new Date('2026-11-29T09:05:00Z'));
    expect((await h.core.subscriptions.find(ref('C9')))?.pausedReason).toMatch(/token_revoked/);
    expect((await h.core.subscriptions.find(ref('C1')))?.paused).toBe(true);
  });
});
