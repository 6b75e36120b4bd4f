import { describe, expect, it } from 'vitest';
import { embedLength, embedProblems } from '../../src/discord/message-limits.js';
import type { APIEmbed } from 'discord.js';
import { backends } from '../support/databases.js';
import { listedOn, makePaper } from '../support/papers.js';
import { messageText, postedIn, replySeen, startDiscordHarness, useDiscordHarness } from './discord-harness.js';

// Scheduled digests end to end: the core's scheduler claims the channel and hands the digest to
// the adapter, which posts through discord.js's REST client to the fake.

const backend = backends[0]!;
const due = new Date('2026-11-28T09:05:00Z');

describe('Discord digests through discord.js', () => {
  // One client and database for the file; each test starts from empty tables and a clean fake.
  const h = useDiscordHarness({ backend });

  const posted = () => postedIn(h.fake, h.channel.channelId);
  const headers = () => posted().filter((m) => /Daily Papers, 27 Nov 2026/.test(String(m.body.content ?? '')));

  it('posts the digest once, with only matching papers, within every limit, pinging nobody', async () => {
    const hostile = makePaper({ title: '@everyone **Diffusion** [click](https://evil.example) <@&123>', upvotes: 30 });
    const plain = makePaper({ title: 'Video diffusion at scale', upvotes: 20, githubRepo: 'https://github.com/acme/vd', githubStars: 42, organization: 'Acme Labs' });
    const unrelated = makePaper({ title: 'Warehouse robots', abstract: 'Robots in warehouses.', upvotes: 99 });
    await h.follow([hostile, plain, unrelated]);

    await h.tick(due);
    await h.tick(due);
    await h.tick(new Date('2026-11-28T11:00:00Z'));

    expect(headers()).toHaveLength(1);
    expect(String(headers()[0]!.body.content)).toBe('**Daily Papers, 27 Nov 2026: 2 papers on diffusion**');
    const all = posted();
    for (const message of all) {
      expect(message.body.allowed_mentions).toEqual({ parse: [] });
      const embeds = (message.body.embeds ?? []) as APIEmbed[];
      expect(embeds.length).toBeLessThanOrEqual(10);
      expect(embeds.reduce((n, e) => n + embedLength(e), 0)).toBeLessThanOrEqual(6000);
      for (const embed of embeds) expect(embedProblems(embed)).toEqual([]);
    }
    const cards = all.flatMap((m) => (m.body.embeds ?? []) as APIEmbed[]);
    expect(cards.map((c) => c.url)).toEqual([`https://huggingface.co/papers/${hostile.id}`, `https://huggingface.co/papers/${plain.id}`]);
    expect(cards[0]!.title).toBe('1. @everyone \\*\\*Diffusion\\*\\* \\[click](https://evil.example) <@&123>');
    const text = all.map((m) => messageText(m.body)).join('\n');
    expect(text).not.toContain(unrelated.title);
    expect(text).toContain('[GitHub ★ 42](https://github.com/acme/vd)');
    expect(text).toContain('Why: matched diffusion');
    expect(h.fake.requests.filter((r) => r.path.startsWith('/channels/')).every((r) => r.status === 200)).toBe(true);
  });

  it('splits a long digest over several messages instead of being rejected', async () => {
    const long = Array.from({ length: 25 }, (_, i) =>
      makePaper({
        title: `Diffusion ${i + 1}: ${'very long title words '.repeat(20)}`,
        abstract: 'Diffusion. '.repeat(400),
        aiSummary: `Diffusion summary ${'with many words '.repeat(100)}`,
        authors: Array.from({ length: 40 }, (_, j) => `Author Number ${j}`),
        organization: 'O'.repeat(500),
        upvotes: 100 - i,
      }),
    );
    await h.follow(long, { maxPapers: 25 });
    await h.tick(due);
    const cardMessages = posted().filter((m) => ((m.body.embeds ?? []) as unknown[]).length > 0);
    expect(cardMessages.length).toBeGreaterThan(2);
    const cards = cardMessages.flatMap((m) => m.body.embeds as APIEmbed[]);
    expect(cards.map((c) => c.url)).toEqual(long.map((p) => `https://huggingface.co/papers/${p.id}`));
    for (const message of cardMessages) {
      const embeds = message.body.embeds as APIEmbed[];
      expect(embeds.length).toBeLessThanOrEqual(10);
      expect(embeds.reduce((n, e) => n + embedLength(e), 0)).toBeLessThanOrEqual(6000);
    }
    expect(h.fake.requests.filter((r) => r.status === 400)).toEqual([]);
  });

  it('opens a thread on the header and posts the cards there when the channel asks for it', async () => {
    await h.follow([makePaper({ title: 'Threaded diffusion' })], { useThread: true });
    await h.tick(due);
    const inChannel = h.fake.messages(h.channel.channelId);
    expect(inChannel).toHaveLength(1);
    const header = inChannel[0]!;
    const create = h.fake.requests.find((r) => r.path === `/channels/${h.channel.channelId}/messages/${header.id}/threads`);
    expect(create?.body).toMatchObject({ name: 'Daily Papers, 27 Nov 2026: 1 paper on diffusion', auto_archive_duration: 1440 });
    const inThread = h.fake.messages(header.id);
    expect(inThread).toHaveLength(1);
    expect((inThread[0]!.body.embeds as APIEmbed[])[0]!.title).toBe('1. Threaded diffusion');
  });

  it('waits out a 429 as discord.js does and delivers once', async () => {
    await h.follow([makePaper({ title: 'Rate limited diffusion' })]);
    h.fake.fail({ method: 'POST', path: `/channels/${h.channel.channelId}/messages`, status: 429, retryAfter: 0.3 });
    await h.tick(due);
    const attempts = h.fake.requests.filter((r) => r.method === 'POST' && r.path === `/channels/${h.channel.channelId}/messages`);
    expect(attempts.map((r) => r.status)).toEqual([429, 200, 200]);
    expect(attempts[1]!.at - attempts[0]!.at).toBeGreaterThanOrEqual(250);
    expect(headers()).toHaveLength(1);
  });

  it('leaves a 5xx to the ledger, which delivers on a later tick', async () => {
    await h.follow([makePaper({ title: 'Flaky diffusion' })]);
    // discord.js retries a 5xx three times itself, so four failures reach the ledger as one.
    h.fake.fail({ method: 'POST', path: '/messages', status: 502, times: 4 });
    await h.tick(due);
    expect(headers()).toHaveLength(0);
    expect((await h.core.subscriptions.find(h.channel))?.paused).toBe(false);
    await h.tick(new Date('2026-11-28T09:30:00Z'));
    expect(headers()).toHaveLength(1);
  });

  it('pauses the channel after three Missing Access failures in a row, and status says why', async () => {
    await h.follow([makePaper({ title: 'Forbidden diffusion' })]);
    h.fake.fail({ path: `/channels/${h.channel.channelId}/`, status: 403, code: 50001, message: 'Missing Access', times: 100 });
    for (const at of ['09:05', '09:30', '10:30']) {
      expect((await h.core.subscriptions.find(h.channel))?.paused).toBe(false);
      await h.tick(new Date(`2026-11-28T${at}:00Z`));
    }
    const settings = await h.core.subscriptions.find(h.channel);
    expect(settings?.paused).toBe(true);
    expect(settings?.pausedReason).toMatch(/no access/);
    const status = replySeen(await h.fake.waitForAnswer(h.fake.sendCommand('status')));
    expect(status.text).toMatch(/paused.*no access/s);
  });

  it('pauses after three Unknown Channel answers', async () => {
    await h.follow([makePaper({ title: 'Vanished diffusion' })]);
    h.fake.fail({ path: `/channels/${h.channel.channelId}/`, status: 404, times: 100 });
    for (const at of ['09:05', '09:30', '10:30']) await h.tick(new Date(`2026-11-28T${at}:00Z`));
    expect((await h.core.subscriptions.find(h.channel))?.pausedReason).toMatch(/not found/);
  });

});

