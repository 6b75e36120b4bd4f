import { ChannelType, InteractionContextType, type BaseInteraction } from 'discord.js';
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
  if (isBotDm(interaction)) return { platform: 'discord', workspaceId: dmWorkspaceId, channelId: interaction.channelId };
  return null;
}

/**
 * The BotDM context says so. Payloads from before Discord sent `context` (2024) name none: there a
 * DM channel (type 1) outside any server whose recipient is the caller is the bot's DM with them.
 * discord.js keeps no raw channel on the interaction; it caches the payload's channel, a DM one
 * only with Partials.Channel (index.ts), and adds the caller to the recipients Discord named, so
 * `recipientId` (the first recipient that is not the bot) is the one Discord named.
 */
function isBotDm(interaction: BaseInteraction): boolean {
  if (interaction.context !== null) return interaction.context === InteractionContextType.BotDM;
  const channel = interaction.channel;
  return interaction.guildId === null && channel?.type === ChannelType.DM && channel.recipientId === interaction.user.id;
}

export function isDirectMessage(channel: ChannelRef): boolean {
  return channel.platform === 'discord' && channel.workspaceId === dmWorkspaceId;
}
