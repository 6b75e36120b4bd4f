import { formatRhythm, type ChannelSettings, type Rhythm } from '../channel.js';
import { ErrorCode } from '../errors.js';
import { nextDigestAt, parseMonthDay, parseTimeOfDay, parseWeekday, parseWeekdays } from '../subscriptions/schedule.js';
import { canonicalTimeZone, zoneTokenProblem } from '../subscriptions/timezones.js';
import type { Command } from './command.js';
import { usage } from './command.js';
import type { CommandContext } from './context.js';
import type { CommandDeps } from './deps.js';
import { formatInstant } from './format-time.js';
import { errorReply, type Reply } from './reply.js';

// schedule, set, pause, resume.

export const MAX_PAPERS_LIMIT = 25;

export function scheduleLine(settings: ChannelSettings, now: Date): string {
  const next = nextDigestAt(settings, now);
  const when = `${settings.digestTime} ${settings.timezone}, ${formatRhythm(settings)}`;
  if (settings.paused) return `${when} (paused${settings.pausedReason ? `: ${settings.pausedReason}` : ''})`;
  return next ? `${when}; next ${formatInstant(next, settings.timezone)}` : when;
}

export async function handleSchedule(
  command: Extract<Command, { name: 'schedule' }>,
  context: CommandContext,
  deps: CommandDeps,
): Promise<Reply> {
  const time = parseTimeOfDay(command.time);
  if (!time) {
    return errorReply(ErrorCode.InvalidTime, `"${command.time.slice(0, 40)}" is not a time of day. Use HH:MM on a 24-hour clock, e.g. 09:00 or 17:30.`, usage.schedule);
  }
  let timezone: string | undefined;
  if (command.timezone) {
    const problem = zoneTokenProblem(command.timezone);
    if (problem) return errorReply(ErrorCode.InvalidTimezone, problem, usage.schedule);
    timezone = canonicalTimeZone(command.timezone);
    if (!timezone) {
      return errorReply(
        ErrorCode.InvalidTimezone,
        `"${command.timezone.slice(0, 60)}" is not a time zone I know. Use an IANA name such as Europe/Berlin, America/New_York, Asia/Tokyo or UTC.`,
        usage.schedule,
      );
    }
  }
  const rhythm: Rhythm = command.rhythm ?? 'daily';
  let rhythmDay: number | undefined;
  if (rhythm !== 'daily') {
    const day = rhythmDayOf(rhythm, command.day ?? command.weekdays);
    if (typeof day === 'string') return errorReply(ErrorCode.Usage, day, usage.schedule);
    rhythmDay = day;
  } else if (command.day) {
    return errorReply(ErrorCode.Usage, `A daily digest has weekdays, not a day: schedule 09:00 mon-fri, or schedule weekly ${command.day.slice(0, 20)} 09:00.`, usage.schedule);
  }
  let weekdays: number[] | undefined;
  if (rhythm === 'daily' && command.weekdays) {
    const parsed = parseWeekdays(command.weekdays);
    if (!parsed || parsed.length === 0) {
      return errorReply(
        ErrorCode.Usage,
        `"${command.weekdays.slice(0, 60)}" is not a set of weekdays. Try mon-fri, weekdays, weekends, daily, or mon,wed,fri.`,
        usage.schedule,
      );
    }
    weekdays = parsed;
  }
  const settings = await deps.subscriptions.update(
    context.channel,
    { digestTime: time, rhythm, ...(rhythmDay !== undefined ? { rhythmDay } : {}), ...(timezone ? { timezone } : {}), ...(weekdays ? { weekdays } : {}) },
    context.caller.id,
  );
  return {
    visibility: 'ephemeral',
    title: 'Digest schedule saved',
    text: `${rhythmTitle[settings.rhythm]}: ${scheduleLine(settings, deps.now())}${coverage[settings.rhythm]}`,
  };
}

const rhythmTitle: Record<Rhythm, string> = { daily: 'Daily digest', weekly: 'Weekly digest', monthly: 'Monthly digest' };
const coverage: Record<Rhythm, string> = {
  daily: '',
  weekly: "\nEach lists the best papers of the 7 days before it (by upvotes and this channel's votes), leaving out papers already posted here.",
  monthly: "\nEach lists the best papers of the last complete calendar month (by upvotes and this channel's votes), leaving out papers already posted here.",
};

