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
  /** ISO weekdays, 1 = Monday ... 7 = Sunday. */
  weekdays: number[];
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

export const weekdayNames = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

export function formatWeekdays(days: number[]): string {
  const sorted = [...new Set(days)].sort((a, b) => a - b);
  if (sorted.length === 7) return 'every day';
  if (sorted.join() === '1,2,3,4,5') return 'weekdays (mon-fri)';
  if (sorted.join() === '6,7') return 'weekends';
  return sorted.map((d) => weekdayNames[d - 1]).join(', ');
}
