import { ErrorCode } from '../errors.js';
import type { ChannelLessons } from '../feedback/vote-store.js';
import { normalizeArxivId } from '../papers/arxiv-id.js';
import type { Command } from './command.js';
import { usage } from './command.js';
import type { CommandContext } from './context.js';
import type { CommandDeps } from './deps.js';
import { errorReply, type Reply } from './reply.js';

// vote (the 👍/👎 buttons, or typed), forget-votes; and the status line of what votes taught.
// Anyone in a channel may vote; votes only steer that channel's digest.

export async function handleVote(command: Extract<Command, { name: 'vote' }>, context: CommandContext, deps: CommandDeps): Promise<Reply> {
  const id = normalizeArxivId(command.id);
  if (!id) return errorReply(ErrorCode.Usage, `"${command.id.slice(0, 80)}" is not an arXiv id or URL.`, usage.vote);
  const paper = await deps.papers.get(id);
  if (!paper) return errorReply(ErrorCode.NotFound, `Paper ${id} is not in the store, so there is nothing to vote on.`);
  const channel = await deps.subscriptions.ensure(context.channel, context.caller.id);
  const vote = command.vote === 'up' ? 1 : -1;
  const outcome = await deps.votes.record({ channelId: channel.id, paperId: id, voterId: context.caller.id, vote });
  if (!outcome) return errorReply(ErrorCode.NotFound, `Paper ${id} is no longer in the store.`);
  const mark = vote > 0 ? '👍' : '👎';
  const effect = vote > 0 ? "This channel's digest will favour papers like it." : "This channel's digest will show fewer papers like it.";
  const what =
    outcome.previous === vote
      ? `You had already voted ${mark} on "${paper.title}".`
      : outcome.previous === null
        ? `${mark} noted for "${paper.title}". ${effect}`
        : `Changed your vote to ${mark} on "${paper.title}". ${effect}`;
  return { visibility: 'ephemeral', text: `${what}\nThe channel's net vote on it: ${outcome.net > 0 ? '+' : ''}${outcome.net}.` };
}

export async function handleForgetVotes(
  _command: Extract<Command, { name: 'forget-votes' }>,
  context: CommandContext,
  deps: CommandDeps,
): Promise<Reply> {
  const channel = await deps.subscriptions.find(context.channel);
  const forgotten = channel ? await deps.votes.forget(channel.id) : 0;
  if (forgotten === 0) return { visibility: 'ephemeral', text: 'This channel has no votes to forget.' };
  return {
    visibility: 'ephemeral',
    title: 'Votes forgotten',
    text: `Forgot ${forgotten} vote${forgotten === 1 ? '' : 's'}. The digest ranks by upvotes within the channel's topics again, until people vote anew.`,
  };
}

/** "4 liked, 9 disliked (21 votes from 3 people). Favours: video generation, ... Avoids: ..." */
export function lessonsLine(lessons: ChannelLessons): string {
  if (lessons.votes === 0) return 'Nothing yet: vote 👍/👎 on digest cards and the digest learns what this channel wants.';
  const head = `${lessons.liked} liked, ${lessons.disliked} disliked (${lessons.votes} vote${lessons.votes === 1 ? '' : 's'} from ${lessons.voters} ${lessons.voters === 1 ? 'person' : 'people'})`;
  const parts = [head];
  if (lessons.likedKeywords.length > 0) parts.push(`favours papers on ${lessons.likedKeywords.join(', ')}`);
  if (lessons.dislikedKeywords.length > 0) parts.push(`avoids papers on ${lessons.dislikedKeywords.join(', ')}`);
  return `${parts.join('; ')}.`;
}
