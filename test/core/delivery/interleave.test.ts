import { describe, expect, it } from 'vitest';
import { interleaveBy } from '../../../src/core/delivery/interleave.js';

describe('interleaveBy', () => {
  it('takes one item of each group in turn, keeping the order within a group', () => {
    const items = ['a1', 'a2', 'a3', 'b1', 'c1', 'c2'];
    expect(interleaveBy(items, (s) => s.charAt(0))).toEqual(['a1', 'b1', 'c1', 'a2', 'c2', 'a3']);
  });

  it('returns every item once, for empty input too', () => {
    expect(interleaveBy([], () => 'x')).toEqual([]);
    expect(interleaveBy([1, 2, 3], () => 'one')).toEqual([1, 2, 3]);
  });
});
