import type { App } from '@slack/bolt';
import { z } from 'zod';
import type { Logger } from '../core/ports.js';
import { renderReply } from './render-reply.js';
import { runSlackCommand, splitPublicFlag, type CommandDeps } from './run-command.js';

// The app's Messages tab: a person may type the same commands there without the slash
// ("search diffusion", "subscribe quantization"), and the answer comes back as a message in that
// IM, which only they see. /papers typed there arrives as a slash command instead (commands.ts).
// Slack sends message.im only for the app's own IMs, so the person manages this one. Bolt already
// drops the app's own messages (ignoreSelf); other bots, edits, joins and thread replies (say, a
// comment under a digest) are left alone.

const imMessageSchema = z.object({
  channel_type: z.literal('im'),
  channel: z.string().min(1),
  user: z.string().min(1),
  text: z.string(),
  subtype: z.undefined().optional(),
  bot_id: z.undefined().optional(),
  thread_ts: z.undefined().optional(),
});

export function registerMessagesTab(app: App, deps: CommandDeps & { logger: Logger }): void {
  app.message(async ({ message, body, context, say }) => {
    const parsed = imMessageSchema.safeParse(message);
    const teamId = context.teamId ?? (body as { team_id?: string }).team_id;
    if (!parsed.success || !teamId) return;
    // The parser takes "search x" and "/papers search x" alike. --public means nothing here: the IM
    // is the person's own.
    const { text } = splitPublicFlag(parsed.data.text);
    const reply = await runSlackCommand(deps, { teamId, channelId: parsed.data.channel, userId: parsed.data.user, ownIm: true }, text);
    const { text: fallback, blocks } = renderReply(reply);
    await say({ text: fallback, blocks, unfurl_links: false, unfurl_media: false });
  });
}
