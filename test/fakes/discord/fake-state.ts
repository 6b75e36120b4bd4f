import type { FakeGuild, FakeUser } from './payloads.js';

// Everything that reached the fake, kept for assertions, and the faults a test asked for.

export interface RecordedRequest {
  method: string;
  /** Path below /api/v10, e.g. /channels/123/messages. */
  path: string;
  query: Record<string, string>;
  body: unknown;
  status: number;
  at: number;
}

export interface PostedMessage {
  id: string;
  channelId: string;
  body: Record<string, unknown>;
  at: number;
}

/** A create that carried an enforced nonce seen before: Discord answered with the earlier message. */
export interface NonceReplay {
  channelId: string;
  nonce: string;
  messageId: string;
  at: number;
}

export interface RegisteredCommands {
  /** 'global' or a guild id. */
  scope: string;
  commands: Record<string, unknown>[];
  at: number;
}

export interface InteractionLog {
  id: string;
  token: string;
  dispatchedAt: number;
  /** Initial responses: type 4 reply, 5 deferred reply, 6 deferred update, 7 update, 8 autocomplete. */
  callbacks: { type: number; data: Record<string, unknown> | undefined; at: number }[];
  edits: { body: Record<string, unknown>; at: number }[];
  followUps: { body: Record<string, unknown>; at: number }[];
  deletes: number;
  /** Where the interaction happened, to attach webhook messages to it. */
  channelId: string;
}

export interface Fault {
  method?: string;
  /** Substring of, or pattern for, the path below /api/v10. */
  path: string | RegExp;
  status: number;
  /** How many matching requests fail (default 1). */
  times?: number;
  /** Let this many matching requests through before failing (default 0). */
  skip?: number;
  /**
   * The request takes effect (the message is created) and only then the answer fails: a gateway
   * timeout or a 5xx from Discord's edge after the write, the case idempotency keys exist for.
   */
  afterEffect?: boolean;
  /** Discord JSON error code, e.g. 50001 Missing Access, 10003 Unknown Channel. */
  code?: number;
  message?: string;
  /** Seconds, for 429s (Discord sends a float in the body and the header). */
  retryAfter?: number;
  global?: boolean;
}

export interface FakeState {
  applicationId: string;
  /** ws:// URL handed out by GET /gateway/bot. */
  gatewayUrl: string;
  bot: FakeUser;
  guilds: FakeGuild[];
  /** Extra channels created at run time (threads), id -> guild id. */
  threads: Map<string, string>;
  /** DM channels (type 1) between the bot and a person, id -> that person. */
  dms: Map<string, FakeUser>;
  /** People who blocked the bot (or share no server with it): posts to their DM answer 50007. */
  blockedBy: Set<string>;
  requests: RecordedRequest[];
  /** Messages really created: a replayed nonce adds none. */
  messages: PostedMessage[];
  /** Enforced nonces of recent creates (one bot, so one author): nonce -> message. */
  nonces: Map<string, PostedMessage>;
  /** How long Discord remembers an enforced nonce ("the past few minutes"). */
  nonceWindowMs: number;
  replays: NonceReplay[];
  /** Shards GET /gateway/bot recommends, and its session_start_limit.max_concurrency. */
  shardCount: number;
  maxConcurrency: number;
  /** Added before answering each message create: Discord's latency, to make a fan-out take time. */
  messageDelayMs: number;
  registrations: RegisteredCommands[];
  interactions: Map<string, InteractionLog>;
  faults: (Fault & { remaining: number; skipped: number })[];
  /** The token REST calls must carry; undefined accepts any. */
  token: string | undefined;
  /** Discord's window for the first interaction response. */
  interactionDeadlineMs: number;
  /** Called after every recorded change, so waiters can re-check. */
  changed(): void;
  /** Optional rate-limit enforcement (the benchmarks' bench/limits-discord.ts); none by default. */
  rateLimiter?: ((method: string, path: string) => RateLimitVerdict | undefined) | undefined;
}

/** Headers for the answer, or (with `limited`) the body of the 429 to send instead. */
export interface RateLimitVerdict {
  headers: Record<string, string>;
  limited?: { message: string; retry_after: number; global: boolean };
}

/** The guild a channel belongs to, or undefined when Discord would answer Unknown Channel. */
export function guildOfChannel(state: FakeState, channelId: string): string | undefined {
  for (const guild of state.guilds) if (guild.channels.some((c) => c.id === channelId)) return guild.id;
  return state.threads.get(channelId);
}
