import type { ChannelRef, ChannelSettings, Platform } from './channel.js';
import type { Digest } from './digest/digest.js';
import type { PeriodKind } from './digest/period.js';
import type { Paper } from './papers/paper.js';

// The interfaces between the core and the world. Adapters implement ChatPlatform; the core's
// Postgres-backed factories implement the stores.

// ---- papers -------------------------------------------------------------------------------------

/** A paper as a source saw it, with the day it was listed on and the upvotes there. */
export interface ListedPaper {
  paper: Paper;
  /** YYYY-MM-DD (UTC) the feed listed it on; absent for papers fetched by id. */
  day?: string;
}

export interface UpsertCounts {
  stored: number;
  updated: number;
}

export interface SearchRequest {
  /** The user's text, including filters (author:, org:, since:). */
  text: string;
  page: number;
  pageSize: number;
}

export interface SearchResult {
  hits: { paper: Paper; score: number }[];
  hasMore: boolean;
  /** True when full text found little and typo-tolerant title matching filled in. */
  fuzzy: boolean;
  /** Set when the text cannot be searched (e.g. only punctuation): say this to the user. */
  problem?: string;
}

export interface PaperStore {
  /** Inserts or updates papers (and their listings) in batches; one statement per batch. */
  upsert(items: ListedPaper[]): Promise<UpsertCounts>;
  /** One paper by normalized arXiv id, or null. */
  get(id: string): Promise<Paper | null>;
  /** Full-text search with filters, typo tolerance and paging. Never throws on user text. */
  search(request: SearchRequest): Promise<SearchResult>;
  /** Papers sharing the most vocabulary with the given one. */
  similar(id: string, page: number, pageSize: number): Promise<SearchResult>;
}

/** Fetches papers from a remote source (Hugging Face Daily Papers). */
export interface PaperSource {
  /** Every valid item listed on a UTC day, plus how many items were invalid and skipped. */
  fetchDay(day: string, signal?: AbortSignal): Promise<{ items: ListedPaper[]; skipped: number }>;
  /** One paper by id, or null when the source does not know it. */
  fetchPaper(id: string, signal?: AbortSignal): Promise<Paper | null>;
}

// ---- subscriptions ------------------------------------------------------------------------------

export type SettingsPatch = Partial<
  Pick<ChannelSettings, 'digestTime' | 'timezone' | 'weekdays' | 'rhythm' | 'rhythmDay' | 'maxPapers' | 'minUpvotes' | 'useThread'>
>;

export type AddTopicResult =
  | { ok: true; added: boolean; /** The topic as stored (an earlier look-alike when not added). */ topic: string; topics: string[] }
  | { ok: false; reason: 'limit' | 'matches_nothing' | 'excludes_only'; topics: string[] };

export interface SubscriptionStore {
  /** The channel's row, created with defaults the first time it is seen. */
  ensure(ref: ChannelRef, createdBy?: string): Promise<ChannelSettings>;
  /** The channel's row, or null when it was never set up. */
  find(ref: ChannelRef): Promise<ChannelSettings | null>;
  /** Topics as typed, oldest first. */
  topics(ref: ChannelRef): Promise<string[]>;
  /** Adds a topic (duplicates ignored case-insensitively; at most 25; refuses topics that match nothing). */
  addTopic(ref: ChannelRef, topic: string, by?: string): Promise<AddTopicResult>;
  /** Removes a topic (typed with or without its quotes); the topic as stored, or null when not followed. */
  removeTopic(ref: ChannelRef, topic: string): Promise<string | null>;
  /** Changes digest settings, creating the channel row if needed. */
  update(ref: ChannelRef, patch: SettingsPatch, by?: string): Promise<ChannelSettings>;
  /** Pauses (reason given) or resumes (reason null) one channel. */
  setPaused(ref: ChannelRef, paused: boolean, reason: string | null): Promise<ChannelSettings | null>;
  /** Pauses every channel of a workspace (bot removed, app uninstalled, token revoked). */
  pauseWorkspace(platform: Platform, workspaceId: string, reason: string): Promise<number>;
  /** Forgets a channel (deleted on the platform), with its topics and ledger. */
  remove(ref: ChannelRef): Promise<boolean>;
  /** A workspace's channels that have topics or a schedule, for overviews such as Slack's App Home. */
  listWorkspace(platform: Platform, workspaceId: string): Promise<(ChannelSettings & { topics: string[] })[]>;
}

// ---- delivery -----------------------------------------------------------------------------------

