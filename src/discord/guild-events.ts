import { Events, type Client } from 'discord.js';
import { onChannelGone } from './client-memory.js';
import type { Logger, SubscriptionStore } from '../core/ports.js';

// Keeps the subscription store in step with the servers the bot is in. discord.js emits guildDelete
// only for a real removal (an outage is guildUnavailable), so pausing here never reacts to downtime.

export interface GuildEventDeps {
  subscriptions: Pick<SubscriptionStore, 'pauseWorkspace' | 'remove'>;
  logger: Logger;
}

export function watchGuildEvents(client: Client, deps: GuildEventDeps, onError: (error: unknown, where: string) => void): void {
  client.on(Events.GuildDelete, (guild) => {
    deps.subscriptions
      .pauseWorkspace('discord', guild.id, 'The bot was removed from this server. Invite it again, then /papers resume.')
      .then((count) => deps.logger.info('discord: removed from a server; its channels are paused', { guild: guild.id, channels: count }))
      .catch((error: unknown) => onError(error, 'guildDelete'));
  });
  const forget = (guildId: string, channelId: string, where: string) => {
    deps.subscriptions
      .remove({ platform: 'discord', workspaceId: guildId, channelId })
      .then((removed) => {
        if (removed) deps.logger.info('discord: channel deleted; its subscription is removed', { channel: channelId });
      })
      .catch((error: unknown) => onError(error, where));
  };
  // From the raw dispatches: channels are not cached (client-memory.ts), and a thread can be
  // subscribed like a channel (commands typed in it address it).
  onChannelGone(client, forget);
}
