import { describe, expect, it } from 'vitest';
import { addDays, daysInRange, isDay, utcDay } from '../../../src/core/ingest/days.js';

describe('UTC days', () => {
  it('accepts only real calendar days', () => {
    expect(['2026-11-27', '2024-02-29'].map(isDay)).toEqual([true, true]);
    expect(['2026-02-29', '2026-13-01', '2026-11-7', '27/11/2026', '', '2026-11-27T00:00'].map(isDay)).toEqual(
      Array(6).fill(false),
    );
  });

  it('steps across months, years and leap days in UTC', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2024-03-01', -1)).toBe('2024-02-29');
    expect(utcDay(new Date('2026-11-27T23:59:59-05:00'))).toBe('2026-11-28');
  });

  it('lists a range inclusively and explains an unusable one', () => {
    expect(daysInRange('2026-11-29', '2026-12-02')).toEqual({ days: ['2026-11-29', '2026-11-30', '2026-12-01', '2026-12-02'] });
    expect(daysInRange('2026-11-27', '2026-11-27')).toEqual({ days: ['2026-11-27'] });
    expect(daysInRange('2026-11-28', '2026-11-27')).toEqual({ problem: expect.stringMatching(/ends .* before it starts/) });
    expect(daysInRange('2020-01-01', '2026-01-01', 366)).toEqual({ problem: expect.stringMatching(/at most 366/) });
    expect(daysInRange('nope', '2026-01-01')).toEqual({ problem: expect.stringMatching(/not a date/) });
  });
});
