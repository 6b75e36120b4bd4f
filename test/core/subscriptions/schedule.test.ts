import { describe, expect, it } from 'vitest';
import {
  coversDay,
  localParts,
  nextDigestAt,
  parseTimeOfDay,
  parseWeekdays,
  zonedTime,
} from '../../../src/core/subscriptions/schedule.js';

const base = { digestTime: '09:00', timezone: 'UTC', weekdays: [1, 2, 3, 4, 5, 6, 7], paused: false };

describe('zonedTime', () => {
  it('converts a local time in winter and summer', () => {
    expect(zonedTime('2026-01-15', '09:00', 'Europe/Berlin').toISOString()).toBe('2026-01-15T08:00:00.000Z');
    expect(zonedTime('2026-07-15', '09:00', 'Europe/Berlin').toISOString()).toBe('2026-07-15T07:00:00.000Z');
    expect(zonedTime('2026-11-28', '08:00', 'Asia/Tokyo').toISOString()).toBe('2026-11-27T23:00:00.000Z');
  });

  it('moves a time skipped by spring-forward past the jump', () => {
    // 2026-03-08 02:30 does not exist in New York (02:00 -> 03:00 EDT).
    expect(zonedTime('2026-03-08', '02:30', 'America/New_York').toISOString()).toBe('2026-03-08T07:30:00.000Z');
  });

  it('takes the first of a repeated time at fall-back', () => {
    // 2026-11-01 01:30 happens twice in New York; the first is EDT (UTC-4).
    expect(zonedTime('2026-11-01', '01:30', 'America/New_York').toISOString()).toBe('2026-11-01T05:30:00.000Z');
  });

  it('handles half-hour zones', () => {
    expect(zonedTime('2026-11-28', '09:00', 'Asia/Kolkata').toISOString()).toBe('2026-11-28T03:30:00.000Z');
  });
});

describe('coversDay', () => {
  it('is the UTC day before the slot instant', () => {
    expect(coversDay(new Date('2026-11-28T08:00:00Z'))).toBe('2026-11-27');
    expect(coversDay(new Date('2026-11-27T23:00:00Z'))).toBe('2026-11-26');
    expect(coversDay(new Date('2026-03-01T00:00:00Z'))).toBe('2026-02-28');
  });
});

describe('nextDigestAt', () => {
  it('is later today before the time, tomorrow after it', () => {
    expect(nextDigestAt(base, new Date('2026-11-28T08:59:00Z'))?.toISOString()).toBe('2026-11-28T09:00:00.000Z');
    expect(nextDigestAt(base, new Date('2026-11-28T09:00:00Z'))?.toISOString()).toBe('2026-11-29T09:00:00.000Z');
  });

  it('skips days not in the schedule', () => {
    // 2026-11-28 is a Saturday: weekdays only -> Monday 30 Nov.
    const next = nextDigestAt({ ...base, weekdays: [1, 2, 3, 4, 5] }, new Date('2026-11-28T10:00:00Z'));
    expect(next?.toISOString()).toBe('2026-11-30T09:00:00.000Z');
  });

  it('follows the zone across a DST change', () => {
    const next = nextDigestAt({ ...base, timezone: 'Europe/Berlin' }, new Date('2026-03-28T12:00:00Z'));
    // 29 Mar 2026 is the spring-forward day in Europe: 09:00 CEST = 07:00 UTC.
    expect(next?.toISOString()).toBe('2026-03-29T07:00:00.000Z');
  });

  it('is null when paused', () => {
    expect(nextDigestAt({ ...base, paused: true }, new Date())).toBeNull();
  });
});

describe('localParts', () => {
  it('gives the local date and ISO weekday', () => {
    expect(localParts(new Date('2026-11-28T23:30:00Z'), 'Asia/Tokyo')).toEqual({ date: '2026-11-29', weekday: 7, hour: 8, minute: 30 });
  });
});

describe('parsers', () => {
  it('reads times of day', () => {
    expect(parseTimeOfDay('9:05')).toBe('09:05');
    expect(parseTimeOfDay('23:59')).toBe('23:59');
    for (const bad of ['24:00', '9', '9am', '12:60', '', 'noon', '1:2']) expect(parseTimeOfDay(bad)).toBeNull();
  });

  it('reads weekdays in many spellings', () => {
    expect(parseWeekdays('mon-fri')).toEqual([1, 2, 3, 4, 5]);
    expect(parseWeekdays('weekends')).toEqual([6, 7]);
    expect(parseWeekdays('daily')).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(parseWeekdays('Mon, wed,fri')).toEqual([1, 3, 5]);
    expect(parseWeekdays('fri-mon')).toEqual([1, 5, 6, 7]);
    expect(parseWeekdays('funday')).toBeNull();
  });
});
