import type { APIEmbed } from 'discord.js';
import { describe, expect, it } from 'vitest';
import type { Reply } from '../../src/core/commands/reply.js';
import type { Digest } from '../../src/core/digest/digest.js';
import { escapeText, fitEscaped } from '../../src/discord/markdown.js';
import { embedLength, embedProblems, limits, packEmbeds } from '../../src/discord/message-limits.js';
import { toChannelBody, toInteractionOptions } from '../../src/discord/outgoing-message.js';
import { renderDigest } from '../../src/discord/render-digest.js';
import { paperCard } from '../../src/discord/render-paper.js';
import { renderReply } from '../../src/discord/render-reply.js';
import { messageProblems } from '../fakes/discord/message-validation.js';
import { makePaper } from '../support/papers.js';

const huge = () =>
  makePaper({
    title: `${'Extremely long title with *stars* and _underscores_ '.repeat(12)}`,
    abstract: '> quoted. '.repeat(2000),
    aiSummary: `${'Summary with [links](https://x.y) and `code` '.repeat(200)}`,
    authors: Array.from({ length: 300 }, (_, i) => `Author_${i}`),
    organization: '**Org** '.repeat(300),
    githubRepo: `https://github.com/${'a'.repeat(900)}/repo`,
    githubStars: 12345,
    projectPage: `https://example.org/${'p'.repeat(2000)}`,
  });

function digestOf(count: number, paper = huge): Digest {
  return {
    channel: { platform: 'discord', workspaceId: 'g', channelId: 'c' },
    day: '2026-11-27',
    topics: ['diffusion', 'quantization'],
    papers: Array.from({ length: count }, () => ({ paper: paper(), upvotes: 7, matchedTopics: ['diffusion'] })),
    preview: false,
  };
}

describe('markdown escaping', () => {
  it('neutralises emphasis, links, headings, lists, quotes, code and spoilers', () => {
    expect(escapeText('**bold** _it_ `code` ~~s~~ ||spoiler||')).toBe('\\*\\*bold\\*\\* \\_it\\_ \\`code\\` \\~\\~s\\~\\~ \\|\\|spoiler\\|\\|');
    expect(escapeText('[click](https://evil)')).toBe('\\[click](https://evil)');
    expect(escapeText('# Heading\n- item\n1. first\n> quote')).toBe('\\# Heading\n\\- item\n1\\. first\n\\> quote');
  });

  it('keeps the escaped text within the limit even when escaping doubles its length', () => {
    const out = fitEscaped('*'.repeat(500), 100);
    expect(out.length).toBeLessThanOrEqual(100);
    expect(out.endsWith('…')).toBe(true);
  });
});

describe('paper cards', () => {
  it('respect every embed limit whatever the paper holds', () => {
    const card = paperCard(huge(), { number: 10, matchedTopics: Array.from({ length: 40 }, (_, i) => `topic ${i}`) });
    expect(embedProblems(card)).toEqual([]);
    expect(card.title!.startsWith('10. Extremely long title with \\*stars\\*')).toBe(true);
  });

  it('show title link, upvotes, organization, first authors, summary, links with stars and topics', () => {
    const paper = makePaper({
      id: '2611.00042',
      title: 'Tiny paper',
      authors: ['A', 'B', 'C', 'D'],
      organization: 'Lab',
      upvotes: 9,
      githubRepo: 'https://github.com/o/r',
      githubStars: 3,
      aiSummary: 'It works.',
    });
    const card = paperCard(paper, { number: 1, upvotes: 11, matchedTopics: ['llm'] });
    expect(card.url).toBe('https://huggingface.co/papers/2611.00042');
    expect(card.description).toBe('It works.');
    const fields = Object.fromEntries((card.fields ?? []).map((f) => [f.name, f.value]));
    expect(fields).toMatchObject({
      Upvotes: '▲ 11',
      Organization: 'Lab',
      Authors: 'A, B, C et al.',
      Topics: 'llm',
      Links: '[Hugging Face](https://huggingface.co/papers/2611.00042) · [arXiv](https://arxiv.org/abs/2611.00042) · [PDF](https://arxiv.org/pdf/2611.00042) · [GitHub ★ 3](https://github.com/o/r)',
    });
  });

  it('drops a thumbnail that is not https', () => {
    expect(paperCard(makePaper({ thumbnail: 'javascript:alert(1)' })).thumbnail).toBeUndefined();
    expect(paperCard(makePaper({ thumbnail: 'https://cdn/x.png' })).thumbnail).toEqual({ url: 'https://cdn/x.png' });
  });
});

