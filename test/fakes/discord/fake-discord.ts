import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Fault, FakeState, InteractionLog, NonceReplay, PostedMessage, RegisteredCommands, RecordedRequest } from './fake-state.js';
import { FakeGateway, shardOfGuild, type IdentifyRecord, type ShardTuple } from './gateway.js';
import {
  autocompleteInteraction,
  buttonInteraction,
  chatInputInteraction,
  manageChannels,
  memberPermissions,
  type BuiltInteraction,
  type InteractionBase,
  type OptionValue,
} from './interactions.js';
import { guildCreatePayload, messagePayload, readyPayload, snowflake, type FakeChannel, type FakeGuild, type FakeUser } from './payloads.js';
import { createRestHandler } from './rest-api.js';

// A local Discord: REST v10 under /api/v10 and the gateway on the same port. The real discord.js
// Client runs against it given `rest.api = fake.url`; it finds the gateway through GET /gateway/bot.

export interface FakeDiscordOptions {
  /** Guilds the bot is in (default: one guild with #papers and #general). */
  guilds?: FakeGuild[];
  /** The bot token REST calls must carry (default: any). */
  token?: string;
  /** Shards GET /gateway/bot recommends (default 1), which `shards: 'auto'` uses. */
  shardCount?: number;
  /** session_start_limit.max_concurrency: shards that may identify at once (default 1). */
  maxConcurrency?: number;
  /** Latency of each message create, in ms (default 0). */
  messageDelayMs?: number;
  /** How long an enforced nonce is remembered (default 5 minutes). */
  nonceWindowMs?: number;
  /** Enforces rate limits: headers for every answer, or a 429 instead (default: none enforced). */
  rateLimiter?: FakeState['rateLimiter'];
}

export interface Actor {
  /** Give the member Manage Channels in the channel. */
  manager?: boolean;
  /** The interaction comes from the user's DM with the bot (opened on first use), not a server. */
  dm?: boolean;
  user?: FakeUser;
  channelId?: string;
  guildId?: string;
}

/** Who sends commands unless a test says otherwise. */
const defaultUser: FakeUser = { id: '200000000000000002', username: 'reader' };

export class FakeDiscord {
  readonly state: FakeState;
  readonly gateway: FakeGateway;
  private waiters = new Set<() => void>();

  private constructor(
    private readonly server: Server,
    state: FakeState,
    readonly url: string,
  ) {
    this.state = state;
    const owned = (shard: ShardTuple) => state.guilds.filter((g) => shardOfGuild(g.id, shard[1]) === shard[0]);
    this.gateway = new FakeGateway({
      ready: (shard) => readyPayload(state.bot, state.applicationId, owned(shard), state.gatewayUrl, shard),
      guilds: (shard) => owned(shard).map((g) => guildCreatePayload(g, '100000000000000001')),
      identify: (record) => state.token === undefined || record.token === state.token,
    });
    server.on('upgrade', (request, socket, head) => this.gateway.upgrade(request, socket, head));
  }

