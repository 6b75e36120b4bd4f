import type { ChannelSettings } from '../channel.js';

// Schedule math, pure. A channel's digest slot is its digest time on a local date in its zone.
// The rule for what a digest covers: the most recent complete UTC day at the slot's instant,
// i.e. the UTC date of the slot minus one day. 09:00 in Berlin (08:00 UTC) on 28 Nov covers
// 27 Nov; 08:00 in Tokyo on 28 Nov (23:00 UTC on 27 Nov) covers 26 Nov.

const MINUTE = 60_000;
const DAY = 86_400_000;

export interface LocalParts {
  date: string;
  /** ISO weekday: 1 = Monday ... 7 = Sunday. */
  weekday: number;
  hour: number;
  minute: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      weekday: 'short',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

const weekdayIndex: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };

/** The wall-clock date, weekday and time of an instant in a zone. */
export function localParts(instant: Date, timeZone: string): LocalParts {
  const parts = Object.fromEntries(formatter(timeZone).formatToParts(instant).map((p) => [p.type, p.value]));
  return {
    date: `${parts.year}-${parts.month}-${parts.day}`,
    weekday: weekdayIndex[parts.weekday ?? 'Mon'] ?? 1,
    hour: Number(parts.hour),
    minute: Number(parts.minute),
  };
}

/** Offset of a zone from UTC at an instant, in milliseconds (Berlin in winter: +3,600,000). */
function offsetAt(instant: number, timeZone: string): number {
  const parts = Object.fromEntries(formatter(timeZone).formatToParts(new Date(instant)).map((p) => [p.type, p.value]));
  const asUtc = Date.UTC(
    Number(parts.year),
    Number(parts.month) - 1,
    Number(parts.day),
    Number(parts.hour),
    Number(parts.minute),
    Number(parts.second),
  );
  return asUtc - Math.floor(instant / 1000) * 1000;
}

/**
 * The instant a local date and HH:MM happen in a zone. A time skipped by a DST jump (02:30 on a
 * spring-forward night) moves forward by the jump, as Postgres does; a repeated time takes the first.
 */
export function zonedTime(date: string, time: string, timeZone: string): Date {
  const [y, m, d] = date.split('-').map(Number);
  const [hh, mm] = time.split(':').map(Number);
  const wall = Date.UTC(y ?? 1970, (m ?? 1) - 1, d ?? 1, hh ?? 0, mm ?? 0);
  // Try the offsets in force a day either side; the first that round-trips is the answer.
  const candidates = [offsetAt(wall - DAY, timeZone), offsetAt(wall, timeZone), offsetAt(wall + DAY, timeZone)];
  const sorted = [...new Set(candidates)].sort((a, b) => b - a);
  for (const offset of sorted) {
    const instant = wall - offset;
    if (offsetAt(instant, timeZone) === offset) return new Date(instant);
  }
  // In a gap: use the offset before the jump, which lands after it.
  return new Date(wall - Math.min(...candidates));
}

/** The UTC day (YYYY-MM-DD) a digest posted at `slotAt` covers. */
export function coversDay(slotAt: Date): string {
  return new Date(Date.UTC(slotAt.getUTCFullYear(), slotAt.getUTCMonth(), slotAt.getUTCDate()) - DAY)
    .toISOString()
    .slice(0, 10);
}

export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y ?? 1970, (m ?? 1) - 1, (d ?? 1) + days)).toISOString().slice(0, 10);
}

export function isoWeekday(date: string): number {
  const [y, m, d] = date.split('-').map(Number);
  const day = new Date(Date.UTC(y ?? 1970, (m ?? 1) - 1, d ?? 1)).getUTCDay();
  return day === 0 ? 7 : day;
}

/** Days in the month of a YYYY-MM-DD date (28-31). */
export function daysInMonth(date: string): number {
  const [y, m] = date.split('-').map(Number);
  return new Date(Date.UTC(y ?? 1970, m ?? 1, 0)).getUTCDate();
}

/** Without a rhythm a channel is daily. */
type RhythmFields = Pick<ChannelSettings, 'weekdays'> & Partial<Pick<ChannelSettings, 'rhythm' | 'rhythmDay'>>;

