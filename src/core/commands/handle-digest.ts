import type { ChannelSettings } from '../channel.js';
import { formatDay, type Digest } from '../digest/digest.js';
import { coveredPeriod, formatPeriod, periodOfRhythm } from '../digest/period.js';
import { ErrorCode } from '../errors.js';
import { addDays, coversDay, nextDigestAt } from '../subscriptions/schedule.js';
import type { Command } from './command.js';
import { usage } from './command.js';
import type { CommandContext } from './context.js';
import type { CommandDeps } from './deps.js';
import { formatInstant } from './format-time.js';
import { channelChoice, choosePeriodDigest, emptyPeriodText } from './period-digest.js';
import { errorReply, type Reply } from './reply.js';

// digest [YYYY-MM-DD]: a private preview; nothing is recorded as delivered.
// - A weekly or monthly channel sees its next digest: the days the next slot covers (coveredPeriod,
//   the rule the ledger's claims follow), chosen as the scheduler will choose them, leaving out
//   papers already posted here. Before the slot those days may not be over: it shows what is
//   listed so far.
// - A daily channel (or a channel with no digest, or any asked date) sees one day: the latest
//   complete UTC day that has papers listed, or the date asked.

export async function handleDigestPreview(
  command: Extract<Command, { name: 'digest' }>,
  context: CommandContext,
  deps: CommandDeps,
): Promise<Reply> {
  const now = deps.now();
  const settings = await deps.subscriptions.find(context.channel);
  if (command.date === undefined && settings?.subscribed && settings.rhythm !== 'daily') {
    return previewNextPeriod(settings, context, deps, now);
  }
  let day = command.date;
  if (day !== undefined && !isRealDate(day)) {
    return errorReply(ErrorCode.InvalidDate, `${day} is not a calendar date.`, usage.digest);
  }
  if (day !== undefined && day > now.toISOString().slice(0, 10)) {
    return errorReply(ErrorCode.InvalidDate, `${day} is in the future: there are no papers for it yet.`, usage.digest);
  }
  let note = '';
  if (day === undefined) {
    day = coversDay(now);
    // The latest complete day may not be ingested yet (or was a quiet day): show the latest that is.
    const counts = await deps.digests.listedCounts([day, addDays(day, -1), addDays(day, -2), addDays(day, -3)]);
    const latest = [...counts].filter(([, n]) => n > 0).map(([d]) => d).sort().pop();
    if (latest && latest !== day) {
      note = `No papers are listed for ${formatDay(day)} yet, so this is ${formatDay(latest)}.`;
      day = latest;
    }
  }
  const topics = await deps.subscriptions.topics(context.channel);
  const chosen = await deps.digests.choose([
    { key: 'preview', day, topics, ...channelChoice(settings) },
  ]);
  const digest: Digest = { channel: context.channel, day, topics, papers: chosen.get('preview') ?? [], preview: true };
  const empty =
    digest.papers.length === 0
      ? topics.length
        ? `No paper listed on ${formatDay(day)} matches this channel's topics.`
        : `No papers are listed for ${formatDay(day)}.`
      : '';
  return { visibility: 'ephemeral', title: `Preview: ${formatDay(day)}`, text: [note, empty].filter(Boolean).join('\n'), digest };
}

const rhythmWords = { weekly: { adjective: 'weekly', span: 'week' }, monthly: { adjective: 'monthly', span: 'month' } } as const;

async function previewNextPeriod(settings: ChannelSettings, context: CommandContext, deps: CommandDeps, now: Date): Promise<Reply> {
  const rhythm = settings.rhythm === 'monthly' ? 'monthly' : 'weekly';
  // A paused channel's next digest is the one its next slot brings once resumed.
  const slot = nextDigestAt({ ...settings, paused: false }, now) ?? now;
  const period = coveredPeriod(periodOfRhythm[rhythm], slot);
  const digest = await choosePeriodDigest(period, context, deps, settings, { excludeDelivered: true });
  const { adjective, span } = rhythmWords[rhythm];
  const over = period.to <= coversDay(now);
  const lines = [
    `${settings.paused ? 'Digests are paused; once resumed, this one is' : 'It is'} posted ${formatInstant(slot, settings.timezone)}.`,
    over ? '' : `The ${span} is not over yet: these are the papers listed so far.`,
    emptyPeriodText(digest, { over }),
  ];
  return { visibility: 'ephemeral', title: `Preview: next ${adjective} digest, ${formatPeriod(period)}`, text: lines.filter(Boolean).join('\n'), digest };
}

function isRealDate(day: string): boolean {
  const d = new Date(`${day}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === day;
}
