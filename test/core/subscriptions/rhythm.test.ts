import { describe, expect, it } from 'vitest';
import { formatRhythm } from '../../../src/core/channel.js';
import { parseCommandText } from '../../../src/core/commands/parse.js';
import { coveredPeriod, formatPeriod, periodDays } from '../../../src/core/digest/period.js';
import { daysInMonth, isSlotDate, nextDigestAt, parseMonthDay, parseWeekday } from '../../../src/core/subscriptions/schedule.js';

// Weekly and monthly schedule math, pure: slots, what each covers, and the words for them.

const weekly = (rhythmDay: number, timezone = 'UTC', digestTime = '09:00') => ({ digestTime, timezone, weekdays: [1, 2, 3, 4, 5], paused: false, rhythm: 'weekly' as const, rhythmDay });
const monthly = (rhythmDay: number, timezone = 'UTC', digestTime = '09:00') => ({ ...weekly(rhythmDay, timezone, digestTime), rhythm: 'monthly' as const });
const next = (settings: Parameters<typeof nextDigestAt>[0], now: string) => nextDigestAt(settings, new Date(now))?.toISOString();

describe('weekly slots', () => {
  it('comes on its one weekday, at its local time across a DST change', () => {
    // Mondays at 09:00 Berlin: 07:00 UTC in summer time, 08:00 UTC after 25 Oct 2026.
    expect(next(weekly(1, 'Europe/Berlin'), '2026-10-20T12:00:00Z')).toBe('2026-10-26T08:00:00.000Z');
    expect(next(weekly(1, 'Europe/Berlin'), '2026-10-19T06:59:00Z')).toBe('2026-10-19T07:00:00.000Z');
    // Spring: Monday 30 Mar 2026 is the first Monday of summer time.
    expect(next(weekly(1, 'Europe/Berlin'), '2026-03-24T12:00:00Z')).toBe('2026-03-30T07:00:00.000Z');
    // Exactly at the slot, the next is a week later.
    expect(next(weekly(7), '2026-11-29T09:00:00Z')).toBe('2026-12-06T09:00:00.000Z');
  });

  it('counts the weekday in the zone, not in UTC, far from UTC', () => {
    // Monday 09:00 on Kiritimati (UTC+14) is Sunday 19:00 UTC; in Pago Pago (UTC-11), Monday 20:00 UTC.
    expect(next(weekly(1, 'Pacific/Kiritimati'), '2026-11-28T00:00:00Z')).toBe('2026-11-29T19:00:00.000Z');
    expect(next(weekly(1, 'Pacific/Pago_Pago'), '2026-11-28T00:00:00Z')).toBe('2026-11-30T20:00:00.000Z');
    // Under Chatham's +13:45 summer offset too (the zone CI runs the suite in): Wed 00:30 is Tue 10:45 UTC.
    expect(next(weekly(3, 'Pacific/Chatham', '00:30'), '2029-03-25T00:59:30Z')).toBe('2029-03-27T10:45:00.000Z');
  });
});

describe('monthly slots', () => {
  it("takes 29-31 as a shorter month's last day", () => {
    expect(next(monthly(31), '2026-04-01T00:00:00Z')).toBe('2026-04-30T09:00:00.000Z');
    expect(next(monthly(31), '2027-02-01T00:00:00Z')).toBe('2027-02-28T09:00:00.000Z');
    expect(next(monthly(30), '2028-02-01T00:00:00Z')).toBe('2028-02-29T09:00:00.000Z');
    expect(next(monthly(31), '2026-12-31T09:00:00Z')).toBe('2027-01-31T09:00:00.000Z');
    expect(isSlotDate(monthly(31), '2026-02-28')).toBe(true);
    expect(isSlotDate(monthly(28), '2026-02-28')).toBe(true);
    expect(isSlotDate(monthly(31), '2026-03-28')).toBe(false);
    expect([daysInMonth('2026-02-10'), daysInMonth('2028-02-10'), daysInMonth('2026-04-01'), daysInMonth('2026-12-31')]).toEqual([28, 29, 30, 31]);
  });

  it('follows the zone: the 1st at 08:00 in Tokyo is the last evening of the month before in UTC', () => {
    expect(next(monthly(1, 'Asia/Tokyo', '08:00'), '2026-11-15T00:00:00Z')).toBe('2026-11-30T23:00:00.000Z');
    // New York springs forward on 8 Mar 2026: the 8th at 02:30 does not exist and moves to 03:30 EDT.
    expect(next(monthly(8, 'America/New_York', '02:30'), '2026-03-01T00:00:00Z')).toBe('2026-03-08T07:30:00.000Z');
  });
});