  static async start(options: FakeDiscordOptions = {}): Promise<FakeDiscord> {
    const applicationId = snowflake();
    const guildId = snowflake();
    const state: FakeState = {
      applicationId,
      gatewayUrl: '',
      bot: { id: applicationId, username: 'Paperboy' },
      guilds: options.guilds ?? [{ id: guildId, name: 'Paper Club', channels: [{ id: snowflake(), name: 'papers' }, { id: snowflake(), name: 'general' }] }],
      threads: new Map(),
      dms: new Map(),
      blockedBy: new Set(),
      requests: [],
      messages: [],
      nonces: new Map(),
      nonceWindowMs: options.nonceWindowMs ?? 5 * 60_000,
      replays: [],
      shardCount: options.shardCount ?? 1,
      maxConcurrency: options.maxConcurrency ?? 1,
      messageDelayMs: options.messageDelayMs ?? 0,
      registrations: [],
      interactions: new Map(),
      faults: [],
      token: options.token,
      interactionDeadlineMs: 3000,
      changed: () => undefined,
      rateLimiter: options.rateLimiter,
    };
    const handler = createRestHandler(state);
    const server = createServer((req, res) => {
      handler(req, res).catch(() => res.writeHead(500).end());
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    state.gatewayUrl = `ws://127.0.0.1:${port}`;
    const fake = new FakeDiscord(server, state, `http://127.0.0.1:${port}/api`);
    state.changed = () => fake.notify();
    return fake;
  }

  // ---- what reached the fake --------------------------------------------------------------------

  get applicationId(): string {
    return this.state.applicationId;
  }
  get guild(): FakeGuild {
    const guild = this.state.guilds[0];
    if (!guild) throw new Error('the fake has no guild');
    return guild;
  }
  /** The first channel of the first guild: where commands happen unless a test says otherwise. */
  get channel(): FakeChannel {
    const channel = this.guild.channels[0];
    if (!channel) throw new Error('the fake guild has no channel');
    return channel;
  }
  get requests(): RecordedRequest[] {
    return this.state.requests;
  }
  get registrations(): RegisteredCommands[] {
    return this.state.registrations;
  }
  get identifies(): IdentifyRecord[] {
    return this.gateway.identifies;
  }
  /** Messages created in a channel (or thread), oldest first; a replayed nonce created none. */
  messages(channelId?: string): PostedMessage[] {
    return this.state.messages.filter((m) => channelId === undefined || m.channelId === channelId);
  }
  /** Creates answered with an earlier message because their enforced nonce was seen before. */
  replays(channelId?: string): NonceReplay[] {
    return this.state.replays.filter((r) => channelId === undefined || r.channelId === channelId);
  }
  interaction(id: string): InteractionLog {
    const log = this.state.interactions.get(id);
    if (!log) throw new Error(`no interaction ${id}`);
    return log;
  }

  /** The id of the DM channel between the bot and `user`, opened on first use (as Discord keeps one per pair). */
  dmChannel(user: FakeUser = defaultUser): string {
    for (const [id, recipient] of this.state.dms) if (recipient.id === user.id) return id;
    const id = snowflake();
    this.state.dms.set(id, user);
    return id;
  }

  /** The person blocks the bot (or leaves its last shared server): posts to their DM answer 50007. */
  blockBot(userId: string): void {
    this.state.blockedBy.add(userId);
  }

  /** Forgets what reached the fake and any pending faults, keeping guilds, sessions and commands. */
  reset(): void {
    this.state.requests.length = 0;
    this.state.messages.length = 0;
    this.state.nonces.clear();
    this.state.replays.length = 0;
    this.state.faults.length = 0;
    this.state.threads.clear();
    this.state.blockedBy.clear();
  }

  /** Makes matching requests fail the way Discord fails them (429 with headers, 403 50001, 404 10003, 5xx). */
  fail(fault: Fault): void {
    this.state.faults.push({ ...fault, remaining: fault.times ?? 1, skipped: 0 });
  }

  // ---- events a test sends ------------------------------------------------------------------------

  /** Dispatches /papers <subcommand> with options; returns the interaction id. */
  sendCommand(subcommand: string, options: Record<string, OptionValue> = {}, actor: Actor = {}): string {
    const built = chatInputInteraction({ ...this.base(actor), commandId: this.commandId(), commandName: 'papers', subcommand, options });
    return this.dispatchInteraction(built, actor);
  }

  sendAutocomplete(subcommand: string, options: Record<string, string>, focused: string, actor: Actor = {}): string {
    const built = autocompleteInteraction({ ...this.base(actor), commandId: this.commandId(), commandName: 'papers', subcommand, options, focused });
    return this.dispatchInteraction(built, actor);
  }

  /** Clicks a button on a message the bot sent (its body as recorded, plus whether it was ephemeral). */
  clickButton(customId: string, message: { id: string; body: Record<string, unknown>; ephemeral?: boolean }, actor: Actor = {}): string {
    const channelId = actor.dm ? this.dmChannel(actor.user) : (actor.channelId ?? this.channel.id);
    const payload = messagePayload({ id: message.id, channelId, author: this.state.bot, body: { ...message.body, flags: message.ephemeral ? 64 : 0 } });
    const built = buttonInteraction({ ...this.base(actor), customId, message: payload });
    return this.dispatchInteraction(built, actor);
  }

  /** The bot was removed from a server. */
  removeGuild(guildId: string): void {
    this.gateway.dispatch('GUILD_DELETE', { id: guildId }, guildId);
  }

  /** A channel was deleted. */
  deleteChannel(channelId: string): void {
    const guild = this.state.guilds.find((g) => g.channels.some((c) => c.id === channelId));
    const channel = guild?.channels.find((c) => c.id === channelId);
    if (!guild || !channel) throw new Error(`unknown channel ${channelId}`);
    guild.channels = guild.channels.filter((c) => c.id !== channelId);
    this.gateway.dispatch('CHANNEL_DELETE', { id: channel.id, type: channel.type ?? 0, guild_id: guild.id, name: channel.name, position: 0, permission_overwrites: [], parent_id: null }, guild.id);
  }

  // ---- waiting ------------------------------------------------------------------------------------

  /** Resolves once `check` returns a value (re-checked on every request), or rejects after timeoutMs. */
  async waitFor<T>(check: () => T | undefined | false, timeoutMs = 5000, what = 'condition'): Promise<T> {
    const first = check();
    if (first) return first;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`));
      }, timeoutMs);
      const waiter = () => {
        const value = check();
        if (!value) return;
        clearTimeout(timer);
        this.waiters.delete(waiter);
        resolve(value);
      };
      this.waiters.add(waiter);
    });
  }

  /** Waits until an interaction has its final answer: an immediate reply, or a deferral and its edit. */
  async waitForAnswer(id: string, timeoutMs = 5000): Promise<InteractionLog> {
    return this.waitFor(
      () => {
        const log = this.state.interactions.get(id);
        const first = log?.callbacks[0];
        if (!log || !first) return undefined;
        const settled = [4, 7, 8].includes(first.type) || log.edits.length > 0 || log.followUps.length > 0;
        return settled ? log : undefined;
      },
      timeoutMs,
      `an answer to interaction ${id}`,
    );
  }

  /** Waits for the gateway session discord.js opens at login. */
  async waitForSession(timeoutMs = 5000): Promise<void> {
    await this.waitFor(() => this.gateway.connected > 0, timeoutMs, 'a gateway session');
  }

  async close(): Promise<void> {
    await this.gateway.close();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private notify(): void {
    for (const waiter of [...this.waiters]) waiter();
  }

  private commandId(): string {
    return (this.state.registrations.at(-1)?.commands[0]?.id as string | undefined) ?? '0';
  }

  private base(actor: Actor): InteractionBase {
    const user = actor.user ?? defaultUser;
    if (actor.dm) {
      return { applicationId: this.state.applicationId, guildId: undefined, channel: { id: this.dmChannel(user), name: '', type: 1 }, user, permissions: 0n };
    }
    const guild = this.state.guilds.find((g) => g.id === (actor.guildId ?? this.guild.id)) ?? this.guild;
    const channel = guild.channels.find((c) => c.id === actor.channelId) ?? guild.channels[0] ?? this.channel;
    return {
      applicationId: this.state.applicationId,
      guildId: guild.id,
      channel,
      user,
      permissions: actor.manager ? memberPermissions | manageChannels : memberPermissions,
    };
  }

  private dispatchInteraction(built: BuiltInteraction, actor: Actor): string {
    const channelId = (built.payload.channel_id as string | undefined) ?? actor.channelId ?? this.channel.id;
    this.state.interactions.set(built.id, {
      id: built.id,
      token: built.token,
      dispatchedAt: Date.now(),
      callbacks: [],
      edits: [],
      followUps: [],
      deletes: 0,
      channelId,
    });
    const guildId = built.payload.guild_id as string | undefined;
    if (this.gateway.dispatch('INTERACTION_CREATE', built.payload, guildId) === 0) throw new Error('no gateway session to dispatch to');
    return built.id;
  }
}

export { manageChannels, memberPermissions };
export { guildIdOnShard } from './payloads.js';
export type { FakeChannel, FakeGuild, FakeUser, Fault, InteractionLog, NonceReplay, PostedMessage };
