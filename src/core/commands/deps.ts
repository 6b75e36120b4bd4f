import type { DigestBuilder } from '../digest/digest-builder.js';
import type { DeliveryLedger } from '../delivery/delivery-ledger.js';
import type { VoteStore } from '../feedback/vote-store.js';
import type { Logger, Metrics, PaperSource, PaperStore, SubscriptionStore } from '../ports.js';

/** What command handlers need; built once at start-up (see app.ts). */
export interface CommandDeps {
  papers: PaperStore;
  subscriptions: SubscriptionStore;
  source: PaperSource;
  ledger: DeliveryLedger;
  digests: DigestBuilder;
  votes: VoteStore;
  logger: Logger;
  /** Command latency goes here; none when absent. */
  metrics?: Metrics;
  now(): Date;
  /** Resolves when the database answers a trivial statement; commands that run long ask it whether the store is down. */
  probeStore?: () => Promise<unknown>;
  /** How long a command may run before the store is probed (default 2 s): chat platforms want an answer within 3 s. */
  commandDeadlineMs?: number;
  defaults: { digestTime: string; timezone: string; cutoffHours: number };
  /** A person waits for a look-up on Hugging Face at most this long, retries included. */
  lookupDeadlineMs: number;
}

/** Results per page of search in chat: short enough for one Discord message or Slack screen. */
export const SEARCH_PAGE_SIZE = 5;
