import type { App } from '@slack/bolt';
import type { Core } from '../core/app.js';
import type { Logger } from '../core/ports.js';
import { renderHome } from './render-home.js';

// The Home tab, rebuilt each time someone opens it: cheap (one query) and never stale.

export function registerAppHome(app: App, deps: { core: Pick<Core, 'subscriptions' | 'nextDigestAt' | 'now'>; logger: Logger }): void {
  app.event('app_home_opened', async ({ event, body, context, client }) => {
    if (event.tab !== 'home') return;
    const teamId = context.teamId ?? body.team_id;
    if (!teamId) return;
    const now = deps.core.now();
    const channels = await deps.core.subscriptions.listWorkspace('slack', teamId);
    const view = renderHome(channels.map((c) => ({ ...c, nextDigestAt: c.paused ? null : deps.core.nextDigestAt(c, now) })));
    await client.views.publish({ user_id: event.user, view });
  });
}