/** Why a delivery failed, as the adapter classified it. */
export type DeliveryFailure =
  /** Rate limit, 5xx, network: try again later. */
  | 'transient'
  /** Missing access / not in channel: retried, the channel paused after 3 in a row. */
  | 'no_access'
  /** The channel no longer exists: paused after 3 in a row. */
  | 'channel_gone'
  /** The channel is archived: paused at once. */
  | 'archived'
  /**
   * A direct message the bot can no longer post to (the person blocked it, shares no server with it,
   * the app's Messages tab is off, or Slack no longer knows the DM): paused at once, since retrying
   * cannot help until they act.
   */
  | 'dm_closed'
  /** The workspace's token is revoked or invalid: every channel of the workspace paused. */
  | 'workspace_revoked';

export type DeliveryOutcome =
  | { ok: true; messageIds: string[] }
  | { ok: false; failure: DeliveryFailure; message: string; retryAfterMs?: number };

export interface DeliveryTarget {
  channel: ChannelRef;
  useThread: boolean;
  /**
   * The same for every attempt at this digest, whichever instance makes it: adapters derive
   * idempotency keys from it (Discord's enforced message nonce) so a retry never posts twice.
   */
  deliveryKey: string;
  /** What earlier attempts posted, and where this one records each part; absent for one-off posts. */
  progress?: DeliveryProgress;
}

/** One message of a digest as it exists on the platform. */
export interface PostedPart {
  /** The adapter's numbering of its parts, 0 = the first message. */
  index: number;
  /** A Discord message (or thread) id, a Slack ts. */
  messageId: string;
  /** The channel or thread it is in. */
  containerId: string;
  /** Found on the platform by a look-up after an attempt whose outcome was unknown. */
  recovered?: boolean;
}

/**
 * The ledger's record of a digest being posted. Adapters skip the parts in `posted`, look up the
 * next one first when `uncertain`, and `record` each part after posting it, before the next.
 */
export interface DeliveryProgress {
  /** Parts earlier attempts posted, in order. */
  readonly posted: readonly PostedPart[];
  /** An earlier attempt began posting: the part after the last recorded one may exist already. */
  readonly uncertain: boolean;
  /** When the first attempt began posting; a look-up need not search before it. */
  readonly since: Date | null;
  /**
   * Stores a posted part, waiting out a database outage. Rejects with PartNotRecordedError when it
   * cannot (the delivery was taken over, or the process is stopping): adapters let that error
   * through and post nothing more.
   */
  record(part: PostedPart): Promise<void>;
}

/** A posted part could not be recorded: stop this delivery here, whoever holds it next resumes. */
export class PartNotRecordedError extends Error {
  constructor(
    readonly reason: 'taken_over' | 'store_unavailable',
    deliveryKey: string,
  ) {
    super(reason === 'taken_over' ? `delivery ${deliveryKey} was taken over by another instance` : `delivery ${deliveryKey}: the ledger is unavailable`);
    this.name = 'PartNotRecordedError';
  }
}

/** What a chat platform adapter gives the scheduler. */
export interface ChatPlatform {
  readonly platform: Platform;
  /** Posts a digest (header and cards) into a channel; never throws, classifies failures instead. */
  deliverDigest(target: DeliveryTarget, digest: Digest): Promise<DeliveryOutcome>;
}

/** A line of `status`: one recent delivery. */
export interface DeliveryRecord {
  /** day, week or month (a daily, weekly or monthly digest). */
  period: PeriodKind;
  /** The period's key: the local slot date for a day, the week's Monday, the month's 1st. */
  digestDay: string;
  coversFrom: string;
  coversDay: string;
  status: 'due' | 'claimed' | 'sent' | 'empty' | 'failed' | 'skipped';
  attempts: number;
  paperCount: number;
  lastError: string | null;
  nextAttemptAt: Date | null;
  updatedAt: Date;
}

export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

// ---- operations ---------------------------------------------------------------------------------

/** Counters and timings for operators; the core calls it, src/ops exports it (Prometheus). */
export interface Metrics {
  /** A digest handed to its platform: sent, or the failure kind; latency from its slot to the post. */
  digestDelivered(platform: Platform, outcome: 'sent' | 'unknown' | DeliveryFailure, latencyMs: number): void;
  /** Parts of digests found on the platform by a look-up (their earlier outcome was unknown) instead of posted again. */
  digestPartsRecovered(platform: Platform, parts: number): void;
  /** A ledger write was retried because the database was unavailable. */
  storeRetried(operation: string): void;
  /** A command answered; ok is false when it ended in an internal error. */
  commandHandled(platform: Platform, command: string, ms: number, ok: boolean): void;
  /** One ingest run of one day; papers is how many were stored or updated. */
  ingestRun(ok: boolean, papers: number): void;
  /** A platform API answered 429 Too Many Requests. */
  rateLimited(platform: Platform): void;
}
