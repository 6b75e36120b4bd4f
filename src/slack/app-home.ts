import type { App } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { Core } from '../core/app.js';
import type { Logger } from '../core/ports.js';
import { isImId } from './direct-messages.js';
import { renderHome } from './render-home.js';

// The Home tab, rebuilt each time someone opens it: cheap (one query) and never stale.
// It shows the person only the subscribed channels they are in (and their own IM with the app):
// topics and pause reasons of a private channel are its members' business, and the Home tab is
// open to everyone.

// 20 pages of 999: more channels than anyone is in; a bound so one view never loops forever.
const MAX_PAGES = 20;

/** The channels (public and private) `user` is a member of, as far as the bot can see them. */
async function channelsOf(client: WebClient, user: string): Promise<Set<string>> {
  const ids = new Set<string>();
  let cursor: string | undefined;
  for (let page = 0; page < MAX_PAGES; page += 1) {
    const result = await client.users.conversations({
      user,
      types: 'public_channel,private_channel',
      exclude_archived: true,
      limit: 999,
      ...(cursor ? { cursor } : {}),
    });
    for (const channel of result.channels ?? []) if (channel.id) ids.add(channel.id);
    cursor = result.response_metadata?.next_cursor || undefined;
    if (!cursor) break;
  }
  return ids;
}

export function registerAppHome(app: App, deps: { core: Pick<Core, 'subscriptions' | 'nextDigestAt' | 'now'>; logger: Logger }): void {
  app.event('app_home_opened', async ({ event, body, context, client }) => {
    if (event.tab !== 'home') return;
    const teamId = context.teamId ?? body.team_id;
    if (!teamId) return;
    const now = deps.core.now();
    let mine: Set<string> | null;
    try {
      mine = await channelsOf(client, event.user);
    } catch (error) {
      // Without channels:read and groups:read (an install from before they were asked for) no
      // membership can be proven, so no channel is shown rather than every one.
      deps.logger.warn('users.conversations failed; the Home tab lists no channels', { team: teamId, error });
      mine = null;
    }
    // app_home_opened names the app's IM with the viewer: their own digest, if they keep one, is
    // shown first. Other people's IMs are theirs alone: never shown, nor counted as hidden channels.
    const own = isImId(event.channel) ? event.channel : undefined;
    const all = (await deps.core.subscriptions.listWorkspace('slack', teamId)).filter((c) => !isImId(c.channelId) || c.channelId === own);
    const visible = [...all.filter((c) => c.channelId === own), ...(mine === null ? [] : all.filter((c) => mine.has(c.channelId)))];
    const view = renderHome(
      visible.map((c) => ({ ...c, nextDigestAt: c.paused ? null : deps.core.nextDigestAt(c, now) })),
      mine === null ? 'unknown' : all.length > visible.length ? 'some-hidden' : 'all',
    );
    await client.views.publish({ user_id: event.user, view });
  });
}
