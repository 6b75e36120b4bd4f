import { describe, expect, it } from 'vitest';
import { spellingVariants } from '../../../src/core/papers/search-variants.js';
import { cleanText, fuzzyWords, MAX_QUERY_CHARS, parseSearchQuery } from '../../../src/core/papers/search-query.js';

describe('parseSearchQuery', () => {
  it('keeps web-search syntax for websearch_to_tsquery', () => {
    expect(parseSearchQuery('  "mixture of experts"  or   moe -vision ')).toEqual({ terms: '"mixture of experts" or moe -vision' });
  });

  it('takes author, org and since filters out of the terms', () => {
    expect(parseSearchQuery('diffusion author:hinton org:DeepMind since:2024-02-29')).toEqual({
      terms: 'diffusion',
      author: 'hinton',
      org: 'DeepMind',
      since: '2024-02-29',
    });
  });

  it('reads quoted filter values and filter keys in any case', () => {
    expect(parseSearchQuery('AUTHOR:"Grace  Hopper" Org:"Google DeepMind" compilers')).toEqual({
      terms: 'compilers',
      author: 'Grace Hopper',
      org: 'Google DeepMind',
    });
  });

  it('searches by filters alone', () => {
    expect(parseSearchQuery('author:lecun')).toEqual({ terms: '', author: 'lecun' });
    expect(parseSearchQuery('!!! since:2025-01-01')).toEqual({ terms: '', since: '2025-01-01' });
  });

  it('refuses impossible dates with a message naming the filter', () => {
    for (const bad of ['since:2024-02-30', 'since:yesterday', 'since:2024-1-5', 'since:', 'since:1850-01-01']) {
      const parsed = parseSearchQuery(`diffusion ${bad}`);
      expect(parsed.problem, bad).toMatch(/since:/);
    }
  });

  it('refuses an empty author or org', () => {
    expect(parseSearchQuery('diffusion author:').problem).toMatch(/author:/);
    expect(parseSearchQuery('org:"" diffusion').problem).toMatch(/org:/);
  });

  it('says what to type when there is nothing to search for', () => {
    for (const text of ['', '   ', '?!.,;:', '🚀🔥', '"" -- ()', '\u0000\u0001']) {
      expect(parseSearchQuery(text).problem, JSON.stringify(text)).toMatch(/search for/);
    }
  });

  it('leaves unknown key:value words (arXiv:2106.1, http:) as terms', () => {
    expect(parseSearchQuery('arXiv:2106.09685 lora').terms).toBe('arXiv:2106.09685 lora');
  });

  it('keeps letters of any script, right-to-left included', () => {
    expect(parseSearchQuery('שלום עולם').terms).toBe('שלום עולם');
    expect(parseSearchQuery('نموذج لغوي').terms).toBe('نموذج لغوي');
  });
});

describe('cleanText', () => {
  it('removes NUL, control and bidi characters and lone surrogates', () => {
    expect(cleanText('dif\u0000fusion\tmodels\u202e \ud800x')).toBe('dif fusion models x');
  });

  it('caps the length without splitting characters', () => {
    const long = cleanText('🚀'.repeat(2000));
    expect(Array.from(long)).toHaveLength(MAX_QUERY_CHARS);
    expect(long.endsWith('🚀')).toBe(true);
    expect(Array.from(cleanText('a '.repeat(10_000))).length).toBeLessThanOrEqual(MAX_QUERY_CHARS);
  });

  it('folds full-width letters', () => {
    expect(cleanText('ｄｉｆｆｕｓｉｏｎ')).toBe('diffusion');
  });
});

describe('spellingVariants', () => {
  it('lists the word and every word one edit away', () => {
    const variants = spellingVariants('difusion');
    expect(variants[0]).toBe('difusion');
    for (const fixed of ['diffusion', 'difusion', 'difuson', 'idfusion', 'dafusion']) expect(variants).toContain(fixed);
    expect(new Set(variants).size).toBe(variants.length);
  });

  it('leaves short, long and non-Latin words alone', () => {
    expect(spellingVariants('gan')).toEqual([]);
    expect(spellingVariants('x'.repeat(30))).toEqual([]);
    expect(spellingVariants('שלום')).toEqual([]);
    expect(spellingVariants('gpt4')).toEqual([]);
  });
});
