import { describe, expect, it } from 'vitest';
import { chain, loosePlan, type QueryPlan } from '../../../src/core/papers/search-plan.js';
import { MAX_CLAUSES, readTerms } from '../../../src/core/papers/search-terms.js';

describe('readTerms', () => {
  it('reads words, phrases, or and exclusions into clauses, keeping the text as typed', () => {
    expect(readTerms('FusionAudio-1.2M "mixture of experts" moe or MoE-v2 -vision -"image net"')).toEqual({
      clauses: [['FusionAudio-1.2M'], ['mixture of experts'], ['moe', 'MoE-v2']],
      excluded: ['vision', 'image net'],
      typed: ['FusionAudio-1.2M', 'mixture of experts', 'moe', 'MoE-v2'],
    });
  });

  it('drops empty pieces, dangling or, repeated clauses, and caps the clause count', () => {
    expect(readTerms('or "" - diffusion diffusion DIFFUSION or').clauses).toEqual([['diffusion']]);
    const many = Array.from({ length: 40 }, (_, i) => `word${i}`).join(' ');
    expect(readTerms(many).clauses).toHaveLength(MAX_CLAUSES);
  });
});

describe('chain', () => {
  it('writes lexemes in stored order with their gaps, quoted, with a weight suffix', () => {
    const lexemes = [{ lexeme: 'expert', positions: [3] }, { lexeme: 'mixtur', positions: [1] }];
    expect(chain(lexemes, ':A')).toBe("('mixtur':A <2> 'expert':A)");
    expect(chain([{ lexeme: "o'neil\\", positions: [1] }])).toBe("'o''neil\\\\'");
    expect(chain([])).toBeNull();
  });
});

describe('loosePlan', () => {
  it('turns followed-by operators outside quotes into AND, and is null without them', () => {
    const clause = { any: "('gpt-4o' <-> 'gpt' <2> '4o') | 'a<->b'", text: '', title: '', keywords: '', abstract: '', names: '', exact: '', weight: 1, share: 0, namesShare: 0, titleShare: 0 };
    const plan: QueryPlan = { clauses: [clause], anyClause: false, excluded: null, titlePhrase: null, typedChars: 6, store: 0 };
    expect(loosePlan(plan)?.clauses[0]?.any).toBe("('gpt-4o' & 'gpt' & '4o') | 'a<->b'");
    expect(loosePlan({ ...plan, clauses: [{ ...clause, any: "'diffus'" }] })).toBeNull();
  });
});