describe('covered periods', () => {
  it('is the most recent complete day, 7 days or calendar month at the slot', () => {
    const slot = new Date('2026-11-30T08:00:00Z');
    expect(coveredPeriod('day', slot)).toEqual({ kind: 'day', from: '2026-11-29', to: '2026-11-29' });
    expect(coveredPeriod('week', slot)).toEqual({ kind: 'week', from: '2026-11-23', to: '2026-11-29' });
    expect(coveredPeriod('month', slot)).toEqual({ kind: 'month', from: '2026-10-01', to: '2026-10-31' });
    expect(coveredPeriod('month', new Date('2026-12-01T08:00:00Z'))).toEqual({ kind: 'month', from: '2026-11-01', to: '2026-11-30' });
    expect(coveredPeriod('month', new Date('2028-03-01T00:00:00Z'))).toEqual({ kind: 'month', from: '2028-02-01', to: '2028-02-29' });
    expect(coveredPeriod('month', new Date('2027-01-01T00:30:00Z'))).toEqual({ kind: 'month', from: '2026-12-01', to: '2026-12-31' });
    expect(coveredPeriod('week', new Date('2027-01-02T00:00:00Z'))).toEqual({ kind: 'week', from: '2026-12-26', to: '2027-01-01' });
    expect(periodDays({ from: '2026-12-30', to: '2027-01-02' })).toEqual(['2026-12-30', '2026-12-31', '2027-01-01', '2027-01-02']);
  });

  it('names periods as a reader would', () => {
    expect(formatPeriod({ from: '2026-11-23', to: '2026-11-29' })).toBe('23-29 Nov 2026');
    expect(formatPeriod({ from: '2026-11-28', to: '2026-12-04' })).toBe('28 Nov - 4 Dec 2026');
    expect(formatPeriod({ from: '2026-12-26', to: '2027-01-01' })).toBe('26 Dec 2026 - 1 Jan 2027');
    expect(formatPeriod({ from: '2028-02-01', to: '2028-02-29' })).toBe('February 2028');
    expect(formatPeriod({ from: '2026-11-27', to: '2026-11-27' })).toBe('27 Nov 2026');
    expect(formatRhythm({ rhythm: 'weekly', rhythmDay: 7, weekdays: [] })).toBe('weekly on sun');
    expect(formatRhythm({ rhythm: 'monthly', rhythmDay: 22, weekdays: [] })).toBe('monthly on the 22nd');
    expect(formatRhythm({ rhythm: 'monthly', rhythmDay: 30, weekdays: [] })).toBe("monthly on the 30th (or the month's last day)");
    expect(formatRhythm({ rhythm: 'daily', rhythmDay: 1, weekdays: [1, 2, 3, 4, 5] })).toBe('weekdays (mon-fri)');
  });
});

describe('the schedule and top grammar', () => {
  const parsed = (text: string) => {
    const result = parseCommandText(text);
    return result.ok ? result.command : result.reply.text;
  };

  it('reads a rhythm word, a day and a time in either order, and a zone anywhere', () => {
    expect(parsed('schedule weekly mon 09:00 Europe/Berlin')).toEqual({ name: 'schedule', rhythm: 'weekly', time: '09:00', timezone: 'Europe/Berlin', day: 'mon' });
    expect(parsed('schedule weekly 09:00 Friday')).toEqual({ name: 'schedule', rhythm: 'weekly', time: '09:00', day: 'Friday' });
    expect(parsed('schedule Monthly 1st 7:30 UTC')).toEqual({ name: 'schedule', rhythm: 'monthly', time: '7:30', timezone: 'UTC', day: '1st' });
    expect(parsed('schedule daily 09:00 mon-fri')).toEqual({ name: 'schedule', rhythm: 'daily', time: '09:00', weekdays: 'mon-fri' });
    expect(parsed('top')).toEqual({ name: 'top', period: 'week' });
    expect(parsed('top month')).toEqual({ name: 'top', period: 'month' });
    expect(parsed('top weekly')).toEqual({ name: 'top', period: 'week' });
    expect(parsed('top year')).toMatch(/"year" is not a period/);
    expect(parseWeekday('Sunday')).toBe(7);
    expect(parseWeekday('mon,wed')).toBeNull();
    expect([parseMonthDay('1'), parseMonthDay('31st'), parseMonthDay('32'), parseMonthDay('0'), parseMonthDay('-1'), parseMonthDay('1.5')]).toEqual([1, 31, null, null, null, null]);
  });
});
