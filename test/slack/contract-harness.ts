import type { ChannelRef } from '../../src/core/channel.js';
import type { CommandInput } from '../../src/core/commands/command.js';
import type { ChatHarness, ContractReply } from '../contract/chat-contract.js';
import { actionIds } from '../../src/slack/action-ids.js';
import { blockActions, slashCommand } from '../fakes/slack/payloads.js';
import { FIXTURE_MORNING } from '../support/clock.js';
import type { Backend } from '../support/databases.js';
import { startHarness, unpaced } from './harness.js';

// The shared chat contract, driven through Slack: commands go over Socket Mode as typed text, the
// answer is what reached response_url, and digests are what reached chat.postMessage.
// Slack has no per-channel "manage" permission, so the contract's manager/non-manager split runs
// under SLACK_MANAGERS=admins: a manager is a workspace admin, a non-manager a plain member.

export async function startSlackContractHarness(backend: Backend): Promise<ChatHarness> {
  // The contract is not about rate limits (digest.test.ts is): neither the fake nor the adapter
  // keeps a 1 s gap per channel here.
  const h = await startHarness({ backend, mode: 'socket', env: { SLACK_MANAGERS: 'admins' }, postIntervalMs: 0, pacing: unpaced });
  const channel: ChannelRef = { platform: 'slack', workspaceId: 'T1', channelId: 'C1' };
  let counter = 0;
  return {
    core: h.core,
    database: h.database,
    channel,
    async send(command, as) {
      counter += 1;
      const id = `contract-${counter}`;
      const text = commandText(command);
      await h.fake.socket.send('slash_commands', slashCommand({ text, teamId: 'T1', channelId: channel.channelId, userId: as.manager ? 'UADMIN' : 'UMEMBER', responseUrl: h.fake.responseUrl(id) }));
      const [answer] = await h.fake.waitForResponses(id);
      const body = answer?.body ?? {};
      return { text: [String(body.text ?? ''), ...visibleText(body.blocks)].join('\n'), ephemeral: body.response_type !== 'in_channel' } satisfies ContractReply;
    },
    async pressVote(paperId, vote, voter) {
      const actionId = vote === 'up' ? actionIds.voteUp : actionIds.voteDown;
      const onCard = h.fake.recording.posts
        .filter((p) => p.channel === channel.channelId)
        .some((p) => JSON.stringify(p.blocks ?? []).includes(JSON.stringify({ type: 'button', text: { type: 'plain_text', text: vote === 'up' ? '👍' : '👎' }, action_id: actionId, value: paperId })));
      if (!onCard) throw new Error(`no posted card carries ${actionId} for ${paperId}`);
      counter += 1;
      const id = `vote-${counter}`;
      await h.fake.socket.send('interactive', blockActions({ teamId: 'T1', channelId: channel.channelId, userId: voter, responseUrl: h.fake.responseUrl(id), actionId, value: paperId }));
      const [answer] = await h.fake.waitForResponses(id);
      const body = answer?.body ?? {};
      return { text: [String(body.text ?? ''), ...visibleText(body.blocks)].join('\n'), ephemeral: body.response_type !== 'in_channel' } satisfies ContractReply;
    },
    async tick(now) {
      await h.scheduler.tick(now);
    },
    posted(ref) {
      return h.fake.recording.posts.filter((p) => p.channel === ref.channelId).map((p) => [p.text ?? '', ...visibleText(p.blocks)].join('\n'));
    },
    reset() {
      h.fake.reset();
      h.clock.set(FIXTURE_MORNING);
    },
    close: () => h.close(),
  };
}

/** The text a Slack user would type for a structured command. */
export function commandText(command: CommandInput): string {
  switch (command.name) {
    case 'search':
      return `search ${command.query}${command.page && command.page > 1 ? ` page:${command.page}` : ''}`;
    case 'similar':
      return `similar ${command.id}`;
    case 'subscribe':
    case 'unsubscribe':
      return `${command.name} ${command.topic}`;
    case 'digest':
      return command.date ? `digest ${command.date}` : 'digest';
    case 'schedule':
      return command.rhythm === 'weekly' || command.rhythm === 'monthly'
        ? ['schedule', command.rhythm, command.day, command.time, command.timezone].filter(Boolean).join(' ')
        : ['schedule', command.rhythm, command.time, command.timezone, command.weekdays].filter(Boolean).join(' ');
    case 'top':
      return command.period ? `top ${command.period}` : 'top';
    case 'set':
      return `set ${command.setting} ${command.value}`;
    case 'paper':
      return `paper ${command.id}`;
    case 'help':
      return command.command ? `help ${command.command}` : 'help';
    case 'vote':
      return `vote ${command.vote} ${command.id}`;
    default:
      return command.name;
  }
}

/** Every text a block shows, in order (mrkdwn and plain_text alike). */
export function visibleText(blocks: unknown): string[] {
  const out: string[] = [];
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(visit);
    else if (value && typeof value === 'object') {
      for (const [key, inner] of Object.entries(value)) {
        if (key === 'text' && typeof inner === 'string') out.push(inner);
        else visit(inner);
      }
    }
  };
  visit(blocks);
  return out;
}