describe('digest rendering', () => {
  it('splits 25 maximal cards over messages that each pass Discord validation', () => {
    const rendered = renderDigest(digestOf(25));
    expect(rendered.header.content).toBe('**Daily Papers, 27 Nov 2026: 25 papers on diffusion**');
    expect(rendered.cards.length).toBeGreaterThan(3);
    expect(rendered.cards.flatMap((m) => m.embeds)).toHaveLength(25);
    for (const message of [rendered.header, ...rendered.cards]) {
      expect(messageProblems(toChannelBody(message), { create: true })).toEqual([]);
      expect(message.embeds.length).toBeLessThanOrEqual(limits.embedsPerMessage);
      expect(message.embeds.reduce((n, e) => n + embedLength(e), 0)).toBeLessThanOrEqual(limits.embedCharsPerMessage);
    }
    // Each card message has 👍, 👎 and "More like #n" per card, numbered across messages.
    const labels = rendered.cards.flatMap((m) => m.components.flatMap((r) => r.components.map((b) => ('label' in b ? b.label : ''))));
    expect(labels).toEqual(Array.from({ length: 25 }, (_, i) => [`👍 #${i + 1}`, `👎 #${i + 1}`, `More like #${i + 1}`]).flat());
    const ids = rendered.cards.flatMap((m) => m.components.flatMap((r) => r.components.map((b) => ('custom_id' in b ? b.custom_id : ''))));
    expect(ids.slice(0, 2)).toEqual([`pb:vote:up:${rendered.cards[0]!.embeds[0]!.url!.split('/').pop()}`, `pb:vote:down:${rendered.cards[0]!.embeds[0]!.url!.split('/').pop()}`]);
  });

  it('packs small cards eight to a message, so their three buttons each fit five rows of five', () => {
    const rendered = renderDigest(digestOf(10, () => makePaper()));
    expect(rendered.cards.map((m) => m.embeds.length)).toEqual([8, 2]);
    expect(rendered.cards.map((m) => m.components.length)).toEqual([5, 2]);
    for (const row of rendered.cards.flatMap((m) => m.components)) expect(row.components.length).toBeLessThanOrEqual(5);
  });

  it('names the thread after the headline within 100 characters', () => {
    const digest = { ...digestOf(1), topics: Array.from({ length: 5 }, (_, i) => `a rather long topic name ${i}`) };
    digest.papers[0]!.matchedTopics = digest.topics;
    expect(renderDigest(digest).threadName.length).toBeLessThanOrEqual(100);
  });
});

describe('reply rendering', () => {
  it('puts title, text, fields and usage in a summary embed, escaped', () => {
    const reply: Reply = {
      visibility: 'ephemeral',
      title: 'Oops *',
      text: 'Bad `input`',
      fields: [{ label: 'Topic', value: '_x_' }],
      error: { code: 'usage', usage: '/papers search <query> `x`' },
    };
    const [message] = renderReply(reply);
    const embed = message!.embeds[0]!;
    expect(embed).toMatchObject({ title: 'Oops \\*', description: 'Bad \\`input\\`', color: 0xed4245 });
    expect(embed.fields).toEqual([
      { name: 'Topic', value: '\\_x\\_', inline: true },
      { name: 'Usage', value: "`/papers search <query> 'x'`", inline: false },
    ]);
  });

  it('adds paging buttons to the first message and a hint when the query is too long for one', () => {
    const papers = Array.from({ length: 5 }, () => ({ paper: makePaper() }));
    const short = renderReply({ visibility: 'ephemeral', text: '', papers, paging: { query: 'search llm', page: 2, pageSize: 5, hasMore: true } });
    const ids = short[0]!.components.flatMap((r) => r.components.map((b) => ('custom_id' in b ? b.custom_id : '')));
    expect(ids).toEqual(expect.arrayContaining(['pb:search:1:llm', 'pb:search:3:llm', `pb:similar:1:${papers[0]!.paper.id}`]));
    expect((short[0]!.embeds[0] as APIEmbed).title).toMatch(/^6\. /);

    const longQuery = 'q'.repeat(120);
    const long = renderReply({ visibility: 'ephemeral', text: 'Results', papers, paging: { query: `search ${longQuery}`, page: 1, pageSize: 5, hasMore: true } });
    expect(long[0]!.embeds[0]!.description).toContain('page 2');
    for (const row of long[0]!.components) for (const b of row.components) expect('custom_id' in b && b.custom_id.length <= 100).toBe(true);
  });

  it('shows a lone paper as its card, without an empty summary', () => {
    const paper = makePaper({ title: 'Only card' });
    const [message] = renderReply({ visibility: 'ephemeral', text: '', papers: [{ paper }] });
    expect(message!.embeds.map((e) => e.title)).toEqual(['1. Only card']);
  });

  it('never produces an empty message and always forbids mentions', () => {
    const [message] = renderReply({ visibility: 'ephemeral', text: '' });
    expect(message!.embeds[0]!.description).toBe('Done.');
    expect(toInteractionOptions(message!).allowedMentions).toEqual({ parse: [] });
    expect(toChannelBody(message!).allowed_mentions).toEqual({ parse: [] });
  });
});

describe('packing', () => {
  it('starts a new message at ten embeds or 6000 characters, keeping order', () => {
    expect(packEmbeds([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], () => 10).map((g) => g.length)).toEqual([10, 1]);
    expect(packEmbeds([2500, 2500, 2500], (n) => n)).toEqual([[2500, 2500], [2500]]);
  });
});
