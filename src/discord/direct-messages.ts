import { InteractionContextType, type BaseInteraction } from 'discord.js';
import type { ChannelRef } from '../core/channel.js';

// A person's DM with the bot is a channel of their own: /papers works there as in a server
// channel, on the DM channel's id. A DM belongs to no guild; Discord's own links name that place
// "@me" (discord.com/channels/@me/<channel id>), so that is the DM's workspace.

export const dmWorkspaceId = '@me';

/**
 * Where an interaction happened: a server channel, or the caller's DM with the bot (the BotDM
 * context, which /papers is registered for). null elsewhere: a group DM or another person's DM,
 * where the bot can post nothing.
 */
export function interactionChannel(interaction: BaseInteraction): ChannelRef | null {
  if (!interaction.channelId) return null;
  if (interaction.inGuild()) return { platform: 'discord', workspaceId: interaction.guildId, channelId: interaction.channelId };
  if (interaction.context === InteractionContextType.BotDM) return { platform: 'discord', workspaceId: dmWorkspaceId, channelId: interaction.channelId };
  return null;
}

export function isDirectMessage(channel: ChannelRef): boolean {
  return channel.platform === 'discord' && channel.workspaceId === dmWorkspaceId;
}
