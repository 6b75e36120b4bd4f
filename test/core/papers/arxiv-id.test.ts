import { describe, expect, it } from 'vitest';
import { normalizeArxivId } from '../../../src/core/papers/arxiv-id.js';

describe('normalizeArxivId', () => {
  it.each([
    ['2602.23229', '2602.23229'],
    ['2602.23229v2', '2602.23229'],
    ['  2602.23229V12 ', '2602.23229'],
    ['arXiv:2602.23229v1', '2602.23229'],
    ['1511.06807', '1511.06807'],
    ['0704.0001', '0704.0001'],
    ['https://arxiv.org/abs/2602.23229v3', '2602.23229'],
    ['http://arxiv.org/pdf/2602.23229v1', '2602.23229'],
    ['https://arxiv.org/pdf/2602.23229.pdf', '2602.23229'],
    ['arxiv.org/abs/2602.23229?context=cs', '2602.23229'],
    ['https://www.arxiv.org/html/2602.23229v1/', '2602.23229'],
    ['https://huggingface.co/papers/2602.23229', '2602.23229'],
    ['https://hf.co/papers/2602.23229#community', '2602.23229'],
    ['<https://arxiv.org/abs/2602.23229>', '2602.23229'],
    ['hep-th/9901001v2', 'hep-th/9901001'],
    ['https://arxiv.org/abs/math.GT/0309136', 'math.gt/0309136'],
  ])('%s -> %s', (input, expected) => {
    expect(normalizeArxivId(input)).toBe(expected);
  });

  it.each([
    '',
    '   ',
    'diffusion',
    '2602.232',
    '2602.232291',
    '26022.3229',
    'https://example.com/abs/2602.23229',
    "2602.23229'; drop table papers; --",
    '2602.23229 2602.23230',
    'x'.repeat(10_000),
  ])('refuses %j', (input) => {
    expect(normalizeArxivId(input)).toBeNull();
  });
});
