import { once } from 'node:events';
import { Client, Events, GatewayIntentBits, Partials, Routes, Status, type Interaction } from 'discord.js';
import type { CommandRunner } from '../core/commands/context.js';
import type { Config } from '../core/config.js';
import type { Digest } from '../core/digest/digest.js';
import type { ChatPlatform, DeliveryOutcome, DeliveryTarget, Logger, Metrics, SubscriptionStore } from '../core/ports.js';
import { papersCommand } from './command-definition.js';
import { dropChannelPayloads, makeLeanCache, restMemoryOptions } from './client-memory.js';
import { deliverDigest } from './delivery.js';
import { watchGuildEvents } from './guild-events.js';
import { createInteractionHandler } from './interaction-handler.js';
import { inviteUrl } from './invite.js';
import { clientShardOptions, ownsShardZero, type ShardPlan } from './shards.js';

export { shardPlan, type ShardPlan } from './shards.js';

// Start-up wiring for Discord: the only place that builds a discord.js Client.

/** What the adapter needs from the core (the Core from createCore satisfies it). */
export interface DiscordCore {
  commands: CommandRunner;
  subscriptions: SubscriptionStore;
  /** 429s seen go here (for /metrics). */
  metrics?: Metrics;
}

export interface StartDiscordOptions {
  config: Pick<Config, 'DISCORD_TOKEN' | 'DISCORD_API_URL' | 'DISCORD_GUILD_ID'> & Partial<Pick<Config, 'DISCORD_REQUESTS_PER_SECOND'>>;
  core: DiscordCore;
  logger: Logger;
  /** Wait this long for a command before deferring the reply (default 1000 ms). */
  deferAfterMs?: number;
  /** Give up on the gateway handshake after this long (default 60 s). */
  readyTimeoutMs?: number;
  /**
   * Gateway shards this process owns (see shardPlan). Every session of a shard receives all of its
   * interactions, so with several processes each shard must be owned by exactly one (default: the one
   * shard of a single process). One Client runs all of them; the caller's scheduler stays one per process.
   */
  shards?: ShardPlan;
  /**
   * false: no gateway session, REST only. Such an instance answers no commands but still delivers
   * digests, which need only REST (for running more instances than shards).
   */
  gateway?: boolean;
}

export interface DiscordAdapter extends ChatPlatform {
  readonly platform: 'discord';
  /** The URL that adds the bot to a server with exactly the permissions it needs. */
  readonly inviteUrl: string;
  /** Every gateway shard is ready (always true for a REST-only instance). */
  connected(): boolean;
  stop(): Promise<void>;
}

