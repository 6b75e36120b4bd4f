import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Core } from '../../../src/core/app.js';
import type { ChannelRef } from '../../../src/core/channel.js';
import type { PaperSource } from '../../../src/core/ports.js';
import { backends } from '../../support/databases.js';
import { useBackend } from '../../support/use-harness.js';
import { makeCore, manager, member } from '../../support/core.js';
import { listedOn, makePaper } from '../../support/papers.js';

const channel: ChannelRef = { platform: 'slack', workspaceId: 'T1', channelId: 'C1' };
let clock = new Date('2026-11-28T10:00:00Z');

describe.each(backends)('/papers commands on $name', (backend) => {
  const shared = useBackend(backend);
  let core: Core;
  let sourceDown = false;
  const source: PaperSource = {
    async fetchDay() {
      return { items: [], skipped: 0 };
    },
    async fetchPaper(id) {
      if (sourceDown) throw new Error('connect ECONNREFUSED');
      return id === '2601.00001' ? makePaper({ id, title: 'Fetched from the Hub', source: 'hf' }) : null;
    },
  };

  beforeAll(async () => {
    core = await makeCore(shared.database, { now: () => clock, source });
  });
  beforeEach(async () => {
    clock = new Date('2026-11-28T10:00:00Z');
    sourceDown = false;
    await core.papers.upsert(
      listedOn('2026-11-27', [
        makePaper({ id: '2611.00001', title: 'Latent diffusion for video generation', upvotes: 40 }),
        makePaper({ id: '2611.00002', title: 'Post-training quantization of LLMs', upvotes: 90 }),
      ]),
    );
  });

  const run = (text: string, who = manager(channel)) => core.commands.runText(text, who);

  it('refuses topic and schedule changes for someone who may not manage the channel, storing nothing', async () => {
    for (const text of ['subscribe diffusion', 'unsubscribe diffusion', 'schedule 08:00', 'pause', 'resume', 'set max-papers 3']) {
      const reply = await run(text, member(channel));
      expect(reply.error?.code, text).toBe('forbidden');
      expect(reply.visibility).toBe('ephemeral');
    }
    expect(await core.subscriptions.find(channel)).toBeNull();
    // Reading is open to everyone.
    expect((await run('search diffusion', member(channel))).papers?.[0]?.paper.id).toBe('2611.00001');
    expect((await run('topics', member(channel))).error).toBeUndefined();
  });

  it('subscribes, lists, ignores duplicates case-insensitively, and unsubscribes', async () => {
    expect((await run('subscribe Diffusion')).title).toBe('Subscribed to "Diffusion"');
    expect((await run('subscribe   diffusion ')).title).toMatch(/Already following/);
    await run('subscribe "mixture of experts"');
    const topics = await run('topics');
    expect(topics.text).toBe('• Diffusion\n• "mixture of experts"');
    expect((await run('unsubscribe DIFFUSION')).title).toMatch(/Unsubscribed/);
    expect((await run('unsubscribe diffusion')).error?.code).toBe('not_found');
    expect(await core.subscriptions.topics(channel)).toEqual(['"mixture of experts"']);
  });

  it('refuses a topic of stop words only and the 26th topic', async () => {
    const stop = await run('subscribe the of and');
    expect(stop.error?.code).toBe('topic_matches_nothing');
    for (let i = 0; i < 25; i += 1) expect((await run(`subscribe topic${i}`)).error).toBeUndefined();
    expect((await run('subscribe one-too-many')).error?.code).toBe('topic_limit');
    expect(await core.subscriptions.topics(channel)).toHaveLength(25);
  });

  it('saves a schedule with zone and weekdays and reports it in status', async () => {
    const reply = await run('schedule 8:30 europe/berlin mon,wed,fri');
    expect(reply.error).toBeUndefined();
    expect(reply.text).toContain('08:30 Europe/Berlin');
    const settings = await core.subscriptions.find(channel);
    expect(settings).toMatchObject({ digestTime: '08:30', timezone: 'Europe/Berlin', weekdays: [1, 3, 5] });
    const status = await run('status');
    expect(status.fields?.find((f) => f.label === 'Schedule')?.value).toMatch(/next Mon 30 Nov, 08:30 Europe\/Berlin/);
  });

  it('answers bad schedule and settings input with the reason and usage', async () => {
    expect((await run('schedule 25:00')).error?.code).toBe('invalid_time');
    expect((await run('schedule 09:00 Mars/Olympus')).error?.code).toBe('invalid_timezone');
    expect((await run('schedule 09:00 someday')).error?.usage).toContain('schedule <HH:MM>');
    expect((await run('set max-papers 0')).text).toMatch(/1 to 25/);
    expect((await run('set max-papers 26')).error?.code).toBe('usage');
    expect((await run('set thread maybe')).error?.code).toBe('usage');
    expect(await core.subscriptions.find(channel)).toBeNull();
  });

  it('threads cards where the platform has threads, and refuses threads where it has none, storing nothing', async () => {
    await run('subscribe diffusion');
    expect((await run('set thread on')).error).toBeUndefined();
    expect((await run('status')).fields?.find((f) => f.label === 'Digest size')?.value).toContain('cards in a thread');
    await run('set thread off');
    const flatOnly = { ...manager(channel), threads: false };
    const refused = await run('set thread on', flatOnly);
    expect(refused.error?.code).toBe('usage');
    expect(refused.visibility).toBe('ephemeral');
    expect((await core.subscriptions.find(channel))?.useThread).toBe(false);
    expect((await run('set thread off', flatOnly)).error).toBeUndefined();
    // Stored on before the refusal existed: status there does not claim a thread.
    await core.subscriptions.update(channel, { useThread: true });
    expect((await run('status', flatOnly)).fields?.find((f) => f.label === 'Digest size')?.value).not.toContain('thread');
  });

  it('previews the digest of the latest complete day with matched topics', async () => {
    await run('subscribe quantization');
    const reply = await run('digest');
    expect(reply.digest?.day).toBe('2026-11-27');
    expect(reply.digest?.papers.map((p) => [p.paper.id, p.matchedTopics])).toEqual([['2611.00002', ['quantization']]]);
    expect((await run('digest 2026-02-30')).error?.code).toBe('invalid_date');
    expect((await run('digest 2027-01-01')).error?.code).toBe('invalid_date');
    // A preview records nothing.
    const settings = await core.subscriptions.find(channel);
    expect(await core.ledger.recent(settings!.id, 5)).toEqual([]);
  });

  it("previews a weekly or monthly channel's next digest: the days its next slot covers, said in the header", async () => {
    await core.papers.upsert(listedOn('2026-11-23', [makePaper({ id: '2611.00003', title: 'Quantization of diffusion transformers', upvotes: 7 })]));
    await run('subscribe quantization');
    // Saturday 28 Nov: the next weekly slot, Monday 30 Nov, covers 23-29 Nov, of which Sunday is not over.
    await run('schedule weekly mon 09:00 UTC');
    const weekly = await run('digest');
    expect(weekly).toMatchObject({ visibility: 'ephemeral', title: 'Preview: next weekly digest, 23-29 Nov 2026' });
    expect(weekly.text).toBe('It is posted Mon 30 Nov, 09:00 UTC.\nThe week is not over yet: these are the papers listed so far.');
    expect(weekly.digest).toMatchObject({ day: '2026-11-29', period: { kind: 'week', from: '2026-11-23', to: '2026-11-29' }, preview: true });
    expect(weekly.digest?.papers.map((p) => [p.paper.id, p.matchedTopics])).toEqual([
      ['2611.00002', ['quantization']],
      ['2611.00003', ['quantization']],
    ]);
    // On the slot's day before its time, that week is over: the preview is the digest about to be posted.
    clock = new Date('2026-11-30T08:59:00Z');
    expect((await run('digest')).text).toBe('It is posted Mon 30 Nov, 09:00 UTC.');

    // 1 Dec 09:00 in Berlin (08:00 UTC) covers November; 1 Dec 08:00 in Tokyo (30 Nov 23:00 UTC) covers October.
    clock = new Date('2026-11-28T10:00:00Z');
    await run('schedule monthly 1 09:00 Europe/Berlin');
    const monthly = await run('digest');
    expect(monthly.title).toBe('Preview: next monthly digest, November 2026');
    expect(monthly.text).toBe('It is posted Tue 1 Dec, 09:00 Europe/Berlin.\nThe month is not over yet: these are the papers listed so far.');
    expect(monthly.digest?.period).toEqual({ kind: 'month', from: '2026-11-01', to: '2026-11-30' });
    expect(monthly.digest?.papers.map((p) => p.paper.id)).toEqual(['2611.00002', '2611.00003']);
    await run('schedule monthly 1 08:00 Asia/Tokyo');
    const tokyo = await run('digest');
    expect(tokyo.title).toBe('Preview: next monthly digest, October 2026');
    expect(tokyo.text).toBe("It is posted Tue 1 Dec, 08:00 Asia/Tokyo.\nNo paper listed in October 2026 matches this channel's topics.");
    expect(tokyo.digest?.papers).toEqual([]);
    // A paused channel is told when its next digest would come once resumed.
    await run('pause');
    expect((await run('digest')).text).toMatch(/^Digests are paused; once resumed, this one is posted Tue 1 Dec, 08:00 Asia\/Tokyo\./);

    // An asked date is that one day, whatever the rhythm; a daily channel's preview is one day again.
    const asked = await run('digest 2026-11-23');
    expect(asked.title).toBe('Preview: 23 Nov 2026');
    expect(asked.digest?.period).toBeUndefined();
    expect(asked.digest?.papers.map((p) => p.paper.id)).toEqual(['2611.00003']);
    await run('schedule 09:00 UTC');
    expect((await run('digest')).title).toBe('Preview: 27 Nov 2026');
    // A preview records nothing.
    const settings = await core.subscriptions.find(channel);
    expect(await core.ledger.recent(settings!.id, 5)).toEqual([]);
  });

  it('pauses and resumes', async () => {
    await run('subscribe diffusion');
    expect((await run('pause')).title).toBe('Digests paused');
    expect((await run('status')).title).toMatch(/paused/);
    expect((await run('resume')).text).toMatch(/09:00 UTC/);
    expect((await core.subscriptions.find(channel))?.paused).toBe(false);
  });

  it('shows a stored paper, fetches a missing one, and explains failures', async () => {
    expect((await run('paper https://arxiv.org/pdf/2611.00002v3')).papers?.[0]?.paper.title).toBe('Post-training quantization of LLMs');
    expect((await run('paper 2601.00001')).papers?.[0]?.paper.title).toBe('Fetched from the Hub');
    expect(await core.papers.get('2601.00001')).not.toBeNull();
    expect((await run('paper 2601.99999')).error?.code).toBe('not_found');
    sourceDown = true;
    expect((await run('paper 2601.55555')).error?.code).toBe('upstream_unavailable');
    expect((await run('paper not-an-id')).error?.code).toBe('usage');
  });

  it('answers every hostile input with a reply, never an exception', async () => {
    const inputs = ['', '   ', 'search', 'search ' + 'x'.repeat(10_000), 'search !!!???', "search '; drop table papers; --", 'search 💥🔥', 'search مرحبا بالعالم', 'subscribe \u0000', 'schedule', 'digest tomorrow', 'nonsense', 'set', 'search "unclosed'];
    for (const text of inputs) {
      const reply = await run(text);
      expect(typeof reply.text, text).toBe('string');
      expect(reply.visibility).toBe('ephemeral');
    }
    expect(await core.papers.get('2611.00001')).not.toBeNull();
  });
});
