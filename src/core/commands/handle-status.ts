import { formatRhythm } from '../channel.js';
import { formatDay } from '../digest/digest.js';
import { formatPeriod } from '../digest/period.js';
import { ErrorCode } from '../errors.js';
import type { Command, CommandName } from './command.js';
import { summaries, usage } from './command.js';
import type { CommandContext } from './context.js';
import type { CommandDeps } from './deps.js';
import { scheduleLine } from './handle-settings.js';
import { lessonsLine } from './handle-votes.js';
import { commandNamed } from './parse.js';
import { errorReply, type Reply } from './reply.js';

// status, help.

const statusWords: Record<string, string> = {
  sent: 'sent',
  empty: 'nothing matched',
  failed: 'failed',
  skipped: 'skipped',
  claimed: 'in progress',
  due: 'due, about to be sent',
};

export async function handleStatus(
  _command: Extract<Command, { name: 'status' }>,
  context: CommandContext,
  deps: CommandDeps,
): Promise<Reply> {
  const settings = await deps.subscriptions.find(context.channel);
  if (!settings || !settings.subscribed) {
    return {
      visibility: 'ephemeral',
      title: 'No digest in this channel',
      text: 'Follow a topic to get a daily digest here: /papers subscribe diffusion',
    };
  }
  const topics = await deps.subscriptions.topics(context.channel);
  const recent = await deps.ledger.recent(settings.id, 5);
  const lessons = await deps.votes.lessons(settings.id);
  const deliveries = recent.length
    ? recent
        .map((d) => {
          const what = statusWords[d.status] ?? d.status;
          const count = d.status === 'sent' ? `, ${d.paperCount} paper${d.paperCount === 1 ? '' : 's'}` : '';
          const why = d.lastError && d.status !== 'sent' ? ` (${d.lastError})` : '';
          const when = d.period === 'day' ? formatDay(d.digestDay) : `${d.period === 'week' ? 'Weekly' : 'Monthly'}, ${formatPeriod({ from: d.coversFrom, to: d.coversDay })}`;
          return `• ${when}: ${what}${count}${why}`;
        })
        .join('\n')
    : 'None yet.';
  return {
    visibility: 'ephemeral',
    title: settings.paused ? 'Digest status: paused' : 'Digest status',
    text: settings.paused
      ? pausedText(settings.pausedReason)
      : '',
    fields: [
      { label: 'Schedule', value: scheduleLine(settings, deps.now()) },
      { label: 'Topics', value: topics.length ? topics.join(', ') : 'none (every paper of the day)' },
      { label: 'Digest size', value: `up to ${settings.maxPapers} papers${settings.minUpvotes > 0 ? `, at least ${settings.minUpvotes} upvotes` : ''}${settings.useThread && context.threads !== false ? ', cards in a thread' : ''}` },
      { label: 'Days', value: formatRhythm(settings) },
      { label: 'Learned from votes', value: lessonsLine(lessons) },
      { label: 'Last deliveries', value: deliveries },
    ],
  };
}

// A person's pause needs only a resume; a pause Paperboy made (the bot was removed, a permission
// is missing) needs its cause fixed first.
function pausedText(reason: string | null): string {
  if (reason === null) return 'Digests are paused. /papers resume starts them again.';
  if (/^paused by /.test(reason)) return `Digests are ${reason}. /papers resume starts them again.`;
  if (reason.includes('/papers resume')) return `Digests are paused: ${reason}`;
  return `Digests are paused: ${reason}. Fix the cause, then /papers resume.`;
}

export function handleHelp(command: Extract<Command, { name: 'help' }>): Reply {
  const asked = command.command?.trim().replace(/^\/?papers\s+/i, '').split(/\s+/)[0] ?? '';
  if (asked !== '') {
    const name = commandNamed(asked);
    if (name) return { visibility: 'ephemeral', title: `/papers ${name}`, text: `${summaries[name]}\n${usage[name]}` };
    return errorReply(
      ErrorCode.Usage,
      `There is no command "${asked.slice(0, 40)}". Commands: ${(Object.keys(usage) as CommandName[]).join(', ')}.`,
      usage.help,
    );
  }
  const lines = (Object.keys(usage) as CommandName[]).map((name) => `${usage[name].split('   ')[0]} - ${summaries[name]}`);
  return {
    visibility: 'ephemeral',
    title: 'Paperboy: research papers in this channel',
    text: `${lines.join('\n')}\n\nTopics are web-search style: diffusion, "mixture of experts", quantization -llm. Changing topics or the schedule needs permission to manage the channel.`,
  };
}