describe('Discord server and channel removal', () => {
  it('pauses a server the bot was removed from and forgets a deleted channel', async () => {
    // Changes the fake's guilds and the client's cache: a harness of its own.
    const h = await startDiscordHarness({ backend });
    try {
      const other = { ...h.channel, channelId: h.fake.guild.channels[1]!.id };
      await h.core.subscriptions.addTopic(other, 'robots');
      expect(await h.core.subscriptions.find(other)).not.toBeNull();
      h.fake.deleteChannel(other.channelId);
      await waitUntil(async () => (await h.core.subscriptions.find(other)) === null);

      await h.core.subscriptions.addTopic(h.channel, 'diffusion');
      expect((await h.core.subscriptions.find(h.channel))?.paused).toBe(false);
      h.fake.removeGuild(h.fake.guild.id);
      await waitUntil(async () => (await h.core.subscriptions.find(h.channel))?.paused === true);
      expect((await h.core.subscriptions.find(h.channel))?.pausedReason).toMatch(/removed from this server/);
    } finally {
      await h.close();
    }
  });
});

describe('Discord digests from an instance without a gateway session', () => {
  it('delivers with REST alone, and leaves commands to the shard owner', async () => {
    const h = await startDiscordHarness({ backend, gateway: false });
    try {
      expect(h.fake.identifies).toEqual([]);
      expect(h.fake.registrations).toEqual([]);
      await h.core.papers.upsert(listedOn('2026-11-27', [makePaper({ title: 'Headless diffusion' })]));
      await h.core.subscriptions.addTopic(h.channel, 'diffusion');
      await h.core.subscriptions.update(h.channel, { digestTime: '09:00', timezone: 'UTC', weekdays: [1, 2, 3, 4, 5, 6, 7] });
      await h.tick(due);
      expect(h.posted(h.channel).join('\n')).toContain('Headless diffusion');
      expect(h.logLines.join('\n')).toContain('gateway="off (digests only)"');
    } finally {
      await h.close();
    }
  });
});

async function waitUntil(check: () => Promise<boolean>, timeoutMs = 3000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