/**
 * True when a local date carries a digest slot: a daily digest on its weekdays, a weekly one on its
 * weekday, a monthly one on its day of the month, or the month's last day when the month is shorter
 * (31 means 30 Apr and 28 Feb). The ledger's SQL (slotsCte) applies the same rule.
 */
export function isSlotDate(settings: RhythmFields, date: string): boolean {
  const day = settings.rhythmDay ?? 1;
  if (settings.rhythm === 'weekly') return isoWeekday(date) === day;
  if (settings.rhythm === 'monthly') return Number(date.slice(8, 10)) === Math.min(day, daysInMonth(date));
  return settings.weekdays.includes(isoWeekday(date));
}

type ScheduleFields = Pick<ChannelSettings, 'digestTime' | 'timezone' | 'paused'> & RhythmFields;

/** The next instant after `now` this channel's digest is due, or null when paused or no weekday is set. */
export function nextDigestAt(settings: ScheduleFields, now: Date): Date | null {
  if (settings.paused || ((settings.rhythm ?? 'daily') === 'daily' && settings.weekdays.length === 0)) return null;
  const today = localParts(now, settings.timezone).date;
  // A month and a bit: a monthly slot may be today's, already past, so the next is next month's.
  for (let i = 0; i <= 32; i += 1) {
    const date = addDays(today, i);
    if (!isSlotDate(settings, date)) continue;
    const slot = zonedTime(date, settings.digestTime, settings.timezone);
    if (slot.getTime() > now.getTime()) return slot;
  }
  return null;
}

/** "HH:MM" from "H:MM", "HH:MM" or "HH:MM:SS"; null when it is not a time of day. */
export function parseTimeOfDay(text: string): string | null {
  const match = /^(\d{1,2}):(\d{2})(?::\d{2})?$/.exec(text.trim());
  if (!match) return null;
  const h = Number(match[1]);
  const m = Number(match[2]);
  if (h > 23 || m > 59) return null;
  return `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`;
}

const dayWords: Record<string, number> = {
  mon: 1, monday: 1, tue: 2, tues: 2, tuesday: 2, wed: 3, wednesday: 3, thu: 4, thur: 4, thurs: 4, thursday: 4,
  fri: 5, friday: 5, sat: 6, saturday: 6, sun: 7, sunday: 7,
};

/**
 * Weekdays from "mon-fri", "weekdays", "weekends", "daily", "every day", "mon,wed,fri" or "tue thu".
 * Returns sorted ISO weekdays, or null when a word is not a day.
 */
export function parseWeekdays(text: string): number[] | null {
  const t = text.trim().toLowerCase();
  if (t === '') return null;
  if (['daily', 'every day', 'everyday', 'all', 'mon-sun'].includes(t)) return [1, 2, 3, 4, 5, 6, 7];
  if (['weekdays', 'workdays', 'mon-fri'].includes(t)) return [1, 2, 3, 4, 5];
  if (['weekends', 'weekend', 'sat-sun'].includes(t)) return [6, 7];
  const days = new Set<number>();
  for (const token of t.split(/[\s,]+/).filter(Boolean)) {
    const range = /^([a-z]+)-([a-z]+)$/.exec(token);
    if (range) {
      const from = dayWords[range[1] ?? ''];
      const to = dayWords[range[2] ?? ''];
      if (!from || !to) return null;
      for (let d = from; ; d = (d % 7) + 1) {
        days.add(d);
        if (d === to) break;
      }
      continue;
    }
    const day = dayWords[token];
    if (!day) return null;
    days.add(day);
  }
  return [...days].sort((a, b) => a - b);
}

/** A weekly digest's day from one day word ("mon", "Monday"); null when it is not exactly one day. */
export function parseWeekday(text: string): number | null {
  return dayWords[text.trim().toLowerCase()] ?? null;
}

/** A monthly digest's day from "1" ... "31" (or "1st", "22nd"); null otherwise. */
export function parseMonthDay(text: string): number | null {
  const match = /^(\d{1,2})(?:st|nd|rd|th)?$/i.exec(text.trim());
  const n = match ? Number(match[1]) : NaN;
  return n >= 1 && n <= 31 ? n : null;
}

export { MINUTE, DAY };
