import { randomBytes } from 'node:crypto';

// Real-shaped Discord v10 payloads, as the gateway and REST API send them. Only fields discord.js
// reads are filled in, but every one of those has the type Discord gives it.

const discordEpoch = 1420070400000n;
let increment = 0n;

/** A snowflake for "now": discord.js derives createdTimestamp from it. */
export function snowflake(at: number = Date.now()): string {
  increment = (increment + 1n) & 0xfffn;
  return ((BigInt(at) - discordEpoch) << 22n | (1n << 17n) | increment).toString();
}

/** A guild id that shard `shard` of `count` owns (`(id >> 22) % count === shard`). */
export function guildIdOnShard(shard: number, count: number): string {
  const at = Date.now() - 60_000;
  const offset = (((shard - ((at - Number(discordEpoch)) % count)) % count) + count) % count;
  return snowflake(at + offset);
}

export function interactionToken(): string {
  return `aW50ZXJhY3Rpb246${randomBytes(24).toString('base64url')}`;
}

export interface FakeUser {
  id: string;
  username: string;
}

export interface FakeChannel {
  id: string;
  name: string;
  /** 0 text, 5 announcement, 11 public thread. */
  type?: number;
}

export interface FakeGuild {
  id: string;
  name: string;
  channels: FakeChannel[];
}

export function userPayload(user: FakeUser, bot = false) {
  return {
    id: user.id,
    username: user.username,
    discriminator: '0',
    global_name: bot ? null : user.username,
    avatar: null,
    bot,
    system: false,
    public_flags: 0,
    flags: 0,
  };
}

export function channelPayload(guildId: string, channel: FakeChannel, position = 0) {
  return {
    id: channel.id,
    type: channel.type ?? 0,
    guild_id: guildId,
    name: channel.name,
    position,
    permission_overwrites: [],
    nsfw: false,
    topic: null,
    last_message_id: null,
    parent_id: null,
    rate_limit_per_user: 0,
    flags: 0,
  };
}

/** The DM channel (type 1) between the bot and `recipient`, as interactions carry it. */
export function dmChannelPayload(id: string, recipient: FakeUser) {
  return { id, type: 1, last_message_id: null, flags: 0, recipients: [userPayload(recipient)] };
}

export function guildCreatePayload(guild: FakeGuild, ownerId: string) {
  return {
    id: guild.id,
    name: guild.name,
    icon: null,
    splash: null,
    discovery_splash: null,
    owner_id: ownerId,
    afk_channel_id: null,
    afk_timeout: 300,
    verification_level: 0,
    default_message_notifications: 0,
    explicit_content_filter: 0,
    mfa_level: 0,
    system_channel_id: null,
    system_channel_flags: 0,
    rules_channel_id: null,
    public_updates_channel_id: null,
    vanity_url_code: null,
    description: null,
    banner: null,
    premium_tier: 0,
    preferred_locale: 'en-US',
    nsfw_level: 0,
    premium_progress_bar_enabled: false,
    features: [],
    roles: [
      {
        id: guild.id,
        name: '@everyone',
        color: 0,
        hoist: false,
        icon: null,
        unicode_emoji: null,
        position: 0,
        permissions: '104324673',
        managed: false,
        mentionable: false,
        flags: 0,
      },
    ],
    emojis: [],
    stickers: [],
    joined_at: new Date().toISOString(),
    large: false,
    unavailable: false,
    member_count: 2,
    voice_states: [],
    members: [],
    channels: guild.channels.map((c, i) => channelPayload(guild.id, c, i)),
    threads: [],
    presences: [],
    stage_instances: [],
    guild_scheduled_events: [],
    soundboard_sounds: [],
  };
}

export function readyPayload(bot: FakeUser, applicationId: string, guilds: FakeGuild[], resumeUrl: string, shard: [number, number] = [0, 1]) {
  return {
    v: 10,
    user: { ...userPayload(bot, true), verified: true, mfa_enabled: false },
    guilds: guilds.map((g) => ({ id: g.id, unavailable: true })),
    session_id: randomBytes(16).toString('hex'),
    resume_gateway_url: resumeUrl,
    shard,
    application: { id: applicationId, flags: 0 },
    private_channels: [],
    presences: [],
    relationships: [],
    guild_join_requests: [],
    geo_ordered_rtc_regions: [],
    user_settings: {},
  };
}

/** A message as REST returns it after a create or edit. */
export function messagePayload(input: {
  id: string;
  channelId: string;
  author: FakeUser;
  body: Record<string, unknown>;
  applicationId?: string;
  webhookId?: string;
}) {
  const body = input.body;
  return {
    id: input.id,
    channel_id: input.channelId,
    type: 0,
    content: typeof body.content === 'string' ? body.content : '',
    embeds: Array.isArray(body.embeds) ? body.embeds : [],
    components: Array.isArray(body.components) ? body.components : [],
    attachments: [],
    author: userPayload(input.author, true),
    timestamp: new Date().toISOString(),
    edited_timestamp: null,
    tts: false,
    mention_everyone: false,
    mentions: [],
    mention_roles: [],
    pinned: false,
    flags: typeof body.flags === 'number' ? body.flags : 0,
    ...(input.applicationId ? { application_id: input.applicationId } : {}),
    ...(input.webhookId ? { webhook_id: input.webhookId } : {}),
  };
}

/** A public thread opened on a message (POST /channels/{id}/messages/{id}/threads). */
export function threadPayload(guildId: string, parentId: string, id: string, name: string, ownerId: string) {
  return {
    id,
    type: 11,
    guild_id: guildId,
    parent_id: parentId,
    name,
    owner_id: ownerId,
    last_message_id: null,
    rate_limit_per_user: 0,
    message_count: 0,
    member_count: 1,
    flags: 0,
    thread_metadata: { archived: false, auto_archive_duration: 1440, archive_timestamp: new Date().toISOString(), locked: false },
    total_message_sent: 0,
  };
}
