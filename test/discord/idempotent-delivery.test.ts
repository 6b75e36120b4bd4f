import { describe, expect, it } from 'vitest';
import type { APIEmbed } from 'discord.js';
import { maxNonceLength, messageNonce } from '../../src/discord/message-nonce.js';
import { backends } from '../support/databases.js';
import { makePaper } from '../support/papers.js';
import { postedIn, useDiscordHarness } from './discord-harness.js';

// Every part of a digest carries an enforced nonce derived from the delivery key, so any retry (by
// discord.js, by the ledger, or by another instance taking over) gets the parts already posted back
// from Discord instead of posting them again. The fake remembers nonces the way Discord does.

const backend = backends[0]!;
const due = new Date('2026-11-28T09:05:00Z');
const retry = new Date('2026-11-28T09:30:00Z');

describe('messageNonce', () => {
  it('is short, stable and distinct per part, also for long delivery keys', () => {
    expect(messageNonce('d123', 0)).toBe('pb-d123-0');
    expect(messageNonce('d123', 1)).toBe('pb-d123-1');
    const long = 'd9223372036854775807-with-a-long-suffix';
    expect(messageNonce(long, 12)).toBe(messageNonce(long, 12));
    expect(messageNonce(long, 12).length).toBeLessThanOrEqual(maxNonceLength);
    expect(messageNonce(long, 12)).not.toBe(messageNonce(`${long}x`, 12));
    expect(messageNonce(long, 12)).not.toBe(messageNonce(long, 13));
  });
});

describe('Discord digests are posted idempotently', () => {
  const h = useDiscordHarness({ backend });

  const isHeader = (body: Record<string, unknown>) => /Daily Papers, 27 Nov 2026/.test(String(body.content ?? ''));
  const cardUrls = (channelId: string) => h.fake.messages(channelId).flatMap((m) => ((m.body.embeds ?? []) as APIEmbed[]).map((e) => e.url));
  /** Long papers, so the cards need several messages. */
  const longPapers = (n: number) =>
    Array.from({ length: n }, (_, i) => makePaper({ title: `Diffusion ${i + 1}`, abstract: 'Diffusion. '.repeat(300), upvotes: 100 - i }));

  it('sends every part with an enforced nonce of at most 25 characters, one nonce per part', async () => {
    await h.follow(longPapers(12), { maxPapers: 12 });
    await h.tick(due);
    const creates = h.fake.requests.filter((r) => r.method === 'POST' && r.path === `/channels/${h.channel.channelId}/messages`);
    expect(creates.length).toBeGreaterThan(2);
    const bodies = creates.map((r) => r.body as { nonce?: unknown; enforce_nonce?: unknown });
    for (const body of bodies) {
      expect(body.enforce_nonce).toBe(true);
      expect(typeof body.nonce).toBe('string');
      expect(String(body.nonce).length).toBeLessThanOrEqual(25);
    }
    expect(new Set(bodies.map((b) => b.nonce)).size).toBe(bodies.length);
  });

  it('a 5xx on the second message, retried by the ledger: one header and every card, once', async () => {
    const papers = longPapers(12);
    await h.follow(papers, { maxPapers: 12 });
    // The header goes through; the first card message fails four times (discord.js retries 5xx three times).
    h.fake.fail({ method: 'POST', path: `/channels/${h.channel.channelId}/messages`, status: 500, skip: 1, times: 4 });
    await h.tick(due);
    expect(h.fake.messages(h.channel.channelId)).toHaveLength(1);
    await h.tick(retry);

    const messages = h.fake.messages(h.channel.channelId);
    expect(messages.filter((m) => isHeader(m.body))).toHaveLength(1);
    expect(cardUrls(h.channel.channelId)).toEqual(papers.map((p) => `https://huggingface.co/papers/${p.id}`));
    // The ledger recorded the header: the retry started after it and never sent it again.
    const headerCreates = h.fake.requests.filter((r) => r.method === 'POST' && isHeader((r.body ?? {}) as Record<string, unknown>));
    expect(headerCreates).toHaveLength(1);
    expect(h.fake.replays(h.channel.channelId)).toHaveLength(0);
  });

  it('a message created but answered with a 5xx is not created again when discord.js retries it', async () => {
    await h.follow([makePaper({ title: 'Lost answer diffusion' })]);
    h.fake.fail({ method: 'POST', path: `/channels/${h.channel.channelId}/messages`, status: 502, afterEffect: true });
    await h.tick(due);
    const messages = h.fake.messages(h.channel.channelId);
    expect(messages.filter((m) => isHeader(m.body))).toHaveLength(1);
    expect(messages).toHaveLength(2);
    expect(h.fake.replays()).toHaveLength(1);
    const delivery = (await h.core.ledger.recent((await h.core.subscriptions.find(h.channel))!.id, 1))[0];
    expect(delivery?.status).toBe('sent');
  });

  it('a retry of a threaded digest reuses the header and the thread opened on it', async () => {
    const papers = longPapers(12);
    await h.follow(papers, { useThread: true, maxPapers: 12 });
    // Fail the second card message in the thread: the header, the thread and the first cards exist.
    h.fake.fail({ method: 'POST', path: /^\/channels\/\d+\/messages$/, status: 503, skip: 2, times: 4 });
    await h.tick(due);
    const header = h.fake.messages(h.channel.channelId)[0]!;
    const cardsBefore = h.fake.messages(header.id).length;
    expect(cardsBefore).toBe(1);
    await h.tick(retry);

    expect(h.fake.messages(h.channel.channelId)).toEqual([header]);
    expect(cardUrls(header.id)).toEqual(papers.map((p) => `https://huggingface.co/papers/${p.id}`));
    // The thread is a recorded part too: the retry went straight on with the cards in it.
    const threadCreates = h.fake.requests.filter((r) => r.path.endsWith('/threads'));
    expect(threadCreates.map((r) => r.status)).toEqual([201]);
    expect(postedIn(h.fake, h.channel.channelId).filter((m) => isHeader(m.body))).toHaveLength(1);
  });
});
