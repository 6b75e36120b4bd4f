import { describe, expect, it } from 'vitest';
import { parseDailyItems, parseHfPaper } from '../../../src/core/sources/hf-items.js';
import { fixtureDayItems, itemMissing, realItem } from '../../fakes/hf/payloads.js';

describe('Daily Papers items', () => {
  it('maps the real item (platform-facts §A) field by field', () => {
    const { items, skipped } = parseDailyItems([realItem()]);
    expect(skipped).toBe(0);
    expect(items).toHaveLength(1);
    expect(items[0]?.day).toBe('2026-02-27');
    expect(items[0]?.paper).toEqual({
      id: '2602.23229',
      title: 'Large Multimodal Models as General In-Context Classifiers',
      abstract: expect.stringMatching(/^Which multimodal model should we use for classification\?/),
      authors: ['Marco Garosi', 'Matteo Farina', 'Alessandro Conti', 'Massimiliano Mancini', 'Elisa Ricci'],
      // paper.publishedAt, not the top-level one five hours earlier.
      publishedAt: new Date('2026-02-26T17:08:18.000Z'),
      upvotes: 19,
      comments: 2,
      organization: 'University of Trento',
      githubRepo: 'https://github.com/marco-garosi/CIRCLE',
      githubStars: 9,
      projectPage: 'https://circle-lmm.github.io/',
      thumbnail: 'https://cdn-thumbnails.huggingface.co/social-thumbnails/papers/2602.23229.png',
      aiSummary: expect.stringContaining('CIRCLE'),
      aiKeywords: ['Large Multimodal Models', 'in-context learning', 'zero-shot classification', 'CLIP', 'open-world classification', 'pseudo-labels'],
      source: 'hf',
    });
  });

  it('lists items on the given day, else their submittedOnDailyAt day, else their publishedAt day', () => {
    const item = realItem();
    const noSubmitted = structuredClone(item);
    delete (noSubmitted.paper as Record<string, unknown>).submittedOnDailyAt;
    expect(parseDailyItems([item], '2026-03-01').items[0]?.day).toBe('2026-03-01');
    expect(parseDailyItems([item]).items[0]?.day).toBe('2026-02-27');
    expect(parseDailyItems([noSubmitted]).items[0]?.day).toBe('2026-02-26');
  });

  it('skips the fixture day’s two invalid items and keeps the 30 others', () => {
    const { items, skipped, problems } = parseDailyItems(fixtureDayItems(), '2026-11-27');
    expect(items).toHaveLength(30);
    expect(skipped).toBe(2);
    expect(problems.join(' ')).toMatch(/title/);
    expect(items.map((i) => i.paper.id)).not.toContain('2611.29001');
    expect(items.map((i) => i.paper.id)).not.toContain('2611.29002');
  });

  it.each(['id', 'title', 'summary', 'authors', 'upvotes', 'publishedAt'] as const)('skips an item without paper.%s', (field) => {
    expect(parseDailyItems([itemMissing(field)])).toMatchObject({ items: [], skipped: 1 });
  });

  it('skips non-objects and unusable ids, and survives malformed optional fields', () => {
    const odd = structuredClone(realItem());
    Object.assign(odd.paper as Record<string, unknown>, {
      githubStars: 'nine',
      ai_keywords: 'not a list',
      projectPage: 'javascript:alert(1)',
      organization: 42,
      brandNewField: { anything: true },
    });
    odd.organization = null;
    const badId = structuredClone(realItem());
    (badId.paper as Record<string, unknown>).id = 'not-an-arxiv-id';
    const { items, skipped } = parseDailyItems([null, 7, 'text', [], badId, odd]);
    expect(skipped).toBe(5);
    expect(items[0]?.paper).toMatchObject({
      id: '2602.23229',
      githubStars: null,
      aiKeywords: [],
      projectPage: null,
      organization: null,
    });
  });

  it('reads the bare paper object of /api/papers/{id}', () => {
    const paper = parseHfPaper(realItem().paper);
    expect(paper).toMatchObject({ id: '2602.23229', upvotes: 19, organization: 'University of Trento', comments: 0 });
    expect(parseHfPaper({ id: '2602.23229' })).toBeNull();
  });
});