export async function startDiscord(options: StartDiscordOptions): Promise<DiscordAdapter> {
  const { config, core, logger } = options;
  const token = config.DISCORD_TOKEN;
  if (!token) throw new Error('DISCORD_TOKEN is not set: copy the bot token from the Bot page of your Discord application');

  const client = new Client({
    // Interactions arrive without any intent; Guilds gives the guild and channel events and caches.
    intents: [GatewayIntentBits.Guilds],
    // A DM channel reaches discord.js only inside an interaction; without this partial it is dropped,
    // and a DM interaction that names no context could not be recognised (direct-messages.ts).
    partials: [Partials.Channel],
    makeCache: makeLeanCache,
    rest: {
      api: config.DISCORD_API_URL,
      ...restMemoryOptions,
      ...(config.DISCORD_REQUESTS_PER_SECOND !== undefined ? { globalRequestsPerSecond: config.DISCORD_REQUESTS_PER_SECOND } : {}),
    },
    allowedMentions: { parse: [] },
    ...clientShardOptions(options.shards),
  });

  // The adapter's one error handler: everything that goes wrong in the background ends up here,
  // is logged without secrets, and never takes the process down.
  const onError = (error: unknown, where: string) => logger.error('discord: unexpected error', { where, error });
  dropChannelPayloads(client);
  client.on(Events.Error, (error) => onError(error, 'client'));
  client.on(Events.ShardError, (error, shardId) => onError(error, `shard ${shardId}`));
  client.on(Events.Warn, (message) => logger.warn('discord: warning', { message }));
  // 'rateLimited' is a wait the REST queue planned; 'response' shows the 429s Discord actually sent.
  client.rest.on('response', (_request, response) => {
    if (response.status === 429) core.metrics?.rateLimited('discord');
  });
  client.rest.on('rateLimited', (info) =>
    logger.debug('discord: rate limited, waiting', { route: info.route, retryAfterMs: info.retryAfter, global: info.global }),
  );

  const handleInteraction = createInteractionHandler({
    commands: core.commands,
    subscriptions: core.subscriptions,
    logger,
    // Half a second leaves the rest of Discord's 3 s for a busy event loop (200 commands at once).
    deferAfterMs: options.deferAfterMs ?? 500,
  });
  client.on(Events.InteractionCreate, (interaction: Interaction) => {
    void handleInteraction(interaction);
  });
  watchGuildEvents(client, { subscriptions: core.subscriptions, logger }, onError);

  let applicationId: string;
  try {
    applicationId = options.gateway === false ? await restOnly(client, token) : await connect(client, token, options.readyTimeoutMs ?? 60_000);
  } catch (error) {
    await client.destroy();
    throw new Error(`Could not connect to Discord: ${error instanceof Error ? error.message : String(error)}`);
  }
  // Registration belongs to whoever owns shard 0, so several processes do not overwrite in a race.
  if (options.gateway !== false && ownsShardZero(options.shards)) await registerCommands(client, applicationId, config.DISCORD_GUILD_ID, logger);
  const invite = inviteUrl(applicationId, config.DISCORD_GUILD_ID);
  logger.info('discord: ready', {
    user: client.user?.tag,
    gateway: options.gateway === false ? 'off (digests only)' : 'on',
    ...(options.gateway !== false && options.shards !== undefined ? { shards: `${[...client.ws.shards.keys()].join(',')} of ${client.options.shardCount}` } : {}),
    guilds: client.guilds.cache.size,
    invite,
  });

  return {
    platform: 'discord',
    inviteUrl: invite,
    deliverDigest: (target: DeliveryTarget, digest: Digest): Promise<DeliveryOutcome> =>
      deliverDigest(target, digest, { rest: client.rest, logger }),
    connected: () => options.gateway === false || (client.ws.shards.size > 0 && client.ws.shards.every((shard) => shard.status === Status.Ready)),
    stop: async () => {
      client.removeAllListeners();
      await client.destroy();
    },
  };
}

/** Logs in over the gateway and waits for READY; returns the application id READY names. */
async function connect(client: Client, token: string, timeoutMs: number): Promise<string> {
  const ready = once(client, Events.ClientReady, { signal: AbortSignal.timeout(timeoutMs) });
  await client.login(token);
  await ready;
  const id = client.application?.id ?? client.user?.id;
  if (!id) throw new Error('Discord did not say which application this token belongs to');
  return id;
}

/** REST only: sets the token and asks Discord which application it belongs to (also checks it). */
async function restOnly(client: Client, token: string): Promise<string> {
  client.rest.setToken(token);
  const application = (await client.rest.get(Routes.currentApplication())) as { id?: unknown };
  if (typeof application.id !== 'string') throw new Error('Discord did not say which application this token belongs to');
  return application.id;
}

/**
 * Replaces the bot's commands with /papers in one request (bulk overwrite), so renamed or removed
 * subcommands disappear too. Guild commands update at once, which is what DISCORD_GUILD_ID is for.
 * A failure is logged, not fatal: digests still need only REST.
 */
async function registerCommands(client: Client, applicationId: string, guildId: string | undefined, logger: Logger): Promise<void> {
  const route = guildId ? Routes.applicationGuildCommands(applicationId, guildId) : Routes.applicationCommands(applicationId);
  try {
    await client.rest.put(route, { body: [papersCommand()] });
    logger.info('discord: /papers registered', { scope: guildId ? `guild ${guildId}` : 'global' });
  } catch (error) {
    logger.error('discord: could not register /papers', {
      scope: guildId ? `guild ${guildId}` : 'global',
      error,
      hint: guildId ? 'is the bot in that server? Invite it with the URL below first' : undefined,
    });
  }
}
