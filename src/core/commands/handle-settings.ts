import { formatWeekdays, type ChannelSettings } from '../channel.js';
import { ErrorCode } from '../errors.js';
import { nextDigestAt, parseTimeOfDay, parseWeekdays } from '../subscriptions/schedule.js';
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
  const when = `${settings.digestTime} ${settings.timezone}, ${formatWeekdays(settings.weekdays)}`;
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
  let weekdays: number[] | undefined;
  if (command.weekdays) {
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
    { digestTime: time, ...(timezone ? { timezone } : {}), ...(weekdays ? { weekdays } : {}) },
    context.caller.id,
  );
  return {
    visibility: 'ephemeral',
    title: 'Digest schedule saved',
    text: `Daily digest: ${scheduleLine(settings, deps.now())}`,
  };
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
    ? { visibility: 'ephemeral', title: 'Digests paused', text: 'No daily digest will be posted here until /papers resume.' }
    : { visibility: 'ephemeral', title: 'Digests resumed', text: `Daily digest: ${scheduleLine(settings, deps.now())}` };
}
