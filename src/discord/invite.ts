import { OAuth2Scopes, PermissionFlagsBits } from 'discord.js';

// The permissions the bot asks for at invite time: exactly what posting digests needs. Slash
// commands and their replies need none of these (interactions answer through the webhook).

export const requiredPermissions = {
  /** See the channel a digest goes to. */
  ViewChannel: PermissionFlagsBits.ViewChannel,
  /** Post the digest header and cards. */
  SendMessages: PermissionFlagsBits.SendMessages,
  /** Cards are embeds; without this Discord strips them. */
  EmbedLinks: PermissionFlagsBits.EmbedLinks,
  /** Post cards inside the digest's thread (the thread setting). */
  SendMessagesInThreads: PermissionFlagsBits.SendMessagesInThreads,
  /** Open a thread on the digest header (the thread setting). */
  CreatePublicThreads: PermissionFlagsBits.CreatePublicThreads,
  /** Find a digest part an interrupted attempt posted without recording it, instead of posting it twice. */
  ReadMessageHistory: PermissionFlagsBits.ReadMessageHistory,
} as const;

export const permissionBits: bigint = Object.values(requiredPermissions).reduce((all, bit) => all | bit, 0n);

/** The OAuth2 URL that adds the bot to a server with the scopes and permissions it needs. */
export function inviteUrl(applicationId: string, guildId?: string): string {
  const url = new URL('https://discord.com/oauth2/authorize');
  url.searchParams.set('client_id', applicationId);
  url.searchParams.set('scope', [OAuth2Scopes.Bot, OAuth2Scopes.ApplicationsCommands].join(' '));
  url.searchParams.set('permissions', permissionBits.toString());
  if (guildId) url.searchParams.set('guild_id', guildId);
  return url.toString();
}
