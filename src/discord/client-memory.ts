import { GatewayDispatchEvents, Options, type CacheFactory, type Client, type RESTOptions } from 'discord.js';

// What keeps the discord.js client's memory flat as the bot joins more servers. Paperboy posts over
// REST by id and reads ids from interactions: it needs no channel objects, emojis, stickers or
// members. Left alone, the Guilds intent makes discord.js build an object for every channel of every
// server (about 1.2 kB of heap each: 30 MB for 25,000 channels), and its REST client keeps a
// rate-limit handler per channel it ever posted to for an hour (another 0.8 kB each).

/** Caches limited to nothing where the manager allows it (the bot's own member and user are kept). */
export const makeLeanCache: CacheFactory = Options.cacheWithLimits({
  ...Options.DefaultMakeCacheSettings,
  GuildEmojiManager: 0,
  GuildStickerManager: 0,
  GuildScheduledEventManager: 0,
  StageInstanceManager: 0,
  PresenceManager: 0,
  VoiceStateManager: 0,
  ThreadMemberManager: 0,
  GuildBanManager: 0,
  GuildInviteManager: 0,
  AutoModerationRuleManager: 0,
  GuildMemberManager: { maxSize: 0, keepOverLimit: (member) => member.id === member.client.user.id },
  UserManager: { maxSize: 0, keepOverLimit: (user) => user.id === user.client.user.id },
});

/** Idle per-channel REST handlers are dropped after this long (discord.js: an hour). */
export const restMemoryOptions: Partial<RESTOptions> = { handlerSweepInterval: 15_000 };

/**
 * Leaves channels and threads out of the servers the gateway announces, so discord.js caches none
 * of them (its channel caches cannot be limited). Listeners on the client's WebSocketManager run
 * before discord.js handles the packet. Deletions then come from the raw dispatches (see
 * onChannelGone): discord.js emits channelDelete only for channels it has cached.
 */
export function dropChannelPayloads(client: Client): void {
  client.ws.on(GatewayDispatchEvents.GuildCreate, (data: { channels?: unknown[]; threads?: unknown[] }) => {
    data.channels = [];
    data.threads = [];
  });
}

/** Calls `gone` with each deleted channel or thread of a server, cached or not. */
export function onChannelGone(client: Client, gone: (guildId: string, channelId: string, where: string) => void): void {
  const handler = (where: string) => (data: { id?: string; guild_id?: string }) => {
    if (data.guild_id && data.id) gone(data.guild_id, data.id, where);
  };
  client.ws.on(GatewayDispatchEvents.ChannelDelete, handler('channelDelete'));
  client.ws.on(GatewayDispatchEvents.ThreadDelete, handler('threadDelete'));
}
