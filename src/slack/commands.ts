import type { App } from '@slack/bolt';
import type { Logger } from '../core/ports.js';
import { errorReply } from '../core/commands/reply.js';
import { ErrorCode } from '../core/errors.js';
import { renderReply } from './render-reply.js';
import { runSlackCommand, slashCommandSchema, splitPublicFlag, type CommandDeps } from './run-command.js';

// /papers: acknowledge at once (Slack allows 3 seconds), then answer through response_url, which
// stays usable for 30 minutes, so a slow search never times the command out.

export function registerSlashCommand(app: App, deps: CommandDeps & { logger: Logger }): void {
  app.command('/papers', async ({ command, ack, respond }) => {
    await ack();
    const input = slashCommandSchema.safeParse(command);
    if (!input.success) {
      deps.logger.warn('slash command payload rejected', { issue: input.error.issues[0]?.message });
      await respond(renderReply(errorReply(ErrorCode.Internal, 'Slack sent a command I could not read. Please try again.')));
      return;
    }
    const { text, public: forcePublic } = splitPublicFlag(input.data.text);
    const reply = await runSlackCommand(deps, {
      teamId: input.data.team_id,
      channelId: input.data.channel_id,
      userId: input.data.user_id,
      userName: input.data.user_name,
    }, text);
    // An error stays with the caller even when --public was asked for.
    await respond(renderReply(reply, { forcePublic: forcePublic && !reply.error }));
  });
}
