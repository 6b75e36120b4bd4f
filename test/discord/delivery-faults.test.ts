import { sql } from 'drizzle-orm';
import type { APIEmbed } from 'discord.js';
import { beforeEach, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/core/db/client.js';
import { createScheduler } from '../../src/core/delivery/scheduler.js';
import { backends } from '../support/databases.js';
import { dyingAfterPosting } from '../support/dying-platform.js';
import { snowflake } from '../fakes/discord/payloads.js';
import { makePaper } from '../support/papers.js';
import { postedIn, useDiscordHarness } from './discord-harness.js';

// Discord's enforced nonce stops a repeated create only for a few minutes. Beyond that window the
// ledger's per-part records carry the digest: a retry or a takeover starts after the last recorded
// part, and the one part whose outcome is unknown is looked for among the channel's (or thread's)
// messages after the last recorded part. Counted at the fake: one header, every card once.

const backend = backends[0]!;
const due = new Date('2026-11-28T09:05:00Z');
const later = new Date('2026-11-28T09:40:00Z');

describe('Discord digests survive lost answers and takeovers after the nonce window', () => {
  // Channels are subscribed the morning before their 09:00 slot (the harness's clock before each test).
  const h = useDiscordHarness({ backend });
  beforeEach(() => {
    h.fake.state.nonceWindowMs = 5 * 60_000;
  });

  const papers = Array.from({ length: 12 }, (_, i) => makePaper({ title: `Diffusion ${i + 1}`, abstract: 'Diffusion. '.repeat(300), upvotes: 100 - i }));
  const isHeader = (body: Record<string, unknown>) => /Daily Papers, 27 Nov 2026/.test(String(body.content ?? ''));
  async function follow(useThread: boolean) {
    await h.follow(papers, { maxPapers: 12, useThread });
  }
  function expectExactlyOnce() {
    const all = postedIn(h.fake, h.channel.channelId);
    expect(all.filter((m) => isHeader(m.body))).toHaveLength(1);
    const cards = all.flatMap((m) => ((m.body.embeds ?? []) as APIEmbed[]).map((e) => e.url));
    expect(cards).toEqual(papers.map((p) => `https://huggingface.co/papers/${p.id}`));
  }
  const recoveredParts = async () =>
    Number((await queryRows<{ n: number }>(h.database.db, sql`select count(*)::int as n from delivery_parts where recovered`))[0]?.n ?? 0);

  it('a card message created but never answered is found in the thread when the ledger retries after the window', async () => {
    await follow(true);
    // The first card message is created, but every answer to it (discord.js retries 5xx three
    // times, each replayed by the nonce) is a 502.
    h.fake.fail({ method: 'POST', path: /^\/channels\/\d+\/messages$/, status: 502, skip: 1, times: 4, afterEffect: true });
    expect(await h.scheduler.tick(due)).toMatchObject({ sent: 0, failed: 1 });
    // The retry comes after Discord forgot the nonce: only a look-up can tell the card is there.
    h.fake.state.nonceWindowMs = 0;
    expect(await h.scheduler.tick(later)).toMatchObject({ claimed: 1, sent: 1, recovered: 1, unknown: 0 });
    expectExactlyOnce();
    expect(h.fake.requests.filter((r) => r.method === 'GET' && r.path.endsWith('/messages'))).toHaveLength(1);
    expect(await recoveredParts()).toBe(1);
  });

  it.each([
    ['the header', 0, false],
    ['the thread', 1, true],
    ['a card message', 2, true],
    ['a card message in the channel', 2, false],
  ] as const)('a takeover after a crash right after posting %s, past the nonce window, resumes without a duplicate', async (_what, part, useThread) => {
    await follow(useThread);
    const dying = dyingAfterPosting(h.adapter, part);
    const dead = createScheduler({ core: h.core, platforms: [dying], instanceId: 'dead', leaseMs: 60_000 });
    const deadTick = dead.tick(due).catch(() => undefined);
    await dying.died;
    h.fake.state.nonceWindowMs = 0;
    // Not before the lease runs out; then the survivor finishes the digest.
    expect(await h.scheduler.tick(new Date(due.getTime() + 30_000))).toMatchObject({ claimed: 0 });
    expect(await h.scheduler.tick(later)).toMatchObject({ claimed: 1, sent: 1, recovered: 1, unknown: 0 });
    expectExactlyOnce();
    expect(h.fake.replays()).toHaveLength(0);
    dying.bury();
    await dead.stop();
    await deadTick;
  });

  it('finds the header in a busy channel, paging past the messages posted around it', async () => {
    await follow(false);
    // The channel talks: 250 messages from just before the digest began, more than two pages of 100.
    for (let i = 0; i < 250; i++) h.fake.state.messages.push({ id: snowflake(), channelId: h.channel.channelId, body: { content: `chat ${i}` }, at: Date.now() });
    const dying = dyingAfterPosting(h.adapter, 0);
    const dead = createScheduler({ core: h.core, platforms: [dying], instanceId: 'dead', leaseMs: 60_000 });
    const deadTick = dead.tick(due).catch(() => undefined);
    await dying.died;
    h.fake.state.nonceWindowMs = 0;
    expect(await h.scheduler.tick(later)).toMatchObject({ claimed: 1, sent: 1, recovered: 1 });
    expectExactlyOnce();
    expect(h.fake.requests.filter((r) => r.method === 'GET' && r.path.endsWith('/messages'))).toHaveLength(3);
    dying.bury();
    await dead.stop();
    await deadTick;
  });
});
