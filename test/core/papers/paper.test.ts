import { describe, expect, it } from 'vitest';
import { authorLine, cardSummary, cutClean, paperLinks } from '../../../src/core/papers/paper.js';

describe('card text', () => {
  it('cuts at a word boundary with an ellipsis, keeping line breaks', () => {
    expect(cutClean('short', 10)).toBe('short');
    expect(cutClean('alpha beta gamma delta', 14)).toBe('alpha beta…');
    expect(cutClean('• a\n•   b\n\n\n\nend', 100)).toBe('• a\n• b\n\nend');
    expect([...cutClean('😀'.repeat(50), 10)].length).toBeLessThanOrEqual(10);
  });

  it('prefers the AI summary, else the opening sentences of the abstract', () => {
    expect(cardSummary({ aiSummary: 'Short  summary.\nYes.', abstract: 'x' }, 100)).toBe('Short summary. Yes.');
    expect(cardSummary({ aiSummary: null, abstract: 'First sentence. Second sentence is longer. Third.' }, 45)).toBe('First sentence. Second sentence is longer.');
  });

  it('never cuts a card summary at a decimal point, an abbreviation or an initial', () => {
    const abstract =
      'Semi-supervised methods assume data is i.i.d. and labeled data is abundant. Our 3.4B parameters model, trained as in Fig. 2 of J. Smith et al. (e.g. BERT), cuts overhead by 2.5x. It generalizes.';
    const card = (max: number) => cardSummary({ aiSummary: null, abstract }, max);
    expect(card(90)).toBe('Semi-supervised methods assume data is i.i.d. and labeled data is abundant.');
    expect(card(abstract.length - 1)).toBe(
      'Semi-supervised methods assume data is i.i.d. and labeled data is abundant. Our 3.4B parameters model, trained as in Fig. 2 of J. Smith et al. (e.g. BERT), cuts overhead by 2.5x.',
    );
    expect(card(500)).toBe(abstract);
  });

  it('lists three authors then et al.', () => {
    expect(authorLine(['A', 'B', 'C', 'D'])).toBe('A, B, C et al.');
    expect(authorLine([])).toBe('Unknown authors');
  });

  it('links only http(s) URLs from the feed', () => {
    expect(paperLinks({ id: '2602.23229', githubRepo: 'javascript:alert(1)', projectPage: 'https://x.y/' })).toMatchObject({
      pdf: 'https://arxiv.org/pdf/2602.23229',
      github: null,
      project: 'https://x.y/',
    });
  });
});
