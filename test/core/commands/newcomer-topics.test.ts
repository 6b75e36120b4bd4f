import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Core } from '../../../src/core/app.js';
import type { ChannelRef } from '../../../src/core/channel.js';
import { backends } from '../../support/databases.js';
import { useBackend } from '../../support/use-harness.js';
import { makeCore, manager } from '../../support/core.js';
import { listedOn, makePaper } from '../../support/papers.js';

// Topics typed the way a newcomer typed them (issue 11, items 3, 6 and 9), through the command runner.

const channel: ChannelRef = { platform: 'slack', workspaceId: 'T1', channelId: 'C1' };
const clock = new Date('2026-11-28T10:00:00Z');

describe.each(backends)('topics a newcomer types, on $name', (backend) => {
  const shared = useBackend(backend);
  let core: Core;

  beforeAll(async () => {
    core = await makeCore(shared.database, { now: () => clock });
  });
  beforeEach(async () => {
    await core.papers.upsert(
      listedOn('2026-11-27', [
        makePaper({ id: '2611.00001', title: 'Lossless compression with probabilistic circuits', upvotes: 40 }),
        makePaper({ id: '2611.00002', title: 'Sparse mixture of experts at scale', upvotes: 90 }),
        makePaper({ id: '2611.00003', title: 'Post-training quantization of LLM weights', upvotes: 70 }),
      ]),
    );
  });

  const run = (text: string) => core.commands.runText(text, manager(channel));
  const topics = () => core.subscriptions.topics(channel);

  it('refuses author:, org: and since: in a topic, with the reason, and stores nothing', async () => {
    for (const text of ['subscribe author:hinton', 'subscribe author:', 'subscribe since:2026-13-45', 'subscribe diffusion org:google', 'subscribe -author:x video']) {
      const reply = await run(text);
      expect(reply.error?.code, text).toBe('topic_invalid');
      expect(reply.text, text).toMatch(/works in \/papers search but not in a topic/);
      expect(reply.title).toBeUndefined();
    }
    expect(await topics()).toEqual([]);
    // Inside quotes it is just words.
    expect((await run('subscribe "author: unknown"')).error).toBeUndefined();
  });

  it('refuses a topic that only excludes words, which would turn the digest into the whole feed', async () => {
    for (const text of ['subscribe -llm', 'subscribe -llm -vision']) {
      const reply = await run(text);
      expect(reply.error?.code, text).toBe('topic_invalid');
      expect(reply.text).toMatch(/only excludes words/);
    }
    expect(await topics()).toEqual([]);
    expect((await run('subscribe quantization -vision')).title).toBe('Subscribed to "quantization -vision"');
    const preview = await run('digest 2026-11-27');
    expect(preview.digest?.papers.map((p) => p.paper.id)).toEqual(['2611.00003']);
  });

  it('treats look-alike spellings as one topic: Cyrillic с, full-width letters, a zero-width space', async () => {
    expect((await run('subscribe compression')).title).toBe('Subscribed to "compression"');
    for (const lookAlike of ['\u0441ompression', 'ｃｏｍｐｒｅｓｓｉｏｎ', 'compres\u200bsion', 'com\u00adpression']) {
      const reply = await run(`subscribe ${lookAlike}`);
      expect(reply.title, JSON.stringify(lookAlike)).toBe('Already following "compression"');
    }
    expect(await topics()).toEqual(['compression']);
    // Removed by typing what one sees, whichever look-alike the keyboard produces.
    expect((await run('unsubscribe ｃｏｍｐｒｅｓｓｉｏｎ')).title).toBe('Unsubscribed from "compression"');
    expect(await topics()).toEqual([]);
    // A word wholly in another script is left alone.
    expect((await run('subscribe сжатие')).title).toBe('Subscribed to "сжатие"');
  });

  it('answers a NUL byte in a topic or a query without an internal error', async () => {
    const reply = await run('subscribe ab\u0000cd');
    expect(reply.error).toBeUndefined();
    expect(await topics()).toEqual(['abcd']);
    expect((await run('search compres\u0000sion')).error?.code).not.toBe('internal');
  });

  it('shows a quoted topic with one pair of quotes, and unsubscribes it typed without them', async () => {
    expect((await run('subscribe "mixture of experts"')).title).toBe('Subscribed to "mixture of experts"');
    expect((await run('search "mixture of experts"')).title).toBe('Results 1-1 for "mixture of experts"');
    expect((await run('unsubscribe mixture of experts')).title).toBe('Unsubscribed from "mixture of experts"');
    expect(await topics()).toEqual([]);
    expect((await run('unsubscribe mixture of experts')).error?.code).toBe('not_found');
  });
});
