import type { ChannelSettings } from '../channel.js';
import type { Digest } from '../digest/digest.js';
import { formatPeriod, type Period } from '../digest/period.js';
import type { CommandContext } from './context.js';
import type { CommandDeps } from './deps.js';

// A week's or a month's digest for a command (`top`, a weekly or monthly channel's `digest`
// preview), chosen as the scheduler chooses it: the channel's topics, size and minimum upvotes,
// the store's latest upvotes, re-ranked by the channel's votes.

export async function choosePeriodDigest(
  period: Period,
  context: CommandContext,
  deps: CommandDeps,
  settings: ChannelSettings | null,
  /** Leave out papers already posted to the channel, as its scheduled digest does. */
  options: { excludeDelivered: boolean },
): Promise<Digest> {
  const topics = await deps.subscriptions.topics(context.channel);
  const chosen = await deps.digests.choose([
    {
      key: 'period',
      day: period.to,
      from: period.from,
      topics,
      ...channelChoice(settings),
      ...(settings && options.excludeDelivered ? { excludeDeliveredTo: settings.id } : {}),
    },
  ]);
  return { channel: context.channel, day: period.to, period, topics, papers: chosen.get('period') ?? [], preview: true };
}

/** A channel's own digest settings for a preview: its size, minimum upvotes and votes (defaults without a channel). */
export function channelChoice(settings: ChannelSettings | null): { maxPapers: number; minUpvotes: number; learnFrom?: number } {
  return { maxPapers: settings?.maxPapers ?? 10, minUpvotes: settings?.minUpvotes ?? 0, ...(settings ? { learnFrom: settings.id } : {}) };
}

/** Why a period's digest is empty ("... yet" while the period is not over), or '' when it is not. */
export function emptyPeriodText(digest: Digest, options: { over: boolean }): string {
  if (digest.papers.length > 0 || !digest.period) return '';
  const days = formatPeriod(digest.period);
  const yet = options.over ? '' : ' yet';
  return digest.topics.length > 0 ? `No paper listed in ${days} matches this channel's topics${yet}.` : `No papers are listed for ${days}${yet}.`;
}
