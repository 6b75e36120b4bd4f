// Where a command came from or a digest goes: platform, workspace (guild / team) and channel.

export const platforms = ['discord', 'slack', 'console'] as const;
export type Platform = (typeof platforms)[number];

export interface ChannelRef {
  platform: Platform;
  /** Discord guild id, Slack team id, or "local" for the terminal. */
  workspaceId: string;
  channelId: string;
}

export interface ChannelSettings extends ChannelRef {
  /** Database id of the channel row. */
  id: number;
  /** HH:MM, 24-hour clock, in `timezone`. */
  digestTime: string;
  timezone: string;
  /** ISO weekdays, 1 = Monday ... 7 = Sunday: the days of a daily digest. */
  weekdays: number[];
  /** How often the digest comes: daily (on `weekdays`), weekly or monthly (on `rhythmDay`). */
  rhythm: Rhythm;
  /** Weekly: the ISO weekday (1-7). Monthly: the day of the month (1-31; past a short month's end, its last day). */
  rhythmDay: number;
  maxPapers: number;
  minUpvotes: number;
  /** The channel asked for digests (subscribed, scheduled or resumed); search alone does not. */
  subscribed: boolean;
  paused: boolean;
  pausedReason: string | null;
  /** Post the digest's cards in a thread under its header message. */
  useThread: boolean;
  createdAt: Date;
}

export const rhythms = ['daily', 'weekly', 'monthly'] as const;
export type Rhythm = (typeof rhythms)[number];

export const weekdayNames = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

export function formatWeekdays(days: number[]): string {
  const sorted = [...new Set(days)].sort((a, b) => a - b);
  if (sorted.length === 7) return 'every day';
  if (sorted.join() === '1,2,3,4,5') return 'weekdays (mon-fri)';
  if (sorted.join() === '6,7') return 'weekends';
  return sorted.map((d) => weekdayNames[d - 1]).join(', ');
}

const ordinal = (n: number) => `${n}${n % 10 === 1 && n !== 11 ? 'st' : n % 10 === 2 && n !== 12 ? 'nd' : n % 10 === 3 && n !== 13 ? 'rd' : 'th'}`;

/** "weekdays (mon-fri)", "weekly on mon", "monthly on the 1st", "monthly on the 31st (or the month's last day)". */
export function formatRhythm(settings: Pick<ChannelSettings, 'rhythm' | 'rhythmDay' | 'weekdays'>): string {
  if (settings.rhythm === 'weekly') return `weekly on ${weekdayNames[settings.rhythmDay - 1] ?? 'mon'}`;
  if (settings.rhythm === 'monthly') {
    return `monthly on the ${ordinal(settings.rhythmDay)}${settings.rhythmDay > 28 ? " (or the month's last day)" : ''}`;
  }
  return formatWeekdays(settings.weekdays);
}
