import { z } from 'zod';
import type { Core } from '../core/app.js';
import type { Command } from '../core/commands/command.js';
import { managingCommands } from '../core/commands/command.js';
import { parseCommandText } from '../core/commands/parse.js';
import type { Reply } from '../core/commands/reply.js';
import { ErrorCode } from '../core/errors.js';
import { isImId, type OwnIms } from './direct-messages.js';
import type { PermissionPolicy } from './permissions.js';

// Runs a /papers command (typed, or from a button) for a Slack caller: decides canManage with the
// workspace's policy (in a DM: whether it is the caller's own IM with the app), then asks the core.
// Shared by the slash command, the Messages tab and the button handlers.

export interface SlackCaller {
  teamId: string;
  channelId: string;
  userId: string;
  userName?: string | undefined;
  /** Known to be the app's own IM with the caller (a Messages tab event), so no look-up is needed. */
  ownIm?: boolean;
}

export interface CommandDeps {
  core: Pick<Core, 'commands'>;
  policy: PermissionPolicy;
  ims: OwnIms;
}

/** A trailing `--public` posts the answer for the whole channel instead of only the caller. */
export function splitPublicFlag(text: string): { text: string; public: boolean } {
  const match = /(?:^|\s)--public\s*$/i.exec(text);
  return match ? { text: text.slice(0, match.index).trim(), public: true } : { text: text.trim(), public: false };
}

export async function runSlackCommand(deps: CommandDeps, caller: SlackCaller, input: string | Command): Promise<Reply> {
  let command: Command;
  if (typeof input === 'string') {
    const parsed = parseCommandText(input);
    if (!parsed.ok) return parsed.reply;
    command = parsed.command;
  } else {
    command = input;
  }
  const managing = managingCommands.has(command.name);
  const inIm = isImId(caller.channelId);
  // Only a change needs the (possibly users.info-backed) check; reading commands never pay for it.
  // In a DM the person manages their own IM with the app, and nothing else.
  const canManage = !managing
    ? deps.policy.mode === 'members'
    : inIm
      ? caller.ownIm === true || (await deps.ims.isOwnIm(caller.teamId, caller.userId, caller.channelId))
      : await deps.policy.canManage(caller.teamId, caller.userId);
  const reply = await deps.core.commands.run(command, {
    channel: { platform: 'slack', workspaceId: caller.teamId, channelId: caller.channelId },
    caller: caller.userName === undefined ? { id: caller.userId } : { id: caller.userId, name: caller.userName },
    canManage,
  });
  if (managing && !canManage && reply.error?.code === ErrorCode.Forbidden) {
    return { ...reply, text: inIm ? deps.ims.refusal() : deps.policy.refusal() };
  }
  return reply;
}

/** The fields of a slash command payload Paperboy reads, validated before the core sees them. */
export const slashCommandSchema = z.object({
  text: z.string().default(''),
  team_id: z.string().min(1),
  channel_id: z.string().min(1),
  user_id: z.string().min(1),
  user_name: z.string().optional(),
});
