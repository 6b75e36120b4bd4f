import { describe, expect, it } from 'vitest';
import type { Digest } from '../../src/core/digest/digest.js';
import { blockChars, limits, type Block } from '../../src/slack/block-limits.js';
import { escapeMrkdwn, mrkdwnLink } from '../../src/slack/mrkdwn.js';
import { renderDigest } from '../../src/slack/render-digest.js';
import { renderHome } from '../../src/slack/render-home.js';
import { renderReply, splitText } from '../../src/slack/render-reply.js';
import { checkBlocks } from '../fakes/slack/block-kit-rules.js';
import { makePaper } from '../support/papers.js';

const digestOf = (count: number, overrides: Partial<Digest> = {}): Digest => ({
  channel: { platform: 'slack', workspaceId: 'T1', channelId: 'C1' },
  day: '2026-11-27',
  topics: ['diffusion'],
  papers: Array.from({ length: count }, (_, i) => ({
    paper: makePaper({ title: `Paper ${i + 1} on diffusion`, aiSummary: 'x'.repeat(380) + ' & more <stuff>', organization: 'Lab & Co' }),
    upvotes: 100 - i,
    matchedTopics: ['diffusion'],
  })),
  preview: false,
  ...overrides,
});

function expectValid(blocks: Block[], max = limits.blocksPerMessage) {
  expect(checkBlocks(blocks, max)).toBeNull();
  expect(blocks.reduce((n, b) => n + blockChars(b), 0)).toBeLessThanOrEqual(limits.blockCharsPerMessage);
}

describe('mrkdwn escaping', () => {
  it('escapes only &, < and >', () => {
    expect(escapeMrkdwn('<!channel> & <https://x|y> "quoted" *bold*')).toBe('&lt;!channel&gt; &amp; &lt;https://x|y&gt; "quoted" *bold*');
  });

  it('keeps a link label from closing the link or adding a second one', () => {
    expect(mrkdwnLink('https://huggingface.co/papers/2611.00001', 'A > B | <!here>')).toBe('<https://huggingface.co/papers/2611.00001|A &gt; B | &lt;!here&gt;>');
    expect(mrkdwnLink('https://example.com/a|b>c', 'x')).toBe('<https://example.com/a%7Cb%3Ec|x>');
  });
});

describe('renderDigest', () => {
  it('puts a short digest in one valid message with a plain fallback', () => {
    const { main, thread } = renderDigest(digestOf(3), { useThread: false });
    expect(thread).toEqual([]);
    expectValid(main.blocks);
    expect(main.blocks[0]).toMatchObject({ type: 'header' });
    expect(main.text).toContain('Daily Papers, 27 Nov 2026: 3 papers on diffusion');
    const json = JSON.stringify(main.blocks);
    expect(json).toContain('Lab &amp; Co');
    expect(json).toContain('&lt;stuff&gt;');
  });

  it('escapes hostile titles everywhere, fallback text included', () => {
    const digest = digestOf(1);
    const first = digest.papers[0];
    if (!first) throw new Error('fixture');
    first.paper = makePaper({ title: '<!channel> wins <https://evil.example|click>' });
    const { main } = renderDigest(digest, { useThread: false });
    const all = JSON.stringify(main);
    expect(all).not.toContain('<!channel>');
    expect(all).not.toContain('<https://evil.example');
    expect(main.text).toContain('&lt;!channel&gt;');
  });

  it('splits a long digest into a summary and thread messages, each within every limit', () => {
    const { main, thread } = renderDigest(digestOf(25), { useThread: false });
    expectValid(main.blocks);
    expect(thread.length).toBeGreaterThan(1);
    for (const part of thread) {
      expectValid(part.blocks);
      expect(part.text).toMatch(/^Papers \d+-\d+ of 25/);
    }
    const cards = thread.flatMap((t) => t.blocks).filter((b) => b.type === 'section');
    expect(cards).toHaveLength(25);
    expect(JSON.stringify(main.blocks)).toContain('1. <https://huggingface.co/papers/');
  });

  it('threads even a short digest when the channel asked for threads', () => {
    const { main, thread } = renderDigest(digestOf(2), { useThread: true });
    expect(thread).toHaveLength(1);
    expect(main.blocks.some((b) => b.type === 'actions')).toBe(false);
  });

  it('clips a header at 150 characters and keeps context lines at 10 elements or fewer', () => {
    const topics = Array.from({ length: 30 }, (_, i) => `a-rather-long-topic-number-${i}`);
    const digest = digestOf(1, { topics });
    const { main } = renderDigest(digest, { useThread: false });
    expectValid(main.blocks);
    const header = main.blocks[0] as { text: { text: string } };
    expect(header.text.text.length).toBeLessThanOrEqual(150);
  });
});