/** A weekly digest's weekday or a monthly one's day of the month; a sentence saying what is wrong otherwise. */
function rhythmDayOf(rhythm: 'weekly' | 'monthly', typed: string | undefined): number | string {
  const text = (typed ?? '').trim();
  if (rhythm === 'weekly') {
    if (text === '') return 'Which day of the week? e.g. schedule weekly mon 09:00 Europe/Berlin.';
    const day = parseWeekday(text);
    if (day !== null) return day;
    const several = parseWeekdays(text);
    if (several && several.length > 1) {
      return `A weekly digest comes on one day. For several days a week, use a daily digest on those days: schedule 09:00 ${text.slice(0, 30)}.`;
    }
    return `"${text.slice(0, 40)}" is not a day of the week. Use mon, tue, wed, thu, fri, sat or sun, e.g. schedule weekly mon 09:00.`;
  }
  if (text === '') return 'Which day of the month? e.g. schedule monthly 1 09:00 for the 1st.';
  const day = parseMonthDay(text);
  if (day !== null) return day;
  return `"${text.slice(0, 40)}" is not a day of the month. Use 1 to 31, e.g. schedule monthly 1 09:00; 29, 30 and 31 mean the month's last day in shorter months.`;
}

export async function handleSet(
  command: Extract<Command, { name: 'set' }>,
  context: CommandContext,
  deps: CommandDeps,
): Promise<Reply> {
  const value = command.value.toLowerCase();
  switch (command.setting) {
    case 'max-papers': {
      const n = /^\d+$/.test(value) ? Number(value) : NaN;
      if (!(n >= 1 && n <= MAX_PAPERS_LIMIT)) {
        return errorReply(ErrorCode.Usage, `max-papers must be a whole number from 1 to ${MAX_PAPERS_LIMIT}.`, usage.set);
      }
      await deps.subscriptions.update(context.channel, { maxPapers: n }, context.caller.id);
      return { visibility: 'ephemeral', title: 'Saved', text: `Digests here list at most ${n} paper${n === 1 ? '' : 's'}.` };
    }
    case 'min-upvotes': {
      const n = /^\d+$/.test(value) ? Number(value) : NaN;
      if (!(n >= 0 && n <= 100_000)) {
        return errorReply(ErrorCode.Usage, 'min-upvotes must be a whole number from 0 to 100000.', usage.set);
      }
      await deps.subscriptions.update(context.channel, { minUpvotes: n }, context.caller.id);
      return { visibility: 'ephemeral', title: 'Saved', text: n === 0 ? 'Digests here include papers whatever their upvotes.' : `Digests here include papers with at least ${n} upvotes.` };
    }
    case 'thread': {
      const on = ['on', 'true', 'yes', '1'].includes(value);
      const off = ['off', 'false', 'no', '0'].includes(value);
      if (!on && !off) return errorReply(ErrorCode.Usage, 'thread must be on or off.', usage.set);
      if (on && context.threads === false) {
        return errorReply(ErrorCode.Usage, 'There are no threads in this conversation: digests here are always posted as plain messages. Nothing was changed.');
      }
      await deps.subscriptions.update(context.channel, { useThread: on }, context.caller.id);
      return { visibility: 'ephemeral', title: 'Saved', text: on ? 'Digest cards will go in a thread under the daily header.' : 'Digest cards will be posted in the channel.' };
    }
  }
}

export async function handlePause(
  command: Extract<Command, { name: 'pause' | 'resume' }>,
  context: CommandContext,
  deps: CommandDeps,
): Promise<Reply> {
  const pause = command.name === 'pause';
  if (!pause) await deps.subscriptions.ensure(context.channel, context.caller.id);
  const settings = await deps.subscriptions.setPaused(context.channel, pause, pause ? `paused by ${context.caller.name ?? context.caller.id}` : null);
  if (!settings) {
    return { visibility: 'ephemeral', title: 'Nothing to pause', text: 'This channel gets no digest. Follow a topic with /papers subscribe <topic>.' };
  }
  return pause
    ? { visibility: 'ephemeral', title: 'Digests paused', text: 'No digest will be posted here until /papers resume.' }
    : { visibility: 'ephemeral', title: 'Digests resumed', text: `${rhythmTitle[settings.rhythm]}: ${scheduleLine(settings, deps.now())}` };
}
