import { coveredPeriod, formatPeriod } from '../digest/period.js';
import type { Command } from './command.js';
import type { CommandContext } from './context.js';
import type { CommandDeps } from './deps.js';
import { choosePeriodDigest, emptyPeriodText } from './period-digest.js';
import type { Reply } from './reply.js';

// top [week|month]: the period a weekly or monthly digest posted now would cover (the last 7
// complete UTC days, or the last complete calendar month), chosen as that digest chooses: the
// channel's topics, size and minimum upvotes, the store's latest upvotes, re-ranked by the channel's
// votes. It is an answer to one person (ephemeral unless asked public) and leaves nothing out for
// having been posted here already: asked on demand, "the week's best" includes the papers the daily
// digests brought. The scheduled weekly digest does leave them out, and so does a weekly channel's
// `digest` preview, which shows that next digest (handle-digest.ts).

export async function handleTop(command: Extract<Command, { name: 'top' }>, context: CommandContext, deps: CommandDeps): Promise<Reply> {
  const period = coveredPeriod(command.period, deps.now());
  const settings = await deps.subscriptions.find(context.channel);
  const digest = await choosePeriodDigest(period, context, deps, settings, { excludeDelivered: false });
  return { visibility: 'ephemeral', title: `Top papers, ${formatPeriod(period)}`, text: emptyPeriodText(digest, { over: true }), digest };
}
