import type { Rhythm } from '../channel.js';
import { addDays, coversDay } from '../subscriptions/schedule.js';

// What a digest covers, by rhythm. The rule is daily's, widened: complete UTC days only, the most
// recent ones at the slot's instant.
// - day: the most recent complete UTC day (the slot's UTC date minus one).
// - week: the 7 most recent complete UTC days (the slot's UTC date minus seven .. minus one).
// - month: the most recent complete calendar month (UTC). For a slot early on the 1st in a zone
//   east of UTC (Tokyo 08:00 on 1 Dec is 23:00 UTC on 30 Nov) November is not complete yet, so that
//   digest covers October and the next one November: every month is covered once, never in part.
//   The ledger's SQL (delivery-ledger.ts, slotsCte) computes the same; a test holds them together.

export type PeriodKind = 'day' | 'week' | 'month';

export interface Period {
  kind: PeriodKind;
  /** First and last UTC day covered (YYYY-MM-DD), inclusive. */
  from: string;
  to: string;
}

export const periodOfRhythm: Record<Rhythm, PeriodKind> = { daily: 'day', weekly: 'week', monthly: 'month' };

/** The days a digest of this kind posted at `slotAt` (or asked for at that instant) covers. */
export function coveredPeriod(kind: PeriodKind, slotAt: Date): Period {
  const to = coversDay(slotAt);
  if (kind === 'day') return { kind, from: to, to };
  if (kind === 'week') return { kind, from: addDays(to, -6), to };
  const firstOfSlotMonth = `${slotAt.toISOString().slice(0, 7)}-01`;
  const last = addDays(firstOfSlotMonth, -1);
  return { kind, from: `${last.slice(0, 7)}-01`, to: last };
}

/** Every UTC day of a period, oldest first. */
export function periodDays(period: Pick<Period, 'from' | 'to'>): string[] {
  const days: string[] = [];
  for (let day = period.from; day <= period.to && days.length < 366; day = addDays(day, 1)) days.push(day);
  return days;
}

const monthNames = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const fullMonthNames = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

function parts(day: string): { y: number; m: number; d: number } {
  const [y, m, d] = day.split('-').map(Number);
  return { y: y ?? 1970, m: m ?? 1, d: d ?? 1 };
}

/** "27 Nov 2026" from "2026-11-27". */
export function formatDay(day: string): string {
  const { y, m, d } = parts(day);
  return `${d} ${monthNames[m - 1]} ${y}`;
}

/** "27 Nov 2026", "21-27 Nov 2026", "28 Nov - 4 Dec 2026", "November 2026". */
export function formatPeriod(period: Pick<Period, 'from' | 'to'>): string {
  const a = parts(period.from);
  const b = parts(period.to);
  if (period.from === period.to) return formatDay(period.to);
  if (a.d === 1 && a.y === b.y && a.m === b.m && addDays(period.to, 1).endsWith('-01')) return `${fullMonthNames[a.m - 1]} ${a.y}`;
  if (a.y === b.y && a.m === b.m) return `${a.d}-${b.d} ${monthNames[b.m - 1]} ${b.y}`;
  if (a.y === b.y) return `${a.d} ${monthNames[a.m - 1]} - ${b.d} ${monthNames[b.m - 1]} ${b.y}`;
  return `${formatDay(period.from)} - ${formatDay(period.to)}`;
}
