import { ErrorCode } from '../errors.js';
import { MAX_TOPICS_PER_CHANNEL } from '../subscriptions/subscription-store.js';
import type { Command } from './command.js';
import { usage } from './command.js';
import type { CommandContext } from './context.js';
import type { CommandDeps } from './deps.js';
import { errorReply, quoted, type Reply } from './reply.js';

// subscribe, unsubscribe, topics.

function listText(topics: string[]): string {
  return topics.length === 0 ? 'No topics: the digest lists every paper of the day.' : topics.map((t) => `• ${t}`).join('\n');
}

export async function handleSubscribe(
  command: Extract<Command, { name: 'subscribe' }>,
  context: CommandContext,
  deps: CommandDeps,
): Promise<Reply> {
  const filter = /(?:^|\s)-?(author|org|since):/i.exec(command.topic.replace(/"[^"]*"/g, ' '));
  if (filter) {
    return errorReply(
      ErrorCode.TopicInvalid,
      `A topic is matched against each paper's title, keywords and abstract, so ${filter[1]!.toLowerCase()}: works in /papers search but not in a topic. Follow words instead, e.g. /papers subscribe "mixture of experts".`,
      usage.subscribe,
    );
  }
  const result = await deps.subscriptions.addTopic(context.channel, command.topic, context.caller.id);
  if (!result.ok && result.reason === 'limit') {
    return errorReply(
      ErrorCode.TopicLimit,
      `This channel already follows ${MAX_TOPICS_PER_CHANNEL} topics, the most it can. Unsubscribe from one first (/papers topics lists them).`,
      usage.unsubscribe,
    );
  }
  if (!result.ok && result.reason === 'excludes_only') {
    return errorReply(
      ErrorCode.TopicInvalid,
      `${quoted(command.topic)} only excludes words, so the digest would bring every paper of the day except those. Add a word to follow, e.g. /papers subscribe quantization ${command.topic.slice(0, 40)}.`,
      usage.subscribe,
    );
  }
  if (!result.ok) {
    return errorReply(
      ErrorCode.TopicMatchesNothing,
      `${quoted(command.topic)} can match no paper: it has only common words like "the" or "of". Use a word that papers contain, e.g. diffusion or "mixture of experts".`,
      usage.subscribe,
    );
  }
  const settings = await deps.subscriptions.find(context.channel);
  const when = settings ? ` Digests arrive ${settings.digestTime} ${settings.timezone}; change it with /papers schedule.` : '';
  return {
    visibility: 'ephemeral',
    title: result.added ? `Subscribed to ${quoted(result.topic)}` : `Already following ${quoted(result.topic)}`,
    text: `${result.added ? 'This channel now follows:' : 'Nothing changed. This channel follows:'}\n${listText(result.topics)}\n${when.trim()}`.trim(),
  };
}

export async function handleUnsubscribe(
  command: Extract<Command, { name: 'unsubscribe' }>,
  context: CommandContext,
  deps: CommandDeps,
): Promise<Reply> {
  const removed = await deps.subscriptions.removeTopic(context.channel, command.topic);
  const topics = await deps.subscriptions.topics(context.channel);
  if (!removed) {
    return errorReply(
      ErrorCode.NotFound,
      `This channel does not follow ${quoted(command.topic)}.\n${topics.length ? `It follows:\n${listText(topics)}` : 'It follows no topics.'}`,
      usage.unsubscribe,
    );
  }
  const note =
    topics.length === 0
      ? '\nThis channel follows no topics now, so its digest will list every paper of the day. Use /papers pause to stop digests here.'
      : '';
  return {
    visibility: 'ephemeral',
    title: `Unsubscribed from ${quoted(removed)}`,
    text: `${topics.length ? `Still following:\n${listText(topics)}` : ''}${note}`.trim(),
  };
}

export async function handleTopics(
  _command: Extract<Command, { name: 'topics' }>,
  context: CommandContext,
  deps: CommandDeps,
): Promise<Reply> {
  const settings = await deps.subscriptions.find(context.channel);
  const topics = await deps.subscriptions.topics(context.channel);
  if (!settings || (topics.length === 0 && !settings.subscribed)) {
    return {
      visibility: 'ephemeral',
      title: 'No digest in this channel yet',
      text: 'Follow a topic to get a daily digest here: /papers subscribe diffusion',
    };
  }
  return {
    visibility: 'ephemeral',
    title: `Topics for this channel (${topics.length}/${MAX_TOPICS_PER_CHANNEL})`,
    text: listText(topics),
  };
}
