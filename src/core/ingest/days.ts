// UTC calendar days as YYYY-MM-DD strings: the feed's `date` and the listings' key.

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const MS_PER_DAY = 86_400_000;

/** True for a real calendar day in YYYY-MM-DD form (2026-02-30 is not one). */
export function isDay(value: string): boolean {
  const m = DAY.exec(value);
  if (!m) return false;
  const d = new Date(`${value}T00:00:00.000Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}

export function utcDay(at: Date): string {
  return at.toISOString().slice(0, 10);
}

export function addDays(day: string, n: number): string {
  return utcDay(new Date(Date.parse(`${day}T00:00:00.000Z`) + n * MS_PER_DAY));
}

/** Every day from `from` to `to` inclusive; a problem instead when the range is not usable. */
export function daysInRange(from: string, to: string, maxDays = 3660): { days: string[] } | { problem: string } {
  if (!isDay(from)) return { problem: `"${from}" is not a date (YYYY-MM-DD)` };
  if (!isDay(to)) return { problem: `"${to}" is not a date (YYYY-MM-DD)` };
  const count = Math.round((Date.parse(to) - Date.parse(from)) / MS_PER_DAY) + 1;
  if (count < 1) return { problem: `the range ends (${to}) before it starts (${from})` };
  if (count > maxDays) return { problem: `the range has ${count} days; at most ${maxDays} at once` };
  return { days: Array.from({ length: count }, (_, i) => addDays(from, i)) };
}
