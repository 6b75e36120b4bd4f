import type { App } from '@slack/bolt';
import { z } from 'zod';
import { parseCommandText } from '../core/commands/parse.js';
import type { Logger } from '../core/ports.js';
import { actionIds } from './action-ids.js';
import { renderReply } from './render-reply.js';
import { runSlackCommand, type CommandDeps, type SlackCaller } from './run-command.js';

// Button handlers. Link buttons only need an ack (Slack sends block_actions for them too and shows
// a warning when nobody answers); the others run a command and answer the clicker privately.

const clickSchema = z.object({
  team: z.object({ id: z.string().min(1) }).nullable().optional(),
  user: z.object({ id: z.string().min(1), team_id: z.string().optional(), username: z.string().optional() }),
  channel: z.object({ id: z.string().min(1) }).optional(),
  actions: z.array(z.object({ action_id: z.string(), value: z.string().optional() })).min(1),
});

const nextPageSchema = z.object({ query: z.string().min(1).max(1000), page: z.number().int().min(1).max(100) });

export function registerActions(app: App, deps: CommandDeps & { logger: Logger }): void {
  app.action(new RegExp(`^${actionIds.linkPrefix}`), async ({ ack }) => {
    await ack();
  });

  app.action(actionIds.similar, async ({ ack, body, respond }) => {
    await ack();
    const click = read(body);
    if (!click) return;
    const reply = await runSlackCommand(deps, click.caller, { name: 'similar', id: click.value, page: 1 });
    await respond({ ...renderReply(reply), replace_original: false });
  });

  app.action(actionIds.subscribeTopic, async ({ ack, body, respond }) => {
    await ack();
    const click = read(body);
    if (!click) return;
    const reply = await runSlackCommand(deps, click.caller, { name: 'subscribe', topic: click.value });
    await respond({ ...renderReply(reply), replace_original: false });
  });

  // Anyone in the channel may vote; pressing the other button changes the vote. The answer is private.
  for (const [actionId, vote] of [[actionIds.voteUp, 'up'], [actionIds.voteDown, 'down']] as const) {
    app.action(actionId, async ({ ack, body, respond }) => {
      await ack();
      const click = read(body);
      if (!click) return;
      const reply = await runSlackCommand(deps, click.caller, { name: 'vote', vote, id: click.value });
      await respond({ ...renderReply(reply), replace_original: false });
    });
  }

  app.action(actionIds.nextPage, async ({ ack, body, respond }) => {
    await ack();
    const click = read(body);
    if (!click) return;
    const value = nextPageSchema.safeParse(safeJson(click.value));
    if (!value.success) return;
    const parsed = parseCommandText(value.data.query);
    // Only paged commands (search, similar) carry a page; anything else in the value is ignored.
    if (!parsed.ok || !('page' in parsed.command)) return;
    const reply = await runSlackCommand(deps, click.caller, { ...parsed.command, page: value.data.page });
    await respond({ ...renderReply(reply), replace_original: false });
  });

  function read(body: unknown): { caller: SlackCaller; value: string } | null {
    const parsed = clickSchema.safeParse(body);
    const action = parsed.success ? parsed.data.actions[0] : undefined;
    const teamId = parsed.success ? (parsed.data.team?.id ?? parsed.data.user.team_id) : undefined;
    if (!parsed.success || !action?.value || !parsed.data.channel || !teamId) {
      deps.logger.warn('button payload rejected', { action: action?.action_id });
      return null;
    }
    return {
      caller: { teamId, channelId: parsed.data.channel.id, userId: parsed.data.user.id, userName: parsed.data.user.username },
      value: action.value,
    };
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
