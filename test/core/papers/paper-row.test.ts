import { describe, expect, it } from 'vitest';
import { paperFromRow, toDate, toDay } from '../../../src/core/papers/paper-row.js';

describe('paper rows from either driver', () => {
  it('reads Postgres text timestamps with short and long offsets', () => {
    expect(toDate('2026-11-26 17:00:00+00').toISOString()).toBe('2026-11-26T17:00:00.000Z');
    expect(toDate('2026-11-26 17:00:00.123+05:30').toISOString()).toBe('2026-11-26T11:30:00.123Z');
    expect(toDate(new Date('2026-01-01T00:00:00Z')).toISOString()).toBe('2026-01-01T00:00:00.000Z');
    expect(toDay('2026-11-27')).toBe('2026-11-27');
  });

  it('maps arrays given as Postgres literals', () => {
    const paper = paperFromRow({ id: '2611.00001', title: 't', abstract: 'a', authors: '{"Ada, L.",Alan}', ai_keywords: '{}', published_at: '2026-11-26 17:00:00+00', upvotes: '7', source: 'hf' });
    expect(paper.authors).toEqual(['Ada, L.', 'Alan']);
    expect(paper.aiKeywords).toEqual([]);
    expect(paper.upvotes).toBe(7);
    expect(paper.publishedAt.toISOString()).toBe('2026-11-26T17:00:00.000Z');
  });
});