describe('renderReply', () => {
  it('is ephemeral unless the reply is public or --public was asked', () => {
    expect(renderReply({ visibility: 'ephemeral', text: 'hi' }).response_type).toBe('ephemeral');
    expect(renderReply({ visibility: 'public', text: 'hi' }).response_type).toBe('in_channel');
    expect(renderReply({ visibility: 'ephemeral', text: 'hi' }, { forcePublic: true }).response_type).toBe('in_channel');
  });

  it('renders search hits as cards under 50 blocks, with paging and subscribe buttons', () => {
    const papers = Array.from({ length: 20 }, (_, i) => ({ paper: makePaper({ title: `Hit ${i}` }) }));
    const message = renderReply({
      visibility: 'ephemeral',
      title: 'Search: diffusion',
      text: 'Results',
      papers,
      paging: { query: 'search diffusion', page: 1, pageSize: 20, hasMore: true },
      suggestTopic: 'diffusion',
    });
    expectValid(message.blocks);
    const actions = message.blocks.at(-1) as { elements: { action_id: string; value: string }[] };
    expect(actions.elements.map((e) => e.action_id)).toEqual(['paperboy_next_page', 'paperboy_subscribe_topic']);
    expect(JSON.parse(actions.elements[0]?.value ?? '{}')).toEqual({ query: 'search diffusion', page: 2 });
    expect(JSON.stringify(message.blocks)).toContain('not shown here');
  });

  it('shows the usage of a failed command', () => {
    const message = renderReply({ visibility: 'ephemeral', text: 'The topic is missing.', error: { code: 'usage', usage: '/papers subscribe <topic>' } });
    expect(JSON.stringify(message.blocks)).toContain('Usage: `/papers subscribe &lt;topic&gt;`');
  });

  it('splits long text at line breaks without cutting an entity', () => {
    const text = escapeMrkdwn('a & b\n'.repeat(1200));
    const parts = splitText(text, 3000);
    expect(parts.length).toBeGreaterThan(1);
    for (const p of parts) {
      expect(p.length).toBeLessThanOrEqual(3000);
      expect(p).not.toMatch(/&(a|am)?$/);
    }
  });
});

describe('renderHome', () => {
  it('lists channels with topics and the next digest, within 100 blocks', () => {
    const base = { platform: 'slack' as const, workspaceId: 'T1', digestTime: '09:00', timezone: 'UTC', weekdays: [1, 2, 3, 4, 5], rhythm: 'daily' as const, rhythmDay: 1, maxPapers: 10, minUpvotes: 0, subscribed: true, useThread: false, createdAt: new Date() };
    const channels = Array.from({ length: 80 }, (_, i) => ({
      ...base,
      id: i,
      channelId: `C${i}`,
      topics: ['diffusion', '<!here>'],
      paused: i === 1,
      pausedReason: i === 1 ? 'the bot has no access to this channel' : null,
      nextDigestAt: new Date('2026-11-30T09:00:00Z'),
    }));
    const view = renderHome(channels);
    expect(checkBlocks(view.blocks, limits.blocksPerView)).toBeNull();
    const json = JSON.stringify(view.blocks);
    expect(json).toContain('<#C0>');
    expect(json).toContain('&lt;!here&gt;');
    expect(json).toContain('Paused: the bot has no access');
    expect(json).toContain('more channels');
  });
});
